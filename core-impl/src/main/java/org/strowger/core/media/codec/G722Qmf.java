package org.strowger.core.media.codec;

/*
 * The G.722 quadrature mirror filter pair's 24 coefficients h(0)..h(23), scaled by 2^13 (they sum to 2^13: unity
 * gain at DC). The same symmetric low-pass serves the transmit (analysis) and receive (synthesis) filters; the high
 * band is its (-1)^n modulation, which is why both sides split the taps into even and odd halves.
 *
 * Scaling, with 16-bit linear PCM at the interface: the recommendation's 14-bit input equals ours >> 2, and its
 * sub-band signals are 15-bit. Analysis therefore takes (sum of h * x) >> 14 for each band; synthesis doubles the
 * interpolated sum (the factor 2 of the recommendation) and scales back to 16 bits, (sum of h * x) >> 11.
 */
final class G722Qmf {
    static final int[] H = {
        3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876,
        3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3};

    private G722Qmf() {
    }
}
