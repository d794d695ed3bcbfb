package org.strowger.api.event;

import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;

/**
 * The channel moved between live states: {@code DOWN -> DIALING -> RINGING -> UP} or {@code RING -> UP}. The end of
 * a channel is reported by {@link ChannelHungUp} and {@link ChannelDestroyed}, not by this event.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param from the state before
 * @param to the state after
 */
public record ChannelStateChanged(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        ChannelState from, ChannelState to) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.STATE_CHANGED;
    }
}
