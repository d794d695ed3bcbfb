package org.strowger.api.event;

import org.strowger.api.ChannelId;

/**
 * This channel is a leg being dialled: by the dialer on behalf of {@code caller}, or by an originate (no caller).
 * Emitted on the leg before it is called. Every {@code DialBegan} is followed by exactly one {@link DialEnded} in the
 * same stream, before {@link ChannelHungUp}.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param caller the channel it is dialled for, or null for an originate
 * @param target what was dialled, as the dialer received it (untrusted text)
 */
public record DialBegan(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        ChannelRef caller, String target) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.DIAL_BEGAN;
    }
}
