package org.strowger.api.event;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;

/**
 * Which events a subscription receives. Three optional restrictions; an empty set means "no restriction". An event
 * passes if it passes every restriction that is set:
 *
 * <ul>
 *   <li>{@code channels}: it {@linkplain CoreEvent#involves involves} one of these channels (their own events, and
 *       bridge events that name them);
 *   <li>{@code linkedIds}: one of its channels belongs to one of these calls ({@link CoreEvent#inCall});
 *   <li>{@code kinds}: it is of one of these kinds.
 * </ul>
 *
 * {@link BridgeCreated} and {@link BridgeDestroyed} name no channel, so they pass only filters without a channel or
 * call restriction. Build filters with {@link #all()} and the {@code with...} methods:
 * {@code EventFilter.all().withLinkedIds(call).withKinds(EventKind.HUNG_UP)}.
 *
 * @param channels channels of interest, or empty for any; immutable
 * @param linkedIds calls of interest, or empty for any; immutable
 * @param kinds kinds of interest, or empty for any; immutable
 */
public record EventFilter(Set<ChannelId> channels, Set<ChannelId> linkedIds, Set<EventKind> kinds) {
    private static final EventFilter ALL = new EventFilter(Set.of(), Set.of(), Set.of());

    /** @throws InvalidArgumentException if a set is null or holds null */
    public EventFilter {
        channels = copy(channels, "channels");
        linkedIds = copy(linkedIds, "linked ids");
        checkNoNull(kinds, "kinds");
        kinds = kinds.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    }

    /** Every event. */
    public static EventFilter all() {
        return ALL;
    }

    /** This filter, restricted to events involving one of {@code ids} (replaces an earlier channel restriction). */
    public EventFilter withChannels(ChannelId... ids) {
        return new EventFilter(nonEmpty(ids, "channel ids"), linkedIds, kinds);
    }

    /** This filter, restricted to the calls with these linked ids (replaces an earlier call restriction). */
    public EventFilter withLinkedIds(ChannelId... ids) {
        return new EventFilter(channels, nonEmpty(ids, "linked ids"), kinds);
    }

    /** This filter, restricted to these kinds (replaces an earlier kind restriction). */
    public EventFilter withKinds(EventKind... of) {
        return new EventFilter(channels, linkedIds, nonEmpty(of, "kinds"));
    }

    /**
     * This filter, restricted to events of these types: record types such as {@code ChannelHungUp.class}, or
     * {@code ChannelScopedEvent.class} / {@code BridgeScopedEvent.class} / {@code CoreEvent.class} for every kind they
     * cover (replaces an earlier kind restriction).
     */
    @SafeVarargs
    public final EventFilter withTypes(Class<? extends CoreEvent>... types) {
        Set<EventKind> of = EnumSet.noneOf(EventKind.class);
        for (Class<? extends CoreEvent> t : nonEmpty(types, "types")) {
            for (EventKind k : EventKind.values()) {
                if (t.isAssignableFrom(k.type())) {
                    of.add(k);
                }
            }
        }
        return new EventFilter(channels, linkedIds, of);
    }

    /**
     * Whether {@code event} passes.
     *
     * @throws InvalidArgumentException if {@code event} is null
     */
    public boolean test(CoreEvent event) {
        if (event == null) {
            throw new InvalidArgumentException("event must not be null");
        }
        if (!kinds.isEmpty() && !kinds.contains(event.kind())) {
            return false;
        }
        if (!channels.isEmpty() && !anyInvolved(event)) {
            return false;
        }
        return linkedIds.isEmpty() || anyInCall(event);
    }

    /**
     * Whether an event of a channel's own stream with this kind, channel and linked id would pass; lets the core
     * skip building events nobody wants. A null argument matches only a filter that does not restrict it.
     */
    public boolean accepts(EventKind kind, ChannelId channel, ChannelId linkedId) {
        return (kinds.isEmpty() || kinds.contains(kind))
                && (channels.isEmpty() || (channel != null && channels.contains(channel)))
                && (linkedIds.isEmpty() || (linkedId != null && linkedIds.contains(linkedId)));
    }

    /** Whether some event of this kind could pass. */
    public boolean accepts(EventKind kind) {
        return kinds.isEmpty() || kinds.contains(kind);
    }

    private boolean anyInvolved(CoreEvent event) {
        for (ChannelId id : channels) {
            if (event.involves(id)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyInCall(CoreEvent event) {
        for (ChannelId id : linkedIds) {
            if (event.inCall(id)) {
                return true;
            }
        }
        return false;
    }

    private static Set<ChannelId> copy(Set<ChannelId> ids, String what) {
        checkNoNull(ids, what);
        return Set.copyOf(ids);
    }

    private static void checkNoNull(Set<?> values, String what) {
        if (values == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
        for (Object v : values) {
            if (v == null) {
                throw new InvalidArgumentException(what + " must not hold null");
            }
        }
    }

    private static <T> Set<T> nonEmpty(T[] values, String what) {
        if (values == null || values.length == 0) {
            throw new InvalidArgumentException(what + ": give at least one");
        }
        Set<T> out = new HashSet<>();
        for (T v : values) {
            if (v == null) {
                throw new InvalidArgumentException(what + " must not hold null");
            }
            out.add(v);
        }
        return out;
    }
}
