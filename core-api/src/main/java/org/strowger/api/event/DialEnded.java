package org.strowger.api.event;

import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;

/**
 * The dial of this leg ended: reported by the dialer, or, if the leg hangs up while its dial is still open, by the
 * leg itself just before {@link ChannelHungUp}, with the status {@link DialStatus#of} derives from the cause.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param caller as in the {@link DialBegan} it ends
 * @param status answered, busy, no answer, cancelled ... (Asterisk's DIALSTATUS)
 * @param cause the hang-up cause behind the outcome, or null (e.g. when answered)
 */
public record DialEnded(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        ChannelRef caller, DialStatus status, HangupCause cause) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.DIAL_ENDED;
    }
}
