package org.strowger.core.media.tone;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/*
 * Plays a TonePlan as 16-bit linear PCM at a given sample rate, streaming: each call fills any number of samples and
 * the next call continues exactly where it stopped, the oscillators' phases included, so frames of any size join
 * without a seam. Segment lengths are counted in samples (rounded once per segment), so a cadence keeps its timing
 * however it is cut into frames.
 *
 * Level: each frequency is a sine at the configured dBm0 (default -13 dBm0, a realistic level for call progress
 * tones; Dbm0's reference: 0 dBm0 = sine peak 22826, full scale = +3.14 dBm0). A two-frequency segment is the sum of
 * two such sines, so above about -3 dBm0 per frequency its peaks saturate. A modulated segment f1*f2 is f1 with its
 * amplitude varied by f2 at 90 % depth, its envelope peaking at the configured level.
 *
 * The oscillators keep their phase across segments (a change of frequency does not jump the waveform); a tone starts
 * and stops abruptly at segment edges, as exchange tone sources do. No allocation per call; not thread-safe.
 */
public final class ToneGenerator {
    /** Default level of each frequency, dBm0. */
    public static final double DEFAULT_LEVEL_DBM0 = -13;
    private static final double DEPTH = 0.9;
    private static final double TWO_PI = 2 * Math.PI;

    private final TonePlan plan;
    private final List<TonePlan.Segment> segments;
    private final int sampleRate;
    private final double amplitude;
    private final long[] lengths;
    private final double[] increment1;
    private final double[] increment2;
    private final boolean repeats;

    private int index;
    private long remaining;
    private boolean firstPass;
    private boolean finished;
    private double phase1;
    private double phase2;

    /** A generator of {@code plan} at {@code sampleRate} Hz and -13 dBm0 per frequency. */
    public ToneGenerator(TonePlan plan, int sampleRate) {
        this(plan, sampleRate, DEFAULT_LEVEL_DBM0);
    }

    /** A generator of {@code plan} at {@code sampleRate} Hz and {@code levelDbm0} per frequency. */
    public ToneGenerator(TonePlan plan, int sampleRate, double levelDbm0) {
        this.plan = Objects.requireNonNull(plan, "plan");
        if (sampleRate < 8000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz: must be 8000..192000");
        }
        this.sampleRate = sampleRate;
        this.amplitude = Dbm0.amplitude(Dbm0.check(levelDbm0, "tone level"));
        this.segments = plan.segments();
        int n = segments.size();
        lengths = new long[n];
        increment1 = new double[n];
        increment2 = new double[n];
        double nyquist = sampleRate / 2.0;
        for (int i = 0; i < n; i++) {
            TonePlan.Segment s = segments.get(i);
            for (double f : new double[] {s.f1(), s.f2()}) {
                if (f >= nyquist) {
                    throw new IllegalArgumentException("tone plan \"" + plan + "\": segment " + (i + 1) + " has "
                            + f + " Hz, not below the Nyquist frequency " + nyquist + " Hz of " + sampleRate + " Hz");
                }
            }
            lengths[i] = s.durationMs() < 0 ? -1 : Math.max(1, Math.round(s.durationMs() * (double) sampleRate / 1000));
            increment1[i] = s.f1() / sampleRate;
            increment2[i] = s.f2() / sampleRate;
        }
        this.repeats = plan.repeats();
        reset();
    }

    /** A generator of the plan {@code plan} (parsed) at {@code sampleRate} Hz and -13 dBm0 per frequency. */
    public static ToneGenerator of(String plan, int sampleRate) {
        return new ToneGenerator(TonePlan.parse(plan), sampleRate);
    }

    public TonePlan plan() {
        return plan;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /**
     * Samples in one play of the plan from its start, as this generator counts them: the sum of its segments when
     * the plan does not repeat and every segment has a duration; -1 if it plays forever (it repeats, or its last
     * segment has no duration).
     */
    public long length() {
        if (repeats) {
            return -1;
        }
        long sum = 0;
        for (long n : lengths) {
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    /** True once a plan that does not repeat has played all its segments; from then on it generates silence. */
    public boolean finished() {
        return finished;
    }

    /** Fills {@code out[offset..offset+samples)} with the next samples of the plan; returns {@code samples}. */
    public int generate(short[] out, int offset, int samples) {
        Objects.checkFromIndexSize(offset, samples, out.length);
        int o = offset;
        int end = offset + samples;
        while (o < end) {
            if (finished) {
                Arrays.fill(out, o, end, (short) 0);
                break;
            }
            int run = remaining < 0 ? end - o : (int) Math.min(end - o, remaining);
            fill(out, o, run);
            o += run;
            if (remaining > 0) {
                remaining -= run;
                if (remaining == 0) {
                    advance();
                }
            }
        }
        return samples;
    }

    /** Starts the plan again from its first segment, oscillator phases at zero. */
    public void reset() {
        index = 0;
        firstPass = true;
        finished = false;
        phase1 = 0;
        phase2 = 0;
        remaining = lengths[0];
    }

    private void fill(short[] out, int from, int count) {
        TonePlan.Segment s = segments.get(index);
        double d1 = increment1[index];
        double d2 = increment2[index];
        boolean modulated = s.modulated();
        for (int i = from, end = from + count; i < end; i++) {
            double v;
            if (modulated) {
                v = Math.sin(TWO_PI * phase1) * (1 + DEPTH * Math.sin(TWO_PI * phase2)) / (1 + DEPTH);
            } else {
                v = (d1 == 0 ? 0 : Math.sin(TWO_PI * phase1)) + (d2 == 0 ? 0 : Math.sin(TWO_PI * phase2));
            }
            long r = Math.round(v * amplitude);
            out[i] = (short) (r > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(r, Short.MIN_VALUE));
            phase1 += d1;
            if (phase1 >= 1) {
                phase1 -= 1;
            }
            phase2 += d2;
            if (phase2 >= 1) {
                phase2 -= 1;
            }
        }
    }

    private void advance() {
        int n = segments.size();
        for (int step = 0; step < n; step++) {
            index++;
            if (index == n) {
                if (!repeats) {
                    finished = true;
                    return;
                }
                index = 0;
                firstPass = false;
            }
            if (firstPass || !segments.get(index).once()) {
                remaining = lengths[index];
                return;
            }
        }
        finished = true;
    }
}
