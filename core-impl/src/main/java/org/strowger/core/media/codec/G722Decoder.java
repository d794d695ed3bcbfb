package org.strowger.core.media.codec;

import java.util.Arrays;
import java.util.Objects;

/*
 * ITU-T G.722 decoder at 64 kbit/s (mode 1): one octet in, two 16 kHz 16-bit linear samples out. The lower band's
 * output uses the full 6-bit inverse quantizer (INVQBL) while its predictor adapts on the 4-bit one (INVQAL), exactly
 * as the encoder's does; both bands' reconstructions are limited to 15 bits (LIMIT) before the receive QMF
 * recombines them. Written from the recommendation's block description.
 *
 * State lives in the instance: one decoder per stream direction. Any chunking of the octet stream gives the same
 * samples. No allocation per call.
 */
public final class G722Decoder {
    /** The 6-bit inverse quantizer's outputs, indexed by the 6-bit code (codes 0..3 are never sent). */
    private static final int[] QM6 = {
        -136, -136, -136, -136, -24808, -21904, -19008, -16704,
        -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
        -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576,
        -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
        24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192,
        10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
        4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032,
        1688, 1360, 1040, 728, 432, 136, -432, -136};

    /** Receive QMF delay lines of the difference and sum signals, newest at [0]. */
    private final int[] xd = new int[12];
    private final int[] xs = new int[12];
    private final G722Band low = G722Band.lower();
    private final G722Band high = G722Band.higher();

    /** Decodes {@code length} octets into {@code out[outOffset..]}; returns the samples written, 2 * length. */
    public int decode(byte[] in, int inOffset, int length, short[] out, int outOffset) {
        Objects.checkFromIndexSize(inOffset, length, in.length);
        Objects.checkFromIndexSize(outOffset, 2 * length, out.length);
        int o = outOffset;
        for (int i = inOffset, end = inOffset + length; i < end; i++) {
            int code = in[i] & 0xFF;
            int yl = decodeLow(code & 0x3F);
            int yh = decodeHigh(code >> 6);

            System.arraycopy(xd, 0, xd, 1, 11);
            System.arraycopy(xs, 0, xs, 1, 11);
            xd[0] = yl - yh;
            xs[0] = yl + yh;
            int even = 0;
            int odd = 0;
            int[] h = G722Qmf.H;
            for (int k = 0; k < 12; k++) {
                even += h[2 * k] * xd[k];
                odd += h[2 * k + 1] * xs[k];
            }
            out[o++] = (short) G722Band.sat(even >> 11);
            out[o++] = (short) G722Band.sat(odd >> 11);
        }
        return o - outOffset;
    }

    /** Back to the initial state of the recommendation (as for a new stream). */
    public void reset() {
        Arrays.fill(xd, 0);
        Arrays.fill(xs, 0);
        low.reset();
        high.reset();
    }

    private int decodeLow(int il) {
        int det = low.det();
        int rl = low.prediction() + ((QM6[il] * det) >> 15);
        int il4 = il >> 2;
        low.update((G722Band.QM4[il4] * det) >> 15, G722Band.WL[G722Band.RL42[il4]]);
        return limit(rl);
    }

    private int decodeHigh(int ih) {
        int det = high.det();
        int dh = (G722Band.QM2[ih] * det) >> 15;
        int rh = high.prediction() + dh;
        high.update(dh, G722Band.WH[G722Band.RH2[ih]]);
        return limit(rh);
    }

    private static int limit(int v) {
        return v > 16383 ? 16383 : Math.max(v, -16384);
    }
}
