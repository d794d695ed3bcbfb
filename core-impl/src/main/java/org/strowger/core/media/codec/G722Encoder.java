package org.strowger.core.media.codec;

import java.util.Arrays;
import java.util.Objects;

/*
 * ITU-T G.722 encoder at 64 kbit/s (mode 1): 16 kHz 16-bit linear PCM in, one octet per two input samples out (a
 * 20 ms frame of 320 samples becomes 160 octets). The transmit QMF splits each pair of samples into one lower and one
 * higher sub-band sample at 8 kHz; the lower band is coded by 6-bit ADPCM, the higher by 2-bit ADPCM, and the octet
 * carries the higher band's code in its two top bits, the lower band's in the six others (the RTP payload order of
 * RFC 3551). Written from the recommendation's block description (SUBTRA, QUANTL/QUANTH, INVQAL/INVQAH, the
 * scale-factor and predictor blocks in G722Band).
 *
 * State lives in the instance: one encoder per stream direction, not shared between threads. A call with an odd
 * number of samples keeps the last one until the next call, so any chunking of a stream gives the same octets.
 * No allocation per call.
 */
public final class G722Encoder {
    /** Upper decision levels of the 6-bit quantizer's intervals 1..29, indexed by interval (index 0 unused). */
    private static final int[] Q6 = {
        0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
        786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919};
    /** 6-bit codes of the quantizer interval 1..30 for a negative (ILN) or non-negative (ILP) difference. */
    private static final int[] ILN = {
        0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
        18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4};
    private static final int[] ILP = {
        0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
        46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32};
    /** The higher band's single decision level, 564, scaled like Q6 (<< 3). */
    private static final int Q2 = 564 << 3;

    private final int[] x = new int[24];
    private final G722Band low = G722Band.lower();
    private final G722Band high = G722Band.higher();
    private boolean pending;
    private int pendingSample;

    /** Bytes {@code encode} writes for {@code samples} more input samples in the current state. */
    public int outputSize(int samples) {
        return (samples + (pending ? 1 : 0)) / 2;
    }

    /**
     * Encodes {@code samples} samples from {@code in[inOffset..]} into {@code out[outOffset..]}; returns the octets
     * written, (samples + a sample kept from the last call) / 2.
     */
    public int encode(short[] in, int inOffset, int samples, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(inOffset, samples, in.length);
        int bytes = outputSize(samples);
        Objects.checkFromIndexSize(outOffset, bytes, out.length);
        int i = inOffset;
        int end = inOffset + samples;
        int o = outOffset;
        if (pending && i < end) {
            out[o++] = encodePair(pendingSample, in[i++]);
            pending = false;
        }
        while (end - i >= 2) {
            out[o++] = encodePair(in[i], in[i + 1]);
            i += 2;
        }
        if (i < end) {
            pendingSample = in[i];
            pending = true;
        }
        return o - outOffset;
    }

    /** Back to the initial state of the recommendation (as for a new stream); drops a kept odd sample. */
    public void reset() {
        Arrays.fill(x, 0);
        low.reset();
        high.reset();
        pending = false;
        pendingSample = 0;
    }

    private byte encodePair(int first, int second) {
        // transmit QMF: x[0] is the newest sample
        System.arraycopy(x, 0, x, 2, 22);
        x[1] = first;
        x[0] = second;
        int even = 0;
        int odd = 0;
        int[] h = G722Qmf.H;
        for (int k = 0; k < 24; k += 2) {
            even += h[k] * x[k];
            odd += h[k + 1] * x[k + 1];
        }
        int xl = G722Band.sat((even + odd) >> 14);
        int xh = G722Band.sat((even - odd) >> 14);

        int il = quantizeLow(G722Band.sat(xl - low.prediction()), low.det());
        int il4 = il >> 2;
        low.update((G722Band.QM4[il4] * low.det()) >> 15, G722Band.WL[G722Band.RL42[il4]]);

        int ih = quantizeHigh(G722Band.sat(xh - high.prediction()), high.det());
        high.update((G722Band.QM2[ih] * high.det()) >> 15, G722Band.WH[G722Band.RH2[ih]]);

        return (byte) ((ih << 6) | il);
    }

    private static int quantizeLow(int el, int det) {
        int magnitude = el ^ (el >> 31); // one's complement magnitude, as the recommendation specifies
        int interval = 1;
        while (interval < 30 && magnitude >= ((Q6[interval] << 3) * det) >> 15) {
            interval++;
        }
        return el < 0 ? ILN[interval] : ILP[interval];
    }

    private static int quantizeHigh(int eh, int det) {
        int magnitude = eh ^ (eh >> 31);
        boolean outer = magnitude >= (Q2 * det) >> 15;
        if (eh < 0) {
            return outer ? 0 : 1;
        }
        return outer ? 2 : 3;
    }
}
