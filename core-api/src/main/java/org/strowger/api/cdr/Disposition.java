package org.strowger.api.cdr;

import org.strowger.api.HangupCause;
import org.strowger.api.event.DialStatus;

/**
 * How a {@link CallRecord}'s connection turned out. A record that was answered is {@link #ANSWERED}, whatever ended
 * it; an unanswered one says why from the dial's outcome or the hang-up cause that ended it (see
 * {@link #ofUnanswered}). There is no "cancelled": as in Asterisk, a call the caller gave up on, or that was answered
 * elsewhere, is {@link #NO_ANSWER}, and the record's cause ({@code ORIGINATOR_CANCEL}, {@code ANSWERED_ELSEWHERE})
 * tells the cases apart.
 */
public enum Disposition {
    /** Both parties were connected and answered. */
    ANSWERED,
    /** Nobody answered: it rang out, the caller gave up, it was answered elsewhere, or it was never connected. */
    NO_ANSWER,
    /** The called party was busy or rejected the call. */
    BUSY,
    /** The call could not be made: congestion, an unreachable or unknown number, a fault. */
    FAILED;

    /**
     * The disposition of an unanswered record ended by {@code cause} ({@code null}: ended without a hang-up, e.g. by a
     * transfer): {@link #BUSY} for {@code USER_BUSY} and {@code CALL_REJECTED}; {@link #NO_ANSWER} for no cause, the
     * no-answer causes ({@code NO_ANSWER}, {@code NO_USER_RESPONSE}, {@code ALLOTTED_TIMEOUT}), the cancel causes
     * ({@code ORIGINATOR_CANCEL}, {@code ANSWERED_ELSEWHERE}) and a normal clearing ({@code NORMAL_CLEARING},
     * {@code NORMAL_UNSPECIFIED}: someone hung up before the answer); {@link #FAILED} for anything else.
     */
    public static Disposition ofUnanswered(HangupCause cause) {
        if (cause == null || cause == HangupCause.NORMAL_CLEARING || cause == HangupCause.NORMAL_UNSPECIFIED) {
            return NO_ANSWER;
        }
        return of(DialStatus.of(cause, false));
    }

    /**
     * The disposition of a dialled leg whose dial ended with {@code outcome}: {@code ANSWERED} is {@link #ANSWERED},
     * {@code BUSY} {@link #BUSY}, {@code NO_ANSWER} and {@code CANCELLED} {@link #NO_ANSWER}, {@code CONGESTION} and
     * {@code UNAVAILABLE} {@link #FAILED}.
     */
    public static Disposition of(DialStatus outcome) {
        return switch (outcome) {
            case ANSWERED -> ANSWERED;
            case BUSY -> BUSY;
            case NO_ANSWER, CANCELLED -> NO_ANSWER;
            case CONGESTION, UNAVAILABLE -> FAILED;
        };
    }
}
