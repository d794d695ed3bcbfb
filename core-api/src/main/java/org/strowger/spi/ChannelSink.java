package org.strowger.spi;

import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.Frame;

/**
 * Upcalls from a tech into its channel. Thread-safe: every method may be called from any thread (typically the
 * tech's network threads) and never blocks. Each upcall is queued on the channel's executor and never runs a
 * callback inline, even when called from inside a callback. Upcalls after the channel has been hung up are ignored
 * (they return false where they return a value): late or duplicate network events are harmless.
 */
public interface ChannelSink {
    /** The channel this sink feeds. */
    Channel channel();

    /** True if the calling thread is the channel's executor right now. */
    boolean inExecutor();

    /** The far end is being alerted (outbound: state goes {@code RINGING}). */
    void ringing();

    /** Early media / call progress from the far end. */
    void progress();

    /** The far end is processing the call. */
    void proceeding();

    /** The far end answered (outbound: state goes {@code UP}). Duplicates and late answers are ignored. */
    void answered();

    /** The far end is busy: the channel is hung up with {@code USER_BUSY}. */
    default void busy() {
        hangup(HangupCause.USER_BUSY);
    }

    /** The far end hung up (or refused, or the network failed) with {@code cause}. Only the first hang-up counts. */
    void hangup(HangupCause cause);

    /**
     * A frame from the far end: media goes to the channel's owner (bounded media lane, oldest dropped under
     * overload); DTMF, control and text become events for the owner.
     *
     * @return false if the channel no longer takes frames
     */
    boolean receive(Frame frame);

    /**
     * Runs {@code task} on the channel's executor, after everything queued before it. Use it to touch per-channel
     * tech state from a network thread. A task that throws hangs the channel up with {@code TECH_FAULT}.
     *
     * @return false if the channel is destroyed and the task will not run
     */
    boolean execute(Runnable task);
}
