package org.strowger.api.event;

import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;

/**
 * The channel was hung up; exactly once per channel. The next event of its stream is {@link ChannelDestroyed}, its
 * last. (A dial still open is closed by a {@link DialEnded} just before this event.)
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param cause why
 */
public record ChannelHungUp(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        HangupCause cause) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.HUNG_UP;
    }
}
