package org.strowger.core.cdr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordMetrics;
import org.strowger.api.cdr.CallRecordSink;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.core.CoreScheduler;
import org.strowger.core.event.EventBus;
import org.strowger.core.event.EventSubscription;
import org.strowger.core.exec.DeadlineDrain;
import org.strowger.core.exec.ExecutorSettings;

/*
 * The call records of one core: the engine, subscribed to the event bus before any channel exists, and the sinks it
 * feeds. The engine's subscription runs on the core's pool and has no bound: it is the one subscriber that must see
 * every event, and it never blocks (it computes, and hands each record to each sink's own bounded queue), so its
 * queue holds only what the pool has not got to yet, and a slow sink fills its own queue and overflows into its
 * fallback instead. Memory is the backstop, and CallRecordMetrics.eventsQueued shows the backlog.
 *
 * At shutdown the core drains the other event subscriptions, with their time limit, and hands the engine's to
 * drainThenClose, which lets it deliver everything, with no limit (it never blocks, so it only waits for the pool;
 * every record is then closed, all channels being gone), then lets every sink take what it has queued, for at most
 * SINK_DRAIN_NANOS; a sink still
 * busy then is closed (its queued records go to its fallback) and interrupted, and given SINK_SETTLE_NANOS more to
 * return from onRecord; a record it still holds after that goes to the fallback too. Only then does the core stop.
 */
public final class CallRecords {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecords.class);
    static final long SINK_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long SINK_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SETTLE_POLL_MILLIS = 10;

    /** A sink as configured on the builder. */
    public record Registration(CallRecordSink sink, CallRecordSinkOptions options) {
    }

    private final CallRecordEngine engine = new CallRecordEngine(this::publish);
    private final CallRecordSinkRunner[] sinks;
    private final CoreScheduler scheduler;
    private final EventSubscription subscription;
    private volatile long produced; // written by the engine's executor only

    public CallRecords(EventBus bus, ExecutorSettings settings, CoreScheduler scheduler, List<Registration> registrations) {
        this.scheduler = scheduler;
        List<CallRecordSinkRunner> runners = new ArrayList<>();
        int n = 0;
        for (Registration r : registrations) {
            String name = r.options().name() != null ? r.options().name() : "cdr-" + ++n;
            runners.add(new CallRecordSinkRunner(r.sink(), r.options(), name, settings, scheduler));
        }
        this.sinks = runners.toArray(new CallRecordSinkRunner[0]);
        this.subscription = new EventSubscription(bus, settings, scheduler,
                EventFilter.all().withKinds(CallRecordEngine.KINDS), engine::onEvent,
                SubscribeOptions.defaults().onPool().withName("call-records"), "call-records", Integer.MAX_VALUE);
        bus.add(subscription);
    }

    /** On the engine's executor: a record has closed. */
    private void publish(CallRecord record) {
        produced = produced + 1;
        for (CallRecordSinkRunner s : sinks) {
            s.offer(record);
        }
    }

    public CallRecordMetrics metrics() {
        List<CallRecordSinkStats> stats = new ArrayList<>(sinks.length);
        for (CallRecordSinkRunner s : sinks) {
            stats.add(s.stats());
        }
        return new CallRecordMetrics(produced, engine.open(), subscription.queued(), stats);
    }

    /**
     * After the sinks were closed: gives a sink that was interrupted inside onRecord until {@code until} (the
     * scheduler's nanoTime) to return, checking every SETTLE_POLL_MILLIS without blocking; then sends what a sink still
     * holds to its fallback and runs {@code then}.
     */
    private void settle(long until, Runnable then) {
        boolean busy = false;
        for (CallRecordSinkRunner s : sinks) {
            busy |= s.busy();
        }
        if (busy && scheduler.nanoTime() - until < 0) {
            scheduler.schedule(() -> settle(until, then), SETTLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        for (CallRecordSinkRunner s : sinks) {
            s.abandonRecordInHand();
        }
        then.run();
    }

    /** The engine's subscription: the core's shutdown leaves it to drainThenClose, out of its time limit. */
    public boolean isEngine(EventSubscription s) {
        return s == subscription;
    }

    /**
     * Core shutdown, once the bus has stopped: lets the engine take every event it has queued, then every sink drain,
     * then runs {@code then}.
     */
    public void drainThenClose(Runnable then) {
        subscription.drainThenClose(() -> drainSinksThenClose(then));
    }

    private void drainSinksThenClose(Runnable then) {
        // a stuck sink is closed at the deadline: what it still has queued goes to its fallback, and it is interrupted
        DeadlineDrain.drain(List.of(sinks), scheduler, SINK_DRAIN_NANOS, late -> LOG.warn("shutdown: {} call-record "
                + "sink(s) did not drain within {} s; their queued records go to the fallback", late,
                TimeUnit.NANOSECONDS.toSeconds(SINK_DRAIN_NANOS)),
                () -> settle(scheduler.nanoTime() + SINK_SETTLE_NANOS, then));
    }
}
