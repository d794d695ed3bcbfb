package org.strowger.api;

import java.util.concurrent.CompletionStage;

/**
 * An attended transfer in progress, started by {@link ChannelCore#attendedTransfer}: the transferer has left the
 * transferee's bridge (which is held open, the transferee hearing hold) for a consultation bridge with the target.
 * It ends in exactly one {@link Outcome}, whatever the order of {@link #complete()}, {@link #cancel()} and hang-ups;
 * every path leaves each channel in exactly one bridge or hung up, and no channel ever changes identity. Thread-safe.
 */
public interface AttendedTransfer {
    /** How an attended transfer ended. */
    enum Outcome {
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

    /** The channel that started the transfer. */
    Channel transferer();

    /** The new channel to the transfer target. */
    Channel target();

    /**
     * The transferee's bridge, which the transferer left: held open (it does not dissolve, and none of its members can
     * be swapped out) until the transfer ends.
     */
    Bridge home();

    /**
     * The consultation bridge of the transferer and the target, held open until the transfer ends; e.g. for DTMF hooks
     * that complete or cancel the transfer.
     */
    Bridge consultation();

    /** Ends the transfer by connecting the target with the transferee. Fails if it has already ended. */
    CompletionStage<Outcome> complete();

    /** Ends the transfer by hanging up the target and returning the transferer. Fails if it has already ended. */
    CompletionStage<Outcome> cancel();

    /** Completes with the outcome once the transfer has ended, however it ended. */
    CompletionStage<Outcome> outcome();
}
