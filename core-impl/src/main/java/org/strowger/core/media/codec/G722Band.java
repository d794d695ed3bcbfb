package org.strowger.core.media.codec;

import java.util.Arrays;

/*
 * One G.722 sub-band's adaptive state, shared by the encoder and the decoder: the quantizer scale factor (blocks
 * LOGSCL/SCALEL and LOGSCH/SCALEH) and the adaptive predictor of two poles and six zeros (block 4: RECONS, PARREC,
 * UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC). Both bands run the same predictor; they differ only in the
 * scale factor's upper limit and in the shift that turns the log scale factor into a linear one, so one class serves
 * both, built by lower() or higher(). Encoder and decoder feed it the same quantized difference (the 4-bit one in the
 * lower band, which is what keeps the decoder in step whatever the bit rate), so their states stay identical.
 *
 * Arithmetic follows the recommendation's fixed-point description: 16-bit words, products scaled by >> 15 with
 * arithmetic (floor) shifts, sums saturated to 16 bits, signs taken from the word's top bit (zero counts as positive).
 */
final class G722Band {
    /** Lower band 4-bit inverse quantizer outputs, indexed by the 4-bit code (the 6-bit code >> 2). */
    static final int[] QM4 = {
        0, -20456, -12896, -8968, -6288, -4240, -2584, -1200,
        20456, 12896, 8968, 6288, 4240, 2584, 1200, 0};
    /** Higher band 2-bit inverse quantizer outputs, indexed by the 2-bit code. */
    static final int[] QM2 = {-7408, -1616, 7408, 1616};
    /** Lower band log scale factor increments (WL), indexed through RL42 by the 4-bit code. */
    static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};
    static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    /** Higher band log scale factor increments (WH), indexed through RH2 by the 2-bit code. */
    static final int[] WH = {0, -214, 798};
    static final int[] RH2 = {2, 1, 2, 1};
    /** 2048 * 2^(i/32): the mantissa of the log-to-linear scale factor conversion. */
    private static final int[] ILB = {
        2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
        2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008};

    private final int nbLimit;
    private final int scaleShift;

    /** Log scale factor (NBL / NBH). */
    private int nb;
    /** Linear scale factor (DETL / DETH) for the current sample. */
    private int det;
    /** Pole coefficients AL1, AL2. */
    private int a1;
    private int a2;
    /** Zero coefficients BL1..BL6 at [1..6]; quantized differences DLT1..DLT6 at [1..6]. */
    private final int[] b = new int[7];
    private final int[] d = new int[7];
    /** Partial reconstructions PLT1, PLT2 and reconstructions RLT1, RLT2. */
    private int p1;
    private int p2;
    private int r1;
    private int r2;
    /** Zero-section output SZ and full prediction S for the current sample. */
    private int sz;
    private int s;

    private G722Band(int nbLimit, int scaleShift) {
        this.nbLimit = nbLimit;
        this.scaleShift = scaleShift;
        reset();
    }

    static G722Band lower() {
        return new G722Band(18432, 8);
    }

    static G722Band higher() {
        return new G722Band(22528, 10);
    }

    void reset() {
        nb = 0;
        det = scale(0);
        a1 = 0;
        a2 = 0;
        Arrays.fill(b, 0);
        Arrays.fill(d, 0);
        p1 = 0;
        p2 = 0;
        r1 = 0;
        r2 = 0;
        sz = 0;
        s = 0;
    }

    /** The predicted signal for the current sample (SL / SH). */
    int prediction() {
        return s;
    }

    /** The scale factor for the current sample (DETL / DETH). */
    int det() {
        return det;
    }

    /**
     * Ends the current sample: {@code dq} is the quantized difference the predictor adapts on (DLT / DH) and
     * {@code w} the log scale factor increment of the transmitted code (WL / WH). Leaves prediction() and det() set
     * for the next sample.
     */
    void update(int dq, int w) {
        // scale factor: leaky log-domain integration, limited, then back to linear
        int n = ((nb * 32512) >> 15) + w;
        nb = n < 0 ? 0 : Math.min(n, nbLimit);
        det = scale(nb);

        int p0 = sat(dq + sz);
        int r0 = sat(s + dq);

        // second pole, then first pole limited by the new second (stability triangle)
        int sg0 = p0 >> 15;
        int sg1 = p1 >> 15;
        int sg2 = p2 >> 15;
        int w1 = sat(a1 << 2);
        int w2 = sg0 == sg1 ? -w1 : w1;
        if (w2 > 32767) {
            w2 = 32767;
        }
        int na2 = (w2 >> 7) + (sg0 == sg2 ? 128 : -128) + ((a2 * 32512) >> 15);
        na2 = clamp(na2, -12288, 12288);
        int na1 = (sg0 == sg1 ? 192 : -192) + ((a1 * 32640) >> 15);
        int bound = 15360 - na2;
        na1 = clamp(na1, -bound, bound);

        // zeros: sign-sign adaptation, leaky; no step when the difference is zero
        int step = dq == 0 ? 0 : 128;
        int sgd = dq >> 15;
        for (int i = 1; i <= 6; i++) {
            int inc = (d[i] >> 15) == sgd ? step : -step;
            b[i] = inc + ((b[i] * 32640) >> 15);
        }

        // delays
        for (int i = 6; i > 1; i--) {
            d[i] = d[i - 1];
        }
        d[1] = dq;
        p2 = p1;
        p1 = p0;
        r2 = r1;
        r1 = r0;
        a2 = na2;
        a1 = na1;

        // predictions for the next sample
        int z = 0;
        for (int i = 1; i <= 6; i++) {
            z += (b[i] * sat(d[i] + d[i])) >> 15;
        }
        sz = sat(z);
        int sp = sat(((a1 * sat(r1 + r1)) >> 15) + ((a2 * sat(r2 + r2)) >> 15));
        s = sat(sp + sz);
    }

    private int scale(int logScale) {
        int mant = ILB[(logScale >> 6) & 31];
        int shift = scaleShift - (logScale >> 11);
        int lin = shift < 0 ? mant << -shift : mant >> shift;
        return lin << 2;
    }

    static int sat(int v) {
        return v > 32767 ? 32767 : Math.max(v, -32768);
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
