package org.strowger.api;

import org.strowger.api.frame.Frame;

/**
 * A frame hook on one channel (a recorder, a DTMF detector, a media inspector or replacer). It sees every frame the
 * channel reads from its tech and every frame written toward its tech, and may pass it on, replace it, or drop it.
 * A tap belongs to its channel, not to a bridge, so it follows the channel through joins, moves, swaps and transfers.
 *
 * <p>Formats: a READ tap sees voice as the tech sent it; a WRITE tap sees it as the tech will get it, already
 * translated into the channel's write format. A voice frame a tap puts in place may be in any format the core
 * translates ({@link ChannelCore#translatableFormats}): it is translated where it is written, so the tech still gets
 * its own format. A tap that wants audio in a format of its own translates it with {@link ChannelCore#translator}.
 *
 * <p>Every method runs on the channel's executor and must not block. {@link #onClose} runs exactly once for every tap
 * that was added: when it is removed, when the channel hangs up, or after {@link #onFrame} threw (the call goes on
 * without the tap). A tap whose {@link Channel#addTap} stage failed was never added and is never closed.
 */
public interface FrameTap {
    /** Which way a frame travels. */
    enum Direction {
        /** Read from the tech: what the far end sent. */
        READ,
        /** Written toward the tech: what the far end will hear. */
        WRITE
    }

    /** Why a tap was closed. */
    enum CloseReason {
        /** Its handle ({@link Channel#addTap}) was cancelled. */
        REMOVED,
        /** The channel was hung up. */
        HANGUP,
        /** {@link #onFrame} threw; the tap was taken off the channel. */
        FAULT
    }

    /**
     * A frame passes the tap. Runs on the channel's executor.
     *
     * @return the frame to pass on: {@code frame} itself, a replacement, or {@code null} to drop it
     */
    Frame onFrame(Channel channel, Direction direction, Frame frame);

    /** The tap is off the channel; the last call. Runs on the channel's executor. */
    default void onClose(Channel channel, CloseReason reason) {
    }
}
