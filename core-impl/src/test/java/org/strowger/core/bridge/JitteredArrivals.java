package org.strowger.core.bridge;

import java.util.SplittableRandom;

/**
 * When one sender's 20 ms frames reach the mixer over a jittery path, in microseconds: frame s is sent at
 * {@code phase + 20 ms * s} and delayed by 0 to {@code maxJitter} (a seventh of the frames on time, a seventh the
 * most late, the rest uniform in between), and frames do not overtake each other, so a late frame holds back the
 * ones behind it and they come in a burst. Deterministic for a seed.
 */
final class JitteredArrivals {
    static final long PERIOD_MICROS = 20_000;

    private JitteredArrivals() {
    }

    /** Arrival times of {@code frames} frames, in order; the sender's phase is drawn in [0, 20 ms). */
    static long[] of(SplittableRandom random, int frames, long maxJitterMicros) {
        long phase = random.nextLong(PERIOD_MICROS);
        long[] at = new long[frames];
        long previous = Long.MIN_VALUE;
        for (int s = 0; s < frames; s++) {
            int kind = random.nextInt(7);
            long delay = kind == 0 ? 0 : kind == 1 ? maxJitterMicros : random.nextLong(maxJitterMicros + 1);
            at[s] = Math.max(previous, phase + PERIOD_MICROS * s + delay);
            previous = at[s];
        }
        return at;
    }
}
