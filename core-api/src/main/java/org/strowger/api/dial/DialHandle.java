package org.strowger.api.dial;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;

/**
 * A dial in progress, returned by {@link ChannelCore#dial}. Thread-safe. Every decision of the dial (which leg wins,
 * whether a cancel, a timeout or a pickup comes first) is taken in one place, one message at a time, so exactly one of
 * them wins whatever the timing.
 *
 * <p>Stages complete like every stage of the core: on the calling thread's executor if it runs on one (a channel's,
 * a bridge's), otherwise on a pool thread outside every executor.
 */
public interface DialHandle {
    /** The request this dial was started with. */
    DialRequest request();

    /**
     * The legs being rung now: created and not yet ended, in the order they were started (e.g. to pick one up with
     * {@link ChannelCore#pickup}). A snapshot, published by the dial as legs start and end; empty once it has ended.
     */
    List<Channel> legs();

    /**
     * Completes once the dial has ended, with how; never fails. With {@link DialOutcome#ANSWERED}, the winner
     * has been handed over as asked and every other leg has been hung up.
     */
    CompletionStage<DialResult> result();

    /**
     * Cancels the dial if no leg has answered yet: every leg is hung up with {@code ORIGINATOR_CANCEL} and the result
     * is {@link DialOutcome#CANCELLED}. Completes with {@code true} if this call cancelled the dial, or
     * {@code false} (and changes nothing) if a leg had already answered or been picked up, or the dial had already
     * ended. Idempotent.
     */
    CompletionStage<Boolean> cancel();
}
