package org.strowger.core.event;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventSubscriber;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.event.SubscriptionStats;
import org.strowger.core.CoreScheduler;
import org.strowger.core.exec.DeadlineDrain;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.exec.IsolatedConsumer;
import org.strowger.core.log.LogText;

/*
 * One subscriber: an IsolatedConsumer of events with the subscription's capacity, on its own thread or the core's
 * pool. The emitting executor offers each event it emits that passes the filter; a full queue drops the newest event,
 * for this subscriber only, and so does a closed one. A throwing subscriber is counted and keeps receiving. The
 * counters are derived so that matched == delivered + dropped + queued holds in every read (the event in the
 * subscriber's hands is still queued). close() removes the subscription from the bus (nothing more is queued) and
 * discards what is queued; the core's shutdown drains first (DeadlineDrain).
 */
public final class EventSubscription implements Subscription, DeadlineDrain.Drainable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);

    final EventFilter filter;
    private final String name;
    private final EventBus bus;
    private final LongAdder dropped = new LongAdder();
    private final IsolatedConsumer<CoreEvent> consumer;

    public EventSubscription(EventBus bus, ExecutorSettings core, CoreScheduler clock, EventFilter filter,
            EventSubscriber subscriber, SubscribeOptions options, String name) {
        this(bus, core, clock, filter, subscriber, options, name, options.queueCapacity());
    }

    /** With a capacity of its own: Integer.MAX_VALUE for the call-record engine, which must never drop. */
    public EventSubscription(EventBus bus, ExecutorSettings core, CoreScheduler clock, EventFilter filter,
            EventSubscriber subscriber, SubscribeOptions options, String name, int capacity) {
        this.bus = bus;
        this.filter = filter;
        this.name = name;
        String logName = LogText.escape(name);
        this.consumer = new IsolatedConsumer<>(LOG, "subscription " + logName, name,
                options.delivery() == SubscribeOptions.Delivery.DEDICATED_THREAD ? IsolatedConsumer.Thread.DEDICATED
                        : IsolatedConsumer.Thread.POOL,
                "strowger-events-" + logName, core, clock, capacity, subscriber::onEvent, (event, t) -> { },
                (event, why) -> dropped.increment(),
                (log, n, event, t, failures, notLogged) -> log.warn("event subscription {}: the subscriber threw {} on"
                        + " a {} event ({} failures in all, {} since the last line; it keeps receiving, and this is "
                        + "logged at most every 10 s)", n, LogText.escape(String.valueOf(t)), event.kind(), failures,
                        notLogged));
    }

    /** Queues {@code event}, or drops it if the queue is full. Called by the emitting executor; never blocks. */
    void offer(CoreEvent event) {
        consumer.offer(event);
    }

    /**
     * Core shutdown: runs {@code done} once everything queued before this call has been delivered, then closes; if
     * the subscription is closed first, {@code done} runs then. Any thread.
     */
    @Override
    public void drainThenClose(Runnable done) {
        consumer.drainThenClose(() -> {
            bus.remove(this);
            done.run();
        });
    }

    // ---- Subscription ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public EventFilter filter() {
        return filter;
    }

    @Override
    public long delivered() {
        return consumer.handed() + consumer.failures();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long failures() {
        return consumer.failures();
    }

    @Override
    public int queued() {
        return consumer.queued();
    }

    @Override
    public boolean isOpen() {
        return consumer.isOpen();
    }

    @Override
    public SubscriptionStats stats() {
        long failures = consumer.failures();
        long delivered = consumer.handed() + failures;
        long drops = dropped.sum();
        int queued = consumer.queued();
        return new SubscriptionStats(name, delivered + drops + queued, delivered, drops, failures, queued,
                consumer.isOpen());
    }

    @Override
    public void close() {
        cancel();
    }

    @Override
    public boolean cancel() {
        bus.remove(this);
        return consumer.close();
    }

    @Override
    public String toString() {
        return "Subscription[" + LogText.escape(name) + "]";
    }
}
