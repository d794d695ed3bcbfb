package org.strowger.api;

import java.util.concurrent.CompletionStage;

/**
 * An attended transfer in progress, started by {@link ChannelCore#attendedTransfer}: the transferer has left the
 * transferee's bridge (which is held open, the transferee hearing hold) for a consultation bridge with the target.
 * It ends in exactly one {@link TransferOutcome}, whatever the order of {@link #complete()}, {@link #cancel()} and hang-ups;
 * every path leaves each channel in exactly one bridge or hung up, and no channel ever changes identity. Thread-safe.
 */
public interface AttendedTransfer {
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
    CompletionStage<TransferOutcome> complete();

    /** Ends the transfer by hanging up the target and returning the transferer. Fails if it has already ended. */
    CompletionStage<TransferOutcome> cancel();

    /** Completes with the outcome once the transfer has ended, however it ended. */
    CompletionStage<TransferOutcome> outcome();
}
