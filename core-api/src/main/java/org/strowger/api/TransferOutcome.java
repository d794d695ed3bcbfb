package org.strowger.api;

/** How an attended transfer ended ({@link AttendedTransfer#outcome()}). */
public enum TransferOutcome {
    /** The target took the transferer's place beside the transferee; the transferer left. */
    COMPLETED,
    /** The transferer hung up before the target answered; the ringing target took its place (blond transfer). */
    BLOND,
    /** {@link #cancel()}: the target was hung up and the transferer returned to the transferee. */
    CANCELLED,
    /**
     * The target hung up, or its tech gave up (busy, no answer); the transferer returned to the transferee. The
     * coordinator sets no answer timer of its own: use {@link Channel#schedule} on the target for one.
     */
    TARGET_HUNG_UP,
    /** The transferee hung up; the transferer stays with the target. */
    TRANSFEREE_HUNG_UP,
    /** Nobody was left to connect: each remaining party followed its after-bridge policy. */
    ABANDONED
}
