package org.strowger.api.dial;

/** How one leg of a dial ended ({@link DialLeg#outcome()}); the whole dial's ending is a {@link DialOutcome}. */
public enum LegOutcome {
    /** It answered first and won the dial. */
    ANSWERED,
    /** A pickup took its place; it was hung up with {@code ANSWERED_ELSEWHERE}. */
    PICKED_UP,
    /** Another leg (or a pickup of another leg) won; it was hung up with {@code ANSWERED_ELSEWHERE}. */
    ANSWERED_ELSEWHERE,
    /** The far end was busy ({@code USER_BUSY}). */
    BUSY,
    /** Its own timeout ({@link DialTarget#timeout()}) expired, or the far end reported no answer. */
    NO_ANSWER,
    /** It ended for another reason before answering: rejected, unreachable, a fault; see {@link DialLeg#cause()}. */
    FAILED,
    /** Its channel could not be created (unknown tech, a limit, a duplicate id); see {@link DialLeg#detail()}. */
    NOT_CREATED,
    /** The far end forwarded it (like SIP 302) and the dial followed to the next hop. */
    FORWARDED,
    /** The far end forwarded it but the dial did not follow: hop limit reached or malformed target ({@code detail}). */
    FORWARD_REFUSED,
    /** The dial was cancelled: {@link DialHandle#cancel()} or the caller hung up. */
    CANCELLED,
    /** The dial's overall timeout ({@link DialString#timeout()}) expired. */
    TIMED_OUT
}
