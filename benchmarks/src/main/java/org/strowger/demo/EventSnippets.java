package org.strowger.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.CoreMetrics;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.ChannelScopedEvent;
import org.strowger.api.event.ChannelStateChanged;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.EventSubscriber;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.event.SubscriptionStats;

/**
 * Code shown in docs/events-and-cdr.md and docs/operations.md. Every java block in those documents is an excerpt of
 * a file in this package (DocSnippetsTest in src-test-fixtures checks it), so the snippets always compile against the
 * real API. The demo does not run them.
 */
public final class EventSnippets {
    private EventSnippets() {
    }

    // ---- subscribing ----

    /** Where a call log goes: a database, a file, a message queue. Slow and blocking. */
    interface CallLogStore {
        void append(String line);
    }

    /** Writes one line per finished channel to a store that may block: the default delivery, a thread of its own. */
    static Subscription callLog(ChannelCore core, CallLogStore store) {
        EventFilter ends = EventFilter.all().withKinds(EventKind.CHANNEL_CREATED, EventKind.HUNG_UP);
        Map<ChannelId, ChannelCreated> open = new HashMap<>(); // touched only by the subscription, one event at a time
        return core.subscribe(ends, event -> {
            switch (event) {
                case ChannelCreated c -> open.put(c.channelId(), c);
                case ChannelHungUp h -> {
                    ChannelCreated c = open.remove(h.channelId());
                    if (c != null) {                   // null: created before we subscribed
                        store.append(c.channelName() + " " + c.direction() + " " + h.cause() + " "
                                + (h.timestampMillis() - c.timestampMillis()) + " ms");
                    }
                }
                default -> { }                         // the filter lets nothing else through
            }
        });
    }

    /** Everything that happens to one call, on the core's pool: the subscriber must not block. */
    static Subscription watchCall(ChannelCore core, ChannelId linkedId, EventSubscriber printer) {
        return core.subscribe(EventFilter.all().withLinkedIds(linkedId), printer,
                SubscribeOptions.defaults().onPool().withName("watch " + linkedId));
    }

    /** Turns events into lines for an operator's console. */
    static String describe(CoreEvent event) {
        return switch (event) {
            case ChannelStateChanged s -> s.channelName() + ": " + s.from() + " -> " + s.to();
            case BridgeEntered e -> e.channel().name() + " entered " + e.bridgeId() + ", now " + e.members();
            case ChannelHungUp h -> h.channelName() + " hung up: " + h.cause();
            default -> event.kind() + " #" + event.sequence();
        };
    }

    // ---- sequence numbers ----

    /** Notices events lost to overflow: each channel's numbers go 1, 2, 3 ... without gaps. */
    static final class GapDetector implements EventSubscriber {
        private final Map<ChannelId, Long> last = new HashMap<>();
        private long gaps;

        @Override
        public void onEvent(CoreEvent event) {
            if (event instanceof ChannelScopedEvent e) {
                Long before = last.put(e.channelId(), e.sequence());
                if (before != null && e.sequence() != before + 1) {
                    gaps++;                            // before + 1 .. sequence - 1 were dropped for us
                }
                if (e.kind() == EventKind.CHANNEL_DESTROYED) {
                    last.remove(e.channelId());        // the last event of that channel
                }
            }
        }

        long gaps() {
            return gaps;
        }
    }

    // ---- metrics and tables ----

    /** Prints the core's health every 10 s, for a log-based monitor. */
    static ScheduledExecutorService reportEvery10s(ChannelCore core) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> {
            CoreMetrics m = core.metrics();            // walks the live channels: not per call
            System.out.printf("channels %d live, %d created, %d rejected; bridges %d; media drops %d;"
                    + " queued tasks %d (max %d in one channel); stalls %d; faults %d%n",
                    m.stats().channelsLive(), m.stats().channelsCreated(), m.stats().channelsRejected(),
                    m.bridgesLive(), m.mediaFramesDropped(), m.queueDepthTotal(), m.queueDepthMax(),
                    m.stats().stalls(), m.stats().callbackFaults());
            for (SubscriptionStats s : m.subscriptions()) {
                if (s.dropped() > 0 || s.failures() > 0) {
                    System.out.printf("subscription %s: %d dropped, %d failed, %d queued%n", s.name(), s.dropped(),
                            s.failures(), s.queued());
                }
            }
        }, 10, 10, TimeUnit.SECONDS);
        return timer;
    }

    /** What an operator's "show channels" and "show bridges" commands print. */
    static void show(ChannelCore core) {
        System.out.print(core.channelTable());
        System.out.print(core.bridgeTable());
    }
}
