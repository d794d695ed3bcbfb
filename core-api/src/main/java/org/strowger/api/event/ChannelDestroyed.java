package org.strowger.api.event;

import org.strowger.api.ChannelId;

/**
 * The last event of every channel: it is closed and removed from the registry.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 */
public record ChannelDestroyed(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis)
        implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.CHANNEL_DESTROYED;
    }
}
