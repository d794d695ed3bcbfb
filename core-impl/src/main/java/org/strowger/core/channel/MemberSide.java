package org.strowger.core.channel;

import java.util.function.BooleanSupplier;
import org.strowger.api.ChannelId;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFrame;

/**
 * A bridge member as its bridge sees it: the channel's side of the membership protocol ({@link Membership}). Every
 * method but the identity accessors posts to the channel's executor; none runs channel code on the caller's thread,
 * except {@link #postMediaFromPeer}, which may run the channel's task inline when its executor is idle (the serial
 * executor's inline forward). Any thread.
 */
public interface MemberSide {
    ChannelId id();

    /** The channel's public handle (what hooks and events hand to user code). */
    org.strowger.api.Channel handle();

    /** The name of the channel's tech (what a peer's tech is told by {@code bridged}). */
    String techName();

    /** The channel as events name it. */
    ChannelRef ref();

    /** Posts a protocol message to the channel's executor. */
    void post(Membership.ToChannel message);

    /**
     * A two-party peer's voice or video toward this channel's tech, from the peer's batch: runs at once on the calling
     * thread if this channel's executor is idle, else queued on its media lane.
     */
    void postMediaFromPeer(MediaFrame frame);

    /**
     * A frame toward this channel's tech (a mixed frame; a two-party peer's DTMF, text or indication), as
     * {@code Channel.write}: media on the bounded media lane, the rest on the control lane.
     *
     * @return false if the channel no longer takes frames
     */
    boolean postFrame(Frame frame);

    /**
     * As {@link #postFrame}, for a frame that is wanted only while {@code wanted} holds (a bridge's playback is in
     * it): checked on the channel's executor just before the frame goes on, so a frame still queued when the playback
     * ends is dropped.
     *
     * @return false if the channel no longer takes frames
     */
    boolean postFrameWhile(Frame frame, BooleanSupplier wanted);
}
