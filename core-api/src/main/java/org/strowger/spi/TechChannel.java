package org.strowger.spi;

import java.time.Duration;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.MediaFrame;

/**
 * The tech's side of one channel: its per-channel state and the callbacks the core makes into it.
 *
 * <p><b>Every method runs on the channel's executor</b>, one at a time, in the order the core issues them, never
 * concurrently with each other. They must not block. A callback that throws hangs the channel up with
 * {@link HangupCause#TECH_FAULT} (one log line); the tech is still told {@link #hangup} and {@link #close} once.
 * Calls into the core from a callback (upcalls, channel commands) are queued, never run inline.
 *
 * <p>Order guarantees: {@code call} at most once, before any {@code answer}-driven upcall matters; {@link #hangup}
 * exactly once; {@link #close} exactly once, last; nothing after {@code close}.
 */
public interface TechChannel {
    /** Place the outbound call. Outbound channels only; at most once. Runs on the channel's executor. */
    default void call() {
    }

    /**
     * Answer the inbound call, then confirm it with {@link ChannelSink#answered()} once the answer has gone out (at
     * once, from here, if there is nothing to wait for): the channel stays {@code RING} until then. Inbound channels
     * only; at most once. Runs on the channel's executor.
     */
    void answer();

    /**
     * The channel is hung up with {@code cause}: tell the far end unless it hung up itself. Exactly once.
     * Runs on the channel's executor.
     */
    void hangup(HangupCause cause);

    /** Send a voice or video frame to the far end. Runs on the channel's executor. */
    default void write(MediaFrame frame) {
    }

    /** Send comfort noise (CNG) to the far end. Runs on the channel's executor. */
    default void comfortNoise(ComfortNoiseFrame frame) {
    }

    /** Send an indication to the far end. Runs on the channel's executor. */
    default void indicate(ControlFrame control) {
    }

    /** A DTMF key goes down toward the far end. Runs on the channel's executor. */
    default void dtmfBegin(char digit) {
    }

    /** A DTMF key goes up toward the far end after {@code duration}. Runs on the channel's executor. */
    default void dtmfEnd(char digit, Duration duration) {
    }

    /** Send text to the far end. Runs on the channel's executor. */
    default void sendText(String text) {
    }

    /**
     * The channel was bridged with {@code peer}; a tech may set up native or direct media when the peer is of the
     * same tech and offers it ({@link BridgePeer#directMedia()}). Runs on the channel's executor.
     */
    default void bridged(BridgePeer peer) {
    }

    /**
     * What this channel offers a two-party peer of the same tech for direct media, or null (the default) for
     * nothing. Asked each time the channel becomes the two-party peer of a channel of the same tech (never for a peer
     * of another tech); the answer is passed to the peer's {@link #bridged}. Runs on the channel's executor.
     */
    default DirectMedia directMedia() {
        return null;
    }

    /** The channel left its bridge. Runs on the channel's executor. */
    default void unbridged() {
    }

    /** Release every resource of the channel. Exactly once, after {@link #hangup}, last. Runs on the channel's executor. */
    void close();
}
