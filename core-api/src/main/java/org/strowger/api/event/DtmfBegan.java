package org.strowger.api.event;

import org.strowger.api.ChannelId;

/**
 * A DTMF key went down, received from the far end or sent toward it.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param direction received or sent
 * @param digit {@code 0-9 * # A-D}
 */
public record DtmfBegan(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        DtmfDirection direction, char digit) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.DTMF_BEGAN;
    }
}
