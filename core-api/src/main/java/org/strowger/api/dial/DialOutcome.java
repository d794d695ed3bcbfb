package org.strowger.api.dial;

/** How a whole dial ended ({@link DialResult#outcome()}); each leg's own ending is a {@link LegOutcome}. */
public enum DialOutcome {
    /** A leg answered (or was picked up) and the winner was handed over. */
    ANSWERED,
    /** Every group was tried and at least one leg rang without an answer. */
    NO_ANSWER,
    /** Every group was tried, none rang out, and at least one leg was busy. */
    BUSY,
    /**
     * Every group was tried and every leg failed (see the legs), or a leg answered but could not be handed over
     * ({@link DialResult#failure()}), or the core's scheduler refused one of the dial's timers as the core shut
     * down (the legs are hung up; {@link DialResult#failure()} is a {@code SHUTTING_DOWN} rejection).
     */
    FAILED,
    /** {@link DialHandle#cancel()}, or the caller hung up, before a leg answered or during the hand-over. */
    CANCELLED,
    /** The overall timeout ({@link DialString#timeout()}) expired first. */
    TIMED_OUT
}
