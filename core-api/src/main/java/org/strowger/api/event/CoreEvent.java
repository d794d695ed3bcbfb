package org.strowger.api.event;

import org.strowger.api.ChannelId;

/**
 * Something that happened in a core. Immutable. Every event belongs to one stream, a channel's or a bridge's, and
 * {@link #sequence()} is its position there: 1 for the stream's first event, increasing by one per event of that
 * stream. A subscriber that sees a gap lost events to overflow (or filtered them out by kind).
 */
public sealed interface CoreEvent permits ChannelScopedEvent, BridgeScopedEvent {
    /** What kind of event this is; one kind per record type. */
    EventKind kind();

    /** Position in its stream: 1, 2, 3 ... per channel for {@link ChannelScopedEvent}s, per bridge otherwise. */
    long sequence();

    /** When it happened, on the core's clock (milliseconds since the epoch). */
    long timestampMillis();

    /**
     * True if the event is about {@code channel}: a channel's own events, and the bridge events that name it (it
     * entered or left, or took part in a transfer or pickup). Used by {@link EventFilter#withChannels}.
     */
    boolean involves(ChannelId channel);

    /**
     * True if one of the channels the event is about belongs to the call with linked id {@code linkedId}. Used by
     * {@link EventFilter#withLinkedIds}.
     */
    boolean inCall(ChannelId linkedId);
}
