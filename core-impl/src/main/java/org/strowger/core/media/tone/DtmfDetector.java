package org.strowger.core.media.tone;

import java.util.Arrays;
import java.util.Objects;

/*
 * A streaming DTMF receiver for 16-bit linear PCM at 8 or 16 kHz, aiming at the ITU-T Q.24 limits: frequencies
 * within +-1.5 % accepted and beyond +-3.5 % rejected; tones of 40 ms accepted and under 23 ms rejected; pauses of
 * 40 ms recognized and interruptions under 23 ms bridged; normal twist (low group above high group) up to 8 dB and
 * reverse twist (high group above low) up to 4 dB; levels down to -26 dBm0 per frequency.
 *
 * Analysis. Goertzel filters at the eight DTMF frequencies and at the second harmonics of the four high-group ones
 * run over 20 ms Hann windows overlapping by three quarters, so that a window completes every 5 ms (the hop). A
 * 20 ms window resolves 50 Hz and its side lobes beyond 100 Hz are 31 dB down, so the harmonics of a voice, 100 Hz or
 * more apart, stay out of each other's filters. Each window gives every frequency's complex amplitude, its power as a
 * sine's mean square, and the window's total power. A window is a hit for the digit of its strongest low and
 * strongest high frequency when
 *   - both are at least -30 dBm0;
 *   - the twist is within 8.5 dB normal and 4.5 dB reverse (half a dB of measurement margin);
 *   - the two tones carry at least 60 % of the window's power (relative energy: speech and noise spread theirs);
 *   - the high tone's second harmonic is at least 12 dB below it (speech is rich in harmonics, a DTMF source is not).
 * The low tone's second harmonic is not checked: 2 x 697..852 Hz lies within 60..90 Hz of high-group frequencies.
 *
 * Frequency. Even 20 ms is too coarse to tell 1.5 % from 3.5 % by level, so the frequency is measured by phase:
 * windows start one hop apart, so a tone's phase advances by 2 pi f hop from one window to the next. What it advances
 * beyond 2 pi f0 hop, averaged over the digit's windows (weighted by power), gives f - f0 to a fraction of a hertz,
 * unambiguously within +-100 Hz (+-6 % at 1633 Hz; farther off, a tone falls out of its filter and fails the
 * relative energy check). Both tones must average within 2.5 % of nominal.
 *
 * Timing. Hann windows a quarter window apart sum to a constant, so the sum of a tone's window amplitudes divided by
 * the amplitude of a window the tone fills is its duration in hops, exactly, whatever its level or alignment:
 * durations come from that, not from counting hits (which would depend on level). The missing share of each window
 * adds up to the time a tone has been off, the same way. A digit begins once it has sounded 30 ms with at least three
 * hits, no window full of it failing the checks, both frequencies in tolerance, and at least 85 % relative energy over
 * all its hits (corrected for the filters' response at the measured frequencies: a vowel whose two strongest
 * harmonics fall on DTMF frequencies still has others, typically 20-35 % of its power). It ends when its tones have
 * been off for 30 ms, or when another digit's hits start. So a 20 ms burst never begins, a 40 ms tone always does, a
 * 20 ms dropout is bridged and a 40 ms pause separates two digits. A digit is reported about 40 ms after it starts,
 * its end about 40 ms after it stops; a digit that follows another with no pause at all needs about 70 ms.
 *
 * Streaming: process() takes any number of samples, and the result does not depend on how the stream is cut.
 * Listener calls happen inside process(). No allocation per call; one instance per stream, not thread-safe.
 */
public final class DtmfDetector {
    private static final int FUNDAMENTALS = 8;
    private static final double[] FREQUENCIES = {
        697, 770, 852, 941, 1209, 1336, 1477, 1633, 2418, 2672, 2954, 3266};
    private static final int FILTERS = FREQUENCIES.length;
    /** Overlapping windows under way at once: a window is SETS hops long. */
    private static final int SETS = 4;

    private static final double MIN_LEVEL_DBM0 = -30;
    private static final double NORMAL_TWIST_DB = 8.5;
    private static final double REVERSE_TWIST_DB = 4.5;
    private static final double ENERGY_FRACTION = 0.6;
    private static final double DIGIT_ENERGY_FRACTION = 0.85;
    private static final double HARMONIC_DB = 12;
    private static final double FREQUENCY_TOLERANCE = 0.025;
    private static final double MIN_ON_MS = 30;
    private static final double MIN_OFF_MS = 30;
    private static final int MIN_HITS = 3;
    /** A window whose share of the digit's amplitude is at least this is "full" of the digit. */
    private static final double FULL = 0.8;
    private static final double HOP_MS = 5;

    private final DtmfListener listener;
    private final int sampleRate;
    private final int hop;
    private final int window;
    private final double[] hann;
    private final double hannSum;
    private final double hannSquareSum;
    private final double[] coefficient = new double[FILTERS];
    private final double[] cos = new double[FILTERS];
    private final double[] sin = new double[FILTERS];
    /** e^(-i 2 pi f0 hop / rate): the nominal phase advance between windows, to be taken out. */
    private final double[] advanceRe = new double[FUNDAMENTALS];
    private final double[] advanceIm = new double[FUNDAMENTALS];
    /** the hop expressed as radians per relative frequency error: 2 pi f0 hop / rate */
    private final double[] radiansPerError = new double[FUNDAMENTALS];
    private final double minMeanSquare;
    private final double normalTwist;
    private final double reverseTwist;
    private final double harmonicRatio;

    /** Goertzel accumulator sets, one per overlapping window: state of filter f in set a at [a * FILTERS + f]. */
    private final double[] s1 = new double[SETS * FILTERS];
    private final double[] s2 = new double[SETS * FILTERS];
    private final double[] energy = new double[SETS];
    private final int[] fill = new int[SETS];

    /** The window just completed and the one before (fundamentals only for the latter). */
    private final double[] re = new double[FILTERS];
    private final double[] im = new double[FILTERS];
    private final double[] power = new double[FILTERS];
    private final double[] previousRe = new double[FUNDAMENTALS];
    private final double[] previousIm = new double[FUNDAMENTALS];
    /** Amplitudes of the fundamentals in the SETS - 1 windows before this one, which may hold a tone's onset. */
    private final double[] earlier = new double[(SETS - 1) * FUNDAMENTALS];

    /** The digit under way: -1, or its index row * 4 + column; reported tells whether digitBegin was called. */
    private int digit = -1;
    private boolean reported;
    private int low;
    private int high;
    private double amplitudeSum;
    private double amplitudeRef;
    private int hits;
    private double offHops;
    /** This window's tone powers and total power (set by hit()); their sums over the digit's hits. */
    private double windowLow;
    private double windowHigh;
    private double windowTotal;
    private double lowSum;
    private double highSum;
    private double totalSum;
    private double phaseLowRe;
    private double phaseLowIm;
    private double phaseHighRe;
    private double phaseHighIm;
    private long samples;

    /** A detector for {@code sampleRate} (8000 or 16000) reporting to {@code listener}. */
    public DtmfDetector(int sampleRate, DtmfListener listener) {
        if (sampleRate != 8000 && sampleRate != 16000) {
            throw new IllegalArgumentException("DTMF detector sample rate " + sampleRate + " Hz: must be 8000 or 16000");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sampleRate = sampleRate;
        this.hop = sampleRate / 200;
        this.window = SETS * hop;
        this.hann = new double[window];
        double sum = 0;
        double squares = 0;
        for (int n = 0; n < window; n++) {
            hann[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / window);
            sum += hann[n];
            squares += hann[n] * hann[n];
        }
        this.hannSum = sum;
        this.hannSquareSum = squares;
        for (int f = 0; f < FILTERS; f++) {
            double w = 2 * Math.PI * FREQUENCIES[f] / sampleRate;
            coefficient[f] = 2 * Math.cos(w);
            cos[f] = Math.cos(w);
            sin[f] = Math.sin(w);
            if (f < FUNDAMENTALS) {
                radiansPerError[f] = w * hop;
                advanceRe[f] = Math.cos(w * hop);
                advanceIm[f] = -Math.sin(w * hop);
            }
        }
        this.minMeanSquare = Dbm0.meanSquare(MIN_LEVEL_DBM0);
        this.normalTwist = Math.pow(10, NORMAL_TWIST_DB / 10);
        this.reverseTwist = Math.pow(10, REVERSE_TWIST_DB / 10);
        this.harmonicRatio = Math.pow(10, -HARMONIC_DB / 10);
        reset();
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Samples consumed since construction or the last reset. */
    public long position() {
        return samples;
    }

    /** Feeds {@code count} samples of {@code in[offset..]}; digit events reach the listener from inside this call. */
    public void process(short[] in, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, in.length);
        for (int i = offset, end = offset + count; i < end; i++) {
            double x = in[i];
            for (int a = 0; a < SETS; a++) {
                double xw = x * hann[fill[a]];
                energy[a] += xw * xw;
                int base = a * FILTERS;
                for (int f = 0; f < FILTERS; f++) {
                    int k = base + f;
                    double s0 = xw + coefficient[f] * s1[k] - s2[k];
                    s2[k] = s1[k];
                    s1[k] = s0;
                }
                if (++fill[a] == window) {
                    windowDone(a);
                }
            }
        }
        samples += count;
    }

    /**
     * Forgets everything, as if new; a digit that was reported but has not ended gets no digitEnd (call it after
     * flushing with silence if that matters).
     */
    public void reset() {
        Arrays.fill(s1, 0);
        Arrays.fill(s2, 0);
        Arrays.fill(energy, 0);
        Arrays.fill(previousRe, 0);
        Arrays.fill(previousIm, 0);
        Arrays.fill(earlier, 0);
        for (int a = 0; a < SETS; a++) {
            fill[a] = a * hop; // staggered by a hop: one window completes per hop
        }
        digit = -1;
        reported = false;
        samples = 0;
    }

    private void windowDone(int a) {
        int base = a * FILTERS;
        for (int f = 0; f < FILTERS; f++) {
            re[f] = s1[base + f] - cos[f] * s2[base + f];
            im[f] = sin[f] * s2[base + f];
            power[f] = 2 * (re[f] * re[f] + im[f] * im[f]) / (hannSum * hannSum);
            s1[base + f] = 0;
            s2[base + f] = 0;
        }
        double total = energy[a] / hannSquareSum;
        energy[a] = 0;
        fill[a] = 0;

        int hit = hit(total);
        track(hit);
        System.arraycopy(re, 0, previousRe, 0, FUNDAMENTALS);
        System.arraycopy(im, 0, previousIm, 0, FUNDAMENTALS);
        System.arraycopy(earlier, FUNDAMENTALS, earlier, 0, earlier.length - FUNDAMENTALS);
        for (int f = 0; f < FUNDAMENTALS; f++) {
            earlier[earlier.length - FUNDAMENTALS + f] = amplitude(f);
        }
    }

    /** The digit this window is a hit for, or -1. */
    private int hit(double total) {
        int l = strongest(0);
        int h = strongest(4);
        double pl = power[l];
        double ph = power[h];
        if (pl < minMeanSquare || ph < minMeanSquare) {
            return -1;
        }
        if (pl > ph * normalTwist || ph > pl * reverseTwist) {
            return -1;
        }
        windowLow = pl;
        windowHigh = ph;
        windowTotal = total;
        if (pl + ph < ENERGY_FRACTION * total) {
            return -1;
        }
        if (power[FUNDAMENTALS + h - 4] > ph * harmonicRatio) {
            return -1;
        }
        return l * 4 + (h - 4);
    }

    private int strongest(int from) {
        int best = from;
        for (int f = from + 1; f < from + 4; f++) {
            if (power[f] > power[best]) {
                best = f;
            }
        }
        return best;
    }

    private void track(int hit) {
        if (digit >= 0 && hit >= 0 && hit != digit) {
            finish();
        }
        if (digit < 0) {
            if (hit >= 0) {
                start(hit);
            }
            return;
        }
        double amplitude = amplitude(low) + amplitude(high);
        amplitudeSum += amplitude;
        amplitudeRef = Math.max(amplitudeRef, amplitude);
        accumulatePhase();
        double share = amplitude / amplitudeRef;
        if (hit == digit) {
            hits++;
            lowSum += windowLow;
            highSum += windowHigh;
            totalSum += windowTotal;
        } else if (!reported && share >= FULL) {
            digit = -1; // a window full of the tones that fails the checks: not a DTMF digit
            return;
        }
        offHops = share >= 0.5 ? 0 : offHops + (1 - share);
        if (offHops * HOP_MS >= MIN_OFF_MS) {
            finish();
            return;
        }
        if (!reported && hits >= MIN_HITS && onMs() >= MIN_ON_MS && accepted()) {
            reported = true;
            listener.digitBegin(Dtmf.digit(low, high - 4));
        }
    }

    private void start(int hit) {
        digit = hit;
        reported = false;
        low = hit / 4;
        high = 4 + hit % 4;
        hits = 1;
        offHops = 0;
        lowSum = windowLow;
        highSum = windowHigh;
        totalSum = windowTotal;
        phaseLowRe = 0;
        phaseLowIm = 0;
        phaseHighRe = 0;
        phaseHighIm = 0;
        // the windows before the first hit may hold the tone's onset
        amplitudeSum = 0;
        amplitudeRef = 0;
        for (int w = 0; w < SETS - 1; w++) {
            double before = earlier[w * FUNDAMENTALS + low] + earlier[w * FUNDAMENTALS + high];
            amplitudeSum += before;
            amplitudeRef = Math.max(amplitudeRef, before);
        }
        double now = amplitude(low) + amplitude(high);
        amplitudeSum += now;
        amplitudeRef = Math.max(amplitudeRef, now);
        accumulatePhase();
    }

    private void finish() {
        if (reported) {
            listener.digitEnd(Dtmf.digit(low, high - 4), (int) Math.round(onMs()));
        }
        digit = -1;
        reported = false;
    }

    private double onMs() {
        return amplitudeSum / amplitudeRef * HOP_MS;
    }

    private double amplitude(int f) {
        return Math.hypot(re[f], im[f]);
    }

    /** Adds this window's phase advance over the previous window, nominal advance removed, for both tones. */
    private void accumulatePhase() {
        phaseLowRe += advanceRe(low);
        phaseLowIm += advanceIm(low);
        phaseHighRe += advanceRe(high);
        phaseHighIm += advanceIm(high);
    }

    private double advanceRe(int f) {
        // (re + i im) * conj(prev) * advance
        double cr = re[f] * previousRe[f] + im[f] * previousIm[f];
        double ci = im[f] * previousRe[f] - re[f] * previousIm[f];
        return cr * advanceRe[f] - ci * advanceIm[f];
    }

    private double advanceIm(int f) {
        double cr = re[f] * previousRe[f] + im[f] * previousIm[f];
        double ci = im[f] * previousRe[f] - re[f] * previousIm[f];
        return cr * advanceIm[f] + ci * advanceRe[f];
    }

    /** Both tones' average frequencies in tolerance, and the digit's relative energy high enough. */
    private boolean accepted() {
        double lowError = Math.atan2(phaseLowIm, phaseLowRe) / radiansPerError[low];
        double highError = Math.atan2(phaseHighIm, phaseHighRe) / radiansPerError[high];
        if (Math.abs(lowError) > FREQUENCY_TOLERANCE || Math.abs(highError) > FREQUENCY_TOLERANCE) {
            return false;
        }
        double tones = lowSum / response(lowError * FREQUENCIES[low]) + highSum / response(highError * FREQUENCIES[high]);
        return tones >= DIGIT_ENERGY_FRACTION * totalSum;
    }

    /** The Hann window's power response to a sine {@code offset} Hz off the filter's frequency. */
    private double response(double offset) {
        double bins = offset * window / sampleRate;
        if (Math.abs(bins) < 1e-9) {
            return 1;
        }
        if (Math.abs(Math.abs(bins) - 1) < 1e-9) {
            return 0.25;
        }
        double amplitude = Math.sin(Math.PI * bins) / (Math.PI * bins) / (1 - bins * bins);
        return amplitude * amplitude;
    }
}
