package org.strowger.core.media;

import java.lang.reflect.Method;
import java.util.Random;

/** Test signals and comparisons for the media tests; deterministic (StrictMath, seeded Random). */
public final class Signals {
    private Signals() {
    }

    /** Peak amplitude of a sine at {@code dbm0} (full-scale sine = +3.14 dBm0). */
    public static double amplitude(double dbm0) {
        return 32767 * StrictMath.pow(10, (dbm0 - 3.14) / 20);
    }

    /** A sine at {@code frequency} Hz and {@code dbm0}, phase 0. */
    public static short[] sine(int rate, double frequency, double dbm0, int samples) {
        double[] x = new double[samples];
        addSine(x, rate, frequency, dbm0, 0);
        return toShorts(x);
    }

    public static void addSine(double[] x, int rate, double frequency, double dbm0, double phase) {
        double a = amplitude(dbm0);
        for (int i = 0; i < x.length; i++) {
            x[i] += a * StrictMath.sin(2 * Math.PI * frequency * i / rate + phase);
        }
    }

    /** White Gaussian noise with the mean square of a sine at {@code dbm0}. */
    public static void addNoise(double[] x, double dbm0, long seed) {
        double rms = amplitude(dbm0) / Math.sqrt(2);
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] += rms * r.nextGaussian();
        }
    }

    /**
     * A voiced-speech-like signal: harmonics of a fundamental near {@code f0} (with slow vibrato) up to 3.4 kHz,
     * shaped by three formant resonances, amplitude-modulated at a syllable rate, total level about {@code dbm0}.
     */
    public static short[] speechLike(int rate, int samples, double f0, double[] formants, double dbm0, double vibrato,
            long seed) {
        double[] x = new double[samples];
        Random r = new Random(seed);
        double phase = 0;
        int harmonics = (int) (3400 / f0);
        double[] harmonicPhase = new double[harmonics + 1];
        for (int h = 1; h <= harmonics; h++) {
            harmonicPhase[h] = r.nextDouble() * 2 * Math.PI;
        }
        for (int i = 0; i < samples; i++) {
            double t = (double) i / rate;
            double f = f0 * (1 + vibrato * StrictMath.sin(2 * Math.PI * 5.3 * t));
            phase += 2 * Math.PI * f / rate;
            double v = 0;
            for (int h = 1; h <= harmonics; h++) {
                double fh = h * f;
                if (fh >= rate / 2.0 - 100) {
                    break;
                }
                double gain = 0;
                for (int k = 0; k < formants.length; k++) {
                    double bw = 60 + 40 * k;
                    double d = (fh - formants[k]) / bw;
                    gain += StrictMath.pow(0.5, k) / (1 + d * d);
                }
                v += gain * StrictMath.sin(h * phase + harmonicPhase[h]);
            }
            double envelope = 0.6 + 0.4 * StrictMath.sin(2 * Math.PI * 3.7 * t);
            x[i] = v * envelope;
        }
        double ms = 0;
        for (double v : x) {
            ms += v * v;
        }
        ms /= samples;
        double target = amplitude(dbm0) * amplitude(dbm0) / 2;
        double g = Math.sqrt(target / ms);
        for (int i = 0; i < samples; i++) {
            x[i] *= g;
        }
        return toShorts(x);
    }

    public static short[] toShorts(double[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            long v = Math.round(x[i]);
            s[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return s;
    }

    public static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int o = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** SNR in dB of {@code test[testOffset..]} against {@code ref[refOffset..]} over {@code n} samples. */
    public static double snrDb(short[] ref, int refOffset, short[] test, int testOffset, int n) {
        double signal = 0;
        double error = 0;
        for (int i = 0; i < n; i++) {
            double r = ref[refOffset + i];
            double e = test[testOffset + i] - r;
            signal += r * r;
            error += e * e;
        }
        return 10 * Math.log10(signal / Math.max(error, 1e-9));
    }

    /** Normalized correlation of two equally long stretches. */
    public static double correlation(short[] a, int aOffset, short[] b, int bOffset, int n) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            ab += (double) a[aOffset + i] * b[bOffset + i];
            aa += (double) a[aOffset + i] * a[aOffset + i];
            bb += (double) b[bOffset + i] * b[bOffset + i];
        }
        return ab / Math.sqrt(aa * bb + 1e-30);
    }

    /** The lag 0..maxLag at which {@code test[lag + from ..]} best correlates with {@code ref[from ..]}. */
    public static int bestLag(short[] ref, short[] test, int from, int n, int maxLag) {
        int best = 0;
        double bestC = -2;
        for (int lag = 0; lag <= maxLag; lag++) {
            double c = correlation(ref, from, test, from + lag, n);
            if (c > bestC) {
                bestC = c;
                best = lag;
            }
        }
        return best;
    }

    /** Largest |x[i] - x[i-1]| over i in [from, to). */
    public static int maxStep(short[] x, int from, int to) {
        int m = 0;
        for (int i = Math.max(1, from); i < to; i++) {
            m = Math.max(m, Math.abs(x[i] - x[i - 1]));
        }
        return m;
    }

    /**
     * Bytes the current thread allocates while running {@code r}: HotSpot's per-thread allocation counter, reached
     * by reflection because the test sources compile inside the module, which does not read java.management (a few
     * dozen bytes of the measurement's own boxing are included).
     */
    public static long allocatedBytes(Runnable r) {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Method counter = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getCurrentThreadAllocatedBytes");
            counter.invoke(bean);
            long before = (Long) counter.invoke(bean);
            r.run();
            return (Long) counter.invoke(bean) - before;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no allocation counter on this JVM", e);
        }
    }
}
