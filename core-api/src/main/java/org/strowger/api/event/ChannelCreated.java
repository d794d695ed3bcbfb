package org.strowger.api.event;

import org.strowger.api.ChannelId;
import org.strowger.api.Direction;
import org.strowger.api.Party;

/**
 * The first event of every channel: emitted by its first task, before the tech creates its side. A channel whose
 * creation was refused (limits, duplicate id, shutdown) never existed and has no events.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param tech the tech's name
 * @param direction inbound or outbound
 * @param destination what was dialled (untrusted text; see {@link org.strowger.api.ChannelSnapshot#destination()})
 * @param caller caller identity at creation (untrusted text)
 */
public record ChannelCreated(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        String tech, Direction direction, String destination, Party caller) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.CHANNEL_CREATED;
    }
}
