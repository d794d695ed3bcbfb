package org.strowger.api.event;

import java.time.Duration;
import org.strowger.api.ChannelId;

/**
 * A DTMF digit ended (or a whole digit was received or sent at once).
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param direction received or sent
 * @param digit {@code 0-9 * # A-D}
 * @param duration how long the key was down
 */
public record DtmfEnded(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        DtmfDirection direction, char digit, Duration duration) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.DTMF_ENDED;
    }
}
