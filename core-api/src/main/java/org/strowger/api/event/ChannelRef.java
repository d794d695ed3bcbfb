package org.strowger.api.event;

import org.strowger.api.ChannelId;

/**
 * A channel named by an event about something else (a bridge, a dial, a transfer): its immutable identity, enough to
 * match it with the channel's own stream.
 *
 * @param id the channel's id
 * @param name its name
 * @param linkedId the linked id of its call
 */
public record ChannelRef(ChannelId id, String name, ChannelId linkedId) {
    public ChannelRef {
        if (id == null || name == null || linkedId == null) {
            throw new org.strowger.api.InvalidArgumentException("channel id, name and linked id must not be null");
        }
    }
}
