package org.strowger.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventSubscriber;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.event.SubscriptionStats;

/*
 * One subscriber, isolated from calls and from the other subscribers. Its queue is its own SerialExecutor's control
 * lane (a lock-free MPSC list), bounded by a counter: the emitting executor increments it and, if that passes the
 * capacity, takes it back and counts a drop (the newest event is dropped, for this subscriber only); otherwise it
 * queues one delivery task. Emitting therefore never waits and never runs subscriber code. The executor runs on the
 * core's pool (POOL: must not block; the stall watchdog reports it if it does) or on a DedicatedThreadPool of its own
 * (DEDICATED_THREAD, the default: may block and then delays only itself; its wake-ups are coalesced by
 * CoalescedWakeups, so events don't each wake the thread).
 *
 * A throwing subscriber is counted, logged at most once per 10 s on the core's clock with the number not logged,
 * and keeps receiving. close() removes the subscription from the bus (nothing more is queued), closes the executor
 * (what is queued is discarded by its next run, which may be the one in progress) and, for a dedicated thread, lets
 * the thread end and interrupts a subscriber blocked in onEvent. Shutdown of the core first lets every subscription
 * drain what it has (drainThenClose), with a time limit, so the last events of a shutdown are delivered.
 */
final class EventSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int DEDICATED_BATCH = 256;

    final EventFilter filter;
    private final EventSubscriber subscriber;
    private final String name;
    private final String logName;
    private final int capacity;
    private final EventBus bus;
    private final CoreScheduler clock;
    private final DedicatedThreadPool thread;
    private final CoalescedWakeups wakeups; // null with the thread
    private final SerialExecutor executor;
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder matched = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile long delivered; // written by the executor only
    private volatile long failures; // written by the executor only
    private long lastFailureLog; // executor only
    private long failuresNotLogged; // executor only
    private boolean anyFailureLogged; // executor only

    EventSubscription(EventBus bus, ExecutorSettings core, CoreScheduler clock, EventFilter filter,
            EventSubscriber subscriber, SubscribeOptions options, String name) {
        this(bus, core, clock, filter, subscriber, options, name, options.queueCapacity());
    }

    /** With a capacity of its own: Integer.MAX_VALUE for the call-record engine, which must never drop. */
    EventSubscription(EventBus bus, ExecutorSettings core, CoreScheduler clock, EventFilter filter,
            EventSubscriber subscriber, SubscribeOptions options, String name, int capacity) {
        this.bus = bus;
        this.clock = clock;
        this.filter = filter;
        this.subscriber = subscriber;
        this.name = name;
        this.logName = LogText.escape(name);
        this.capacity = capacity;
        if (options.delivery() == SubscribeOptions.Delivery.DEDICATED_THREAD) {
            thread = new DedicatedThreadPool("strowger-events-" + logName);
            wakeups = new CoalescedWakeups(thread, clock);
            executor = new SerialExecutor(new ExecutorSettings(wakeups, DEDICATED_BATCH, 2), "subscription " + logName);
        } else {
            thread = null;
            wakeups = null;
            executor = new SerialExecutor(new ExecutorSettings(core.pool(), core.throughput(), 2),
                    "subscription " + logName);
        }
    }

    /** Queues {@code event}, or drops it if the queue is full. Called by the emitting executor; never blocks. */
    void offer(CoreEvent event) {
        matched.increment();
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        if (!executor.execute(new Delivery(event))) {
            queued.decrementAndGet(); // closed meanwhile
        }
    }

    /** One event on its way to the subscriber. */
    private final class Delivery implements Runnable, Rejectable {
        private final CoreEvent event;

        Delivery(CoreEvent event) {
            this.event = event;
        }

        @Override
        public void run() {
            queued.decrementAndGet();
            deliver(event);
        }

        @Override
        public void reject() {
            queued.decrementAndGet();
        }
    }

    private void deliver(CoreEvent event) {
        try {
            subscriber.onEvent(event);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            failures = failures + 1;
            logFailure(event, t);
        } finally {
            delivered = delivered + 1;
        }
    }

    private void logFailure(CoreEvent event, Throwable t) {
        long now = clock.nanoTime();
        if (anyFailureLogged && now - lastFailureLog < FAILURE_LOG_INTERVAL_NANOS) {
            failuresNotLogged++;
            return;
        }
        LOG.warn("event subscription {}: the subscriber threw {} on a {} event ({} failures in all, {} since the last "
                + "line; it keeps receiving, and this is logged at most every 10 s)", logName,
                LogText.escape(String.valueOf(t)), event.kind(), failures, failuresNotLogged);
        LOG.debug("event subscription {}: stack of the failure", logName, LogText.loggable(t));
        anyFailureLogged = true;
        lastFailureLog = now;
        failuresNotLogged = 0;
    }

    /**
     * Core shutdown: runs {@code done} once everything queued before this call has been delivered, then closes; if
     * the subscription is closed first, {@code done} runs then. Any thread.
     */
    void drainThenClose(Runnable done) {
        executor.executeOrElse(() -> {
            close();
            done.run();
        }, done);
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
        return delivered;
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long failures() {
        return failures;
    }

    @Override
    public int queued() {
        return queued.get();
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public SubscriptionStats stats() {
        return new SubscriptionStats(name, matched.sum(), delivered, dropped.sum(), failures, queued.get(), open.get());
    }

    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        bus.remove(this);
        executor.close();
        if (thread != null) {
            wakeups.shutdown(); // a hand-off waiting for the timer goes now: the executor rejects its queue
            thread.interrupt();
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + logName + "]";
    }
}
