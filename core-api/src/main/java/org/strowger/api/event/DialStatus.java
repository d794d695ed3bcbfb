package org.strowger.api.event;

import org.strowger.api.HangupCause;

/**
 * How the dial of one leg ended, as the event stream reports it ({@link DialEnded#status()}): Asterisk's
 * {@code DIALSTATUS}. (The dialer's own result names a leg's ending by {@link org.strowger.api.dial.LegOutcome}.)
 */
public enum DialStatus {
    /** The leg answered. */
    ANSWERED,
    /** The far end was busy. */
    BUSY,
    /** Nobody answered in time. */
    NO_ANSWER,
    /** The dial was abandoned: the caller hung up, or another leg answered first. */
    CANCELLED,
    /** The network or the switch was congested. */
    CONGESTION,
    /** The leg could not be reached for any other reason (unknown number, rejected, failure). */
    UNAVAILABLE;

    /**
     * The outcome a leg's hang-up implies, used when a leg hangs up while its dial is still open:
     * {@code USER_BUSY} and {@code CALL_REJECTED} are {@link #BUSY}; {@code NO_ANSWER}, {@code NO_USER_RESPONSE} and
     * {@code ALLOTTED_TIMEOUT} are {@link #NO_ANSWER}; {@code ORIGINATOR_CANCEL} and {@code ANSWERED_ELSEWHERE} are
     * {@link #CANCELLED}; the two congestion causes are {@link #CONGESTION}; anything else is {@link #ANSWERED} if
     * the leg had answered, else {@link #UNAVAILABLE}.
     */
    public static DialStatus of(HangupCause cause, boolean answered) {
        return switch (cause) {
            case USER_BUSY, CALL_REJECTED -> BUSY;
            case NO_ANSWER, NO_USER_RESPONSE, ALLOTTED_TIMEOUT -> NO_ANSWER;
            case ORIGINATOR_CANCEL, ANSWERED_ELSEWHERE -> CANCELLED;
            case NORMAL_CIRCUIT_CONGESTION, SWITCH_CONGESTION -> CONGESTION;
            default -> answered ? ANSWERED : UNAVAILABLE;
        };
    }
}
