package org.strowger.spi;

import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.media.ChannelMedia;
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

    /**
     * The call is answered. Outbound: the far end answered, and the channel goes {@code UP}. Inbound: the tech
     * confirms the answer it was asked for ({@link TechChannel#answer()}), once the protocol has sent it (a SIP 200
     * OK): only then does the channel go {@code UP} and the {@code answer()} command complete, so a cancel that wins
     * the race leaves a call that was never answered. A tech that answers at once calls this from {@code answer()}.
     * Duplicates, an inbound confirmation nobody asked for, and late answers are ignored.
     */
    void answered();

    /**
     * The channel's media as the tech now declares it: the formats it can speak, the one it reads and the one it
     * writes, and the direction (a re-INVITE that changes the codec, or the far end putting the call on hold with
     * {@code sendonly}). The snapshot shows it, the owner receives {@link org.strowger.api.ChannelEvent.MediaChanged},
     * and from then on frames written to the channel are translated into the new write format. A tech that never
     * calls this is transparent ({@link ChannelMedia#TRANSPARENT}): it gets frames as they come.
     *
     * @throws org.strowger.api.InvalidArgumentException if {@code media} is null
     */
    void mediaChanged(ChannelMedia media);

    /** The far end is busy: the channel is hung up with {@code USER_BUSY}. */
    default void busy() {
        hangup(HangupCause.USER_BUSY);
    }

    /**
     * The far end of an outbound call that has not answered yet asks to be called at {@code target} instead (SIP
     * 301/302, a Q.931 redirection). On the channel's executor the owner receives
     * {@link org.strowger.api.ChannelEvent.Redirected}, then the channel is hung up with
     * {@link HangupCause#REDIRECTED_TO_NEW_DESTINATION} (so the tech's {@code hangup} follows, with that cause: there
     * is nothing to signal, the far end has already refused the call). A dial then calls the new target, up to its
     * forward limit. Ignored like a late answer on an inbound channel, after the answer, or after the hang-up.
     *
     * @param target the new destination as {@code TECH/resource} (e.g. {@code SIP/bob@10.0.0.2}); untrusted text
     *     from the network, passed on as given: the dial validates it
     * @throws org.strowger.api.InvalidArgumentException if {@code target} is null
     */
    void redirected(String target);

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
