package org.strowger.api.event;

import org.strowger.api.ChannelId;

/**
 * An event of one channel's stream, emitted on that channel's executor where the change happened. The stream of a
 * channel is numbered 1..n without gaps: {@link ChannelCreated} is 1, {@link ChannelDestroyed} is n, and exactly one
 * {@link ChannelHungUp} comes shortly before it.
 */
public sealed interface ChannelScopedEvent extends CoreEvent permits ChannelCreated, ChannelStateChanged, VariableSet,
        MediaChanged, DtmfBegan, DtmfEnded, DialBegan, DialEnded, OwnerChanged, ChannelHungUp, ChannelDestroyed {
    /** The channel the event is about. */
    ChannelId channelId();

    /** Its name (e.g. {@code SIP/alice-0000002a}); log-safe, but may be long. */
    String channelName();

    /** The linked id of its call: the first channel's id, unchanged by transfers. */
    ChannelId linkedId();

    @Override
    default boolean involves(ChannelId channel) {
        return channelId().equals(channel);
    }

    @Override
    default boolean inCall(ChannelId linked) {
        return linkedId().equals(linked);
    }
}
