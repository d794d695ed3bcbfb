package org.strowger.api.event;

import org.strowger.api.ChannelId;

/**
 * The channel changed hands: attached to an application, joined or moved into a bridge, returned, parked or
 * redirected. One event per hand-over (an application handing the channel to a bridge is one event, not two). A
 * hang-up ends every ownership and is reported by {@link ChannelHungUp} alone.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param from the owner before
 * @param to the owner after
 */
public record OwnerChanged(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        Owner from, Owner to) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.OWNER_CHANGED;
    }
}
