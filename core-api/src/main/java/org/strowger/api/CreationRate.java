package org.strowger.api;

/**
 * A limit on how fast channels are created: a token bucket that holds at most {@code burst} creations and refills at
 * {@code perSecond}, on the core's clock. Every channel counts, inbound and outbound (a bridged call of two channels
 * takes two). A creation beyond it is refused with {@link CommandRejectedException.Reason#RATE_LIMITED}.
 *
 * @param perSecond the sustained rate, creations per second: {@value #MIN_PER_SECOND} (one in 1,000 s) up to
 *     {@value #MAX_PER_SECOND} (one per nanosecond)
 * @param burst how many creations may happen at once after a quiet period: 1..1,000,000
 */
public record CreationRate(double perSecond, int burst) {
    /** Lowest rate accepted. */
    public static final double MIN_PER_SECOND = 0.001;
    /** Highest rate accepted. */
    public static final double MAX_PER_SECOND = 1e9;
    /** Largest burst accepted. */
    public static final int MAX_BURST = 1_000_000;

    public CreationRate {
        if (!(perSecond >= MIN_PER_SECOND && perSecond <= MAX_PER_SECOND)) { // also refuses NaN
            throw new InvalidArgumentException("creation rate must be 0.001 .. 1e9 per second, was " + perSecond);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new InvalidArgumentException("creation burst must be 1.." + MAX_BURST + ", was " + burst);
        }
    }

    /** The time between two creations at the sustained rate, in nanoseconds (at least 1). */
    public long intervalNanos() {
        return Math.max(1L, Math.round(1e9 / perSecond));
    }
}
