package org.strowger.codec.opus;

/**
 * Test audio by content: sine tones as 16-bit samples, and a Goertzel meter that reads a tone's level out of
 * decoded samples (core-impl's ToneMeter is internal to the core, so the plugin has its own).
 */
final class Tones {
    private Tones() {
    }

    /** {@code count} samples of a {@code hz} sine at {@code dbfs} (peak, dB below full scale) at {@code rate} Hz. */
    static short[] sine(double hz, double dbfs, int rate, int count) {
        return sine(hz, dbfs, rate, 0, count);
    }

    /** As {@link #sine(double, double, int, int)}, from sample {@code start} of the tone (for continuing it). */
    static short[] sine(double hz, double dbfs, int rate, long start, int count) {
        double amplitude = 32767 * Math.pow(10, dbfs / 20);
        short[] s = new short[count];
        for (int i = 0; i < count; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (start + i) / rate));
        }
        return s;
    }

    /**
     * The peak level, in dB below full scale, of the {@code hz} component of {@code length} samples of {@code s} from
     * {@code from} (Goertzel at exactly {@code hz}); -200 for none.
     */
    static double level(short[] s, int from, int length, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + length; i++) {
            double s0 = s[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        double amplitude = 2 * Math.sqrt(Math.max(power, 0)) / length;
        return amplitude <= 0 ? -200 : 20 * Math.log10(amplitude / 32767);
    }

    /** The RMS level of the samples, as the peak dB of a sine of that power (so a pure sine reads its own level). */
    static double totalLevel(short[] s, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += (double) s[i] * s[i];
        }
        double peak = Math.sqrt(2 * sum / length);
        return peak <= 0 ? -200 : 20 * Math.log10(peak / 32767);
    }

    /** Of {@code candidates}, the frequency with the strongest component in the samples. */
    static double dominant(short[] s, int from, int length, int rate, double... candidates) {
        double best = Double.NaN;
        double bestLevel = Double.NEGATIVE_INFINITY;
        for (double hz : candidates) {
            double l = level(s, from, length, hz, rate);
            if (l > bestLevel) {
                bestLevel = l;
                best = hz;
            }
        }
        return best;
    }

    /** {@code a} followed by {@code b}. */
    static short[] concat(short[] a, short[] b) {
        short[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
