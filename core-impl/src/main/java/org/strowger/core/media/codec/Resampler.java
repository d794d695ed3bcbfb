package org.strowger.core.media.codec;

import java.util.Arrays;
import java.util.Objects;

/*
 * A streaming sample-rate converter between any two of 8000, 16000, 24000 and 48000 Hz, mono 16-bit: a polyphase
 * windowed-sinc FIR at the rational ratio L/M = outRate/gcd : inRate/gcd. Conceptually the input is zero-stuffed by
 * L, low-pass filtered at the common rate inRate * L and decimated by M; only the taps that meet non-zero input are
 * computed, so each output sample costs one dot product of T taps (one "phase" of the prototype).
 *
 * The prototype is a Kaiser-windowed sinc (beta 7.86, about 80 dB stop band) spanning 64 samples of the lower of the
 * two rates, with its -6 dB cutoff at 0.46 of the lower rate: the pass band reaches 0.42 (3.36 kHz at 8 kHz) and the
 * stop band starts at the lower rate's Nyquist frequency, so downsampling does not alias and upsampling leaves no
 * images. Each phase is normalized to unity DC gain, so a constant stays exactly constant.
 *
 * Group delay: linear phase, 32 samples of the lower rate, i.e. delay() = 32 * outRate / min(inRate, outRate) output
 * samples (4 ms between 8 kHz and anything, 2 ms for 16 <-> 24 and 16 <-> 48 kHz, 1.33 ms for 24 <-> 48 kHz); zero
 * when the rates are equal (pass-through, a plain copy).
 *
 * The last T input samples and the phase position carry over between calls, so a stream cut into frames of any size
 * gives exactly the output of one call over the whole stream: frame edges are invisible. The delay line is written
 * twice (at i and i + T) so that the newest T samples are always contiguous. No allocation after construction; one
 * instance per stream, not shared between threads.
 */
public final class Resampler {
    private static final int LOW_RATE_TAPS = 64;
    private static final double CUTOFF = 0.46;
    private static final double KAISER_BETA = 7.86;

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int taps;
    /** coefficients of phase p at [p * taps, (p + 1) * taps), ordered to match the oldest-first delay line */
    private final double[] coef;
    private final double[] line;
    private int write;
    private int phase;

    /** A converter from {@code inRate} to {@code outRate}, each one of 8000, 16000, 24000, 48000. */
    public Resampler(int inRate, int outRate) {
        checkRate(inRate, "input");
        checkRate(outRate, "output");
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        if (inRate == outRate) {
            taps = 0;
            coef = new double[0];
            line = new double[0];
            return;
        }
        int low = Math.min(inRate, outRate);
        int t = (int) ((long) LOW_RATE_TAPS * inRate / low);
        int unit = 2 * down;
        taps = (t + unit - 1) / unit * unit;
        coef = design(up, taps, CUTOFF * low / ((double) inRate * up));
        line = new double[2 * taps];
    }

    /** Largest number of samples {@code process} can write for {@code inSamples} input samples, in any state. */
    public static int maxOutput(int inRate, int outRate, int inSamples) {
        checkRate(inRate, "input");
        checkRate(outRate, "output");
        if (inSamples < 0) {
            throw new IllegalArgumentException("negative sample count: " + inSamples);
        }
        int g = gcd(inRate, outRate);
        long l = outRate / g;
        long m = inRate / g;
        return Math.toIntExact((inSamples * l + m - 1) / m);
    }

    /** Exactly the number of samples the next {@code process} of {@code inSamples} samples writes. */
    public int outputSize(int inSamples) {
        if (inSamples < 0) {
            throw new IllegalArgumentException("negative sample count: " + inSamples);
        }
        if (taps == 0) {
            return inSamples;
        }
        long span = (long) inSamples * up - phase;
        return span <= 0 ? 0 : Math.toIntExact((span + down - 1) / down);
    }

    /** Group delay in output samples (see the class comment). */
    public int delay() {
        return taps == 0 ? 0 : taps * up / (2 * down);
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /**
     * Converts {@code samples} samples of {@code in[inOffset..]} into {@code out[outOffset..]}; returns the samples
     * written, outputSize(samples). {@code out} must have room for that many.
     */
    public int process(short[] in, int inOffset, int samples, short[] out, int outOffset) {
        Objects.checkFromIndexSize(inOffset, samples, in.length);
        int n = outputSize(samples);
        Objects.checkFromIndexSize(outOffset, n, out.length);
        if (taps == 0) {
            System.arraycopy(in, inOffset, out, outOffset, samples);
            return samples;
        }
        int o = outOffset;
        for (int i = inOffset, end = inOffset + samples; i < end; i++) {
            double v = in[i];
            line[write] = v;
            line[write + taps] = v;
            write = write + 1 == taps ? 0 : write + 1;
            // the newest `taps` samples, oldest first, are line[write .. write + taps)
            while (phase < up) {
                double acc = 0;
                int c = phase * taps;
                for (int k = 0; k < taps; k++) {
                    acc += line[write + k] * coef[c + k];
                }
                out[o++] = toShort(acc);
                phase += down;
            }
            phase -= up;
        }
        return o - outOffset;
    }

    /** Clears the filter history and phase: the next call starts like a new stream. */
    public void reset() {
        Arrays.fill(line, 0);
        write = 0;
        phase = 0;
    }

    private static double[] design(int phases, int taps, double cutoff) {
        // cutoff: the -6 dB frequency as a fraction of the common rate inRate * phases
        int n = phases * taps;
        double centre = n / 2.0;
        double[] h = new double[n];
        double i0Beta = besselI0(KAISER_BETA);
        for (int k = 1; k < n; k++) { // h[0] stays 0 so that the taps are symmetric about centre
            double x = k - centre;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double r = x / centre;
            h[k] = sinc * besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
        }
        double[] c = new double[n];
        for (int p = 0; p < phases; p++) {
            double sum = 0;
            for (int i = 0; i < taps; i++) {
                double v = h[p + (taps - 1 - i) * phases];
                c[p * taps + i] = v;
                sum += v;
            }
            for (int i = 0; i < taps; i++) {
                c[p * taps + i] /= sum;
            }
        }
        return c;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static short toShort(double v) {
        long r = Math.round(v);
        return (short) (r > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(r, Short.MIN_VALUE));
    }

    private static void checkRate(int rate, String which) {
        if (rate != 8000 && rate != 16000 && rate != 24000 && rate != 48000) {
            throw new IllegalArgumentException(
                    "unsupported " + which + " rate " + rate + " Hz: one of 8000, 16000, 24000, 48000");
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
