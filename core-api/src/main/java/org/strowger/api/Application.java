package org.strowger.api;

import org.strowger.api.frame.MediaFrame;

/**
 * User code that owns a channel, such as an IVR. While it owns the channel it receives the channel's events and the
 * media from the far end. Every method runs on the channel's executor, one at a time, in order; none may block.
 * Commands issued from a callback are queued, never run inline. A callback that throws hangs up the channel with
 * {@link HangupCause#APPLICATION_FAULT}.
 *
 * <p>One application instance may own many channels; the {@code channel} argument says which.
 */
public interface Application {
    /** A short name for logs and the snapshot's owner name. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The application became the channel's owner. Runs on the channel's executor. */
    default void onAttach(Channel channel) {
    }

    /** Something happened on the channel (state, DTMF, control, text, hang-up). Runs on the channel's executor. */
    default void onEvent(Channel channel, ChannelEvent event) {
    }

    /** A voice or video frame arrived from the far end. Runs on the channel's executor. */
    default void onMedia(Channel channel, MediaFrame frame) {
    }

    /**
     * Someone else asks to take the channel over ({@code requester} names them). Return true to let go, after which
     * {@link #onDetach} follows. Runs on the channel's executor.
     */
    default boolean onReleaseRequest(Channel channel, String requester) {
        return true;
    }

    /**
     * The application no longer owns the channel. Runs on the channel's executor; the last callback of this
     * application for this channel (stages of commands it issued earlier may still complete afterwards).
     */
    default void onDetach(Channel channel, DetachReason reason) {
    }

    /** Why an application stopped owning a channel. */
    enum DetachReason {
        /** The channel was hung up. */
        HANGUP,
        /** Ownership was handed to someone else. */
        HANDED_OVER,
        /** {@link Channel#detach()} was called. */
        DETACHED
    }
}
