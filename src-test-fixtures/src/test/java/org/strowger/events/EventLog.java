package org.strowger.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.api.event.BridgeScopedEvent;
import org.strowger.api.event.ChannelScopedEvent;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventSubscriber;

/** A subscriber that keeps what it receives, in order (thread-safe), and its streams grouped by channel and bridge. */
class EventLog implements EventSubscriber {
    private final Queue<CoreEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    public void onEvent(CoreEvent event) {
        events.add(event);
    }

    List<CoreEvent> events() {
        return List.copyOf(events);
    }

    int size() {
        return events.size();
    }

    /** Each channel's events in the order received, channels in order of their first event. */
    Map<ChannelId, List<ChannelScopedEvent>> channelStreams() {
        Map<ChannelId, List<ChannelScopedEvent>> out = new LinkedHashMap<>();
        for (CoreEvent e : events) {
            if (e instanceof ChannelScopedEvent c) {
                out.computeIfAbsent(c.channelId(), k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }

    /** Each bridge's events in the order received. */
    Map<BridgeId, List<BridgeScopedEvent>> bridgeStreams() {
        Map<BridgeId, List<BridgeScopedEvent>> out = new LinkedHashMap<>();
        for (CoreEvent e : events) {
            if (e instanceof BridgeScopedEvent b) {
                out.computeIfAbsent(b.bridgeId(), k -> new ArrayList<>()).add(b);
            }
        }
        return out;
    }

    /** The events of one channel's stream. */
    List<ChannelScopedEvent> of(ChannelId channel) {
        return channelStreams().getOrDefault(channel, List.of());
    }
}
