package org.strowger.api.event;

import org.strowger.api.ChannelId;
import org.strowger.api.media.ChannelMedia;

/**
 * The channel's tech declared new media: formats or direction ({@code ChannelSink.mediaChanged}); a direction in
 * which the far end stops sending is how it puts the call on hold.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param media the channel's media now
 */
public record MediaChanged(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        ChannelMedia media) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.MEDIA_CHANGED;
    }
}
