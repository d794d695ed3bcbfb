package org.strowger.core.media.tone;

import java.util.Objects;

/*
 * Measurements on 16-bit linear PCM for tests and for the media layer: the level of the component at one frequency
 * (a Goertzel filter over a Blackman-windowed block, so a tone's level reads correctly whatever the block length, and
 * components more than three resolution bins, 3 * sampleRate / length Hz, away leak in below -58 dB), the level of the
 * whole signal, and which of some candidate frequencies dominates. Levels are in dBm0 (Dbm0's reference: a full-scale sine is +3.14 dBm0) or
 * dBFS (a full-scale sine is 0 dBFS): dBm0 = dBFS + 3.14. A component's level is that of the sine it is, i.e. its
 * mean square; silence reads as -infinity. Stateless; allocates nothing.
 */
public final class ToneMeter {
    private ToneMeter() {
    }

    /** Level in dBm0 of the component at {@code frequency} Hz in {@code samples[offset..offset+length)}. */
    public static double levelDbm0(short[] samples, int offset, int length, int sampleRate, double frequency) {
        return Dbm0.ofMeanSquare(meanSquareAt(samples, offset, length, sampleRate, frequency));
    }

    /** Level in dBFS of the component at {@code frequency} Hz. */
    public static double levelDbfs(short[] samples, int offset, int length, int sampleRate, double frequency) {
        return levelDbm0(samples, offset, length, sampleRate, frequency) - Dbm0.FULL_SCALE_DBM0;
    }

    /** Level in dBm0 of the whole signal (its mean square, as if it were one sine). */
    public static double totalDbm0(short[] samples, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        requireSamples(length);
        double sum = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Dbm0.ofMeanSquare(sum / length);
    }

    /** Level in dBFS of the whole signal. */
    public static double totalDbfs(short[] samples, int offset, int length) {
        return totalDbm0(samples, offset, length) - Dbm0.FULL_SCALE_DBM0;
    }

    /** The candidate frequency with the strongest component (the first of equals). */
    public static double dominant(short[] samples, int offset, int length, int sampleRate, double... candidates) {
        if (candidates.length == 0) {
            throw new IllegalArgumentException("no candidate frequencies");
        }
        double best = candidates[0];
        double bestPower = -1;
        for (double f : candidates) {
            double p = meanSquareAt(samples, offset, length, sampleRate, f);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }

    /**
     * The frequency of the strongest component between {@code low} and {@code high} Hz: a scan at an eighth of the
     * block's resolution, refined by a parabola through the best three points (about 0.1 Hz for a clean tone over
     * 0.1 s).
     */
    public static double dominantFrequency(short[] samples, int offset, int length, int sampleRate, double low,
            double high) {
        checkFrequency(low, sampleRate);
        checkFrequency(high, sampleRate);
        if (!(low < high)) {
            throw new IllegalArgumentException("empty range " + low + ".." + high + " Hz");
        }
        double step = (double) sampleRate / Math.max(length, 1) / 8;
        double best = low;
        double bestPower = -1;
        for (double f = low; f <= high; f += step) {
            double p = meanSquareAt(samples, offset, length, sampleRate, f);
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        if (best - step < low || best + step > high) {
            return best;
        }
        double a = Math.log(meanSquareAt(samples, offset, length, sampleRate, best - step) + 1e-30);
        double b = Math.log(bestPower + 1e-30);
        double c = Math.log(meanSquareAt(samples, offset, length, sampleRate, best + step) + 1e-30);
        double denominator = a - 2 * b + c;
        return denominator < 0 ? best + step * 0.5 * (a - c) / denominator : best;
    }

    /** Mean square of the component at {@code frequency}: A^2 / 2 for a sine of peak A. */
    static double meanSquareAt(short[] samples, int offset, int length, int sampleRate, double frequency) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        requireSamples(length);
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz");
        }
        checkFrequency(frequency, sampleRate);
        double w = 2 * Math.PI * frequency / sampleRate;
        double coefficient = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        double windowSum = 0;
        double step = 2 * Math.PI / length;
        for (int i = 0; i < length; i++) {
            double window = length == 1 ? 1 : 0.42 - 0.5 * Math.cos(step * (i + 0.5)) + 0.08 * Math.cos(2 * step * (i + 0.5));
            windowSum += window;
            double s0 = samples[offset + i] * window + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * power / (windowSum * windowSum);
    }

    private static void requireSamples(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("no samples to measure");
        }
    }

    private static void checkFrequency(double frequency, int sampleRate) {
        if (!(frequency >= 0 && frequency <= sampleRate / 2.0)) {
            throw new IllegalArgumentException(
                    "frequency " + frequency + " Hz outside 0.." + sampleRate / 2 + " Hz at " + sampleRate + " Hz");
        }
    }
}
