package org.strowger.api.cdr;

import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;

/**
 * One call record (CDR): the connection between two channels, or one channel alone, from the moment it was dialled or
 * bridged to the moment it ended. It is derived from the core's events alone; docs/events-and-cdr.md ("Call records")
 * gives the rules for dials, bridges, transfers, pickups and Local chains. Times are on the core's clock, in
 * milliseconds since the epoch.
 *
 * @param id the record's number in this core, in the order records were opened (1, 2, 3 ...)
 * @param linkedId the linked id of party A's call
 * @param sequence the record's number within its call (by {@code linkedId}), in the order the records were opened: the
 *     records of one call sort by it
 * @param a party A: the caller of a dial, else the older of the two channels (created first)
 * @param b party B: the dialled leg, or the newer channel; {@code null} for a record of one channel alone (a channel
 *     that was never dialled nor bridged, such as an IVR-only call or an originate that ended in an application)
 * @param startMillis when the dial began, the two were first bridged, or (one channel alone) the channel was created
 * @param answerMillis when the connection was answered, or {@link #NOT_ANSWERED}
 * @param endMillis when it ended
 * @param disposition how it turned out
 * @param cause the hang-up cause that ended it, or {@code null} if it ended without a hang-up (a transfer, a move, a
 *     dialled leg that won and was handed over and is still up)
 */
public record CallRecord(long id, ChannelId linkedId, int sequence, CallParty a, CallParty b, long startMillis,
        long answerMillis, long endMillis, Disposition disposition, HangupCause cause) {
    /** The {@link #answerMillis} of a record that was never answered. */
    public static final long NOT_ANSWERED = -1;

    /** @throws InvalidArgumentException for a missing component or times out of order */
    public CallRecord {
        if (linkedId == null || a == null || disposition == null) {
            throw new InvalidArgumentException("a call record has a linked id, a party A and a disposition");
        }
        if (endMillis < startMillis || (answerMillis != NOT_ANSWERED
                && (answerMillis < startMillis || answerMillis > endMillis))) {
            throw new InvalidArgumentException("a call record's times must be ordered: start <= answer <= end");
        }
        if ((disposition == Disposition.ANSWERED) != (answerMillis != NOT_ANSWERED)) {
            throw new InvalidArgumentException("a call record is ANSWERED exactly when it has an answer time");
        }
    }

    /** True if it was answered. */
    public boolean answered() {
        return answerMillis != NOT_ANSWERED;
    }

    /** {@code end - start}. */
    public long durationMillis() {
        return endMillis - startMillis;
    }

    /** {@code end - answer}, or 0 if it was not answered. */
    public long billableMillis() {
        return answered() ? endMillis - answerMillis : 0;
    }

    /** {@link #billableMillis()} in whole seconds, rounded up (a call of 1 ms bills one second). */
    public long billableSeconds() {
        return (billableMillis() + 999) / 1000;
    }

    /** True if a party is a half of a Local pair: a leg of a chain, not an end-to-end connection. */
    public boolean viaLocal() {
        return a.isLocal() || (b != null && b.isLocal());
    }
}
