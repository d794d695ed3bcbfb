package org.strowger.core.cdr;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordSink;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.core.CoreScheduler;
import org.strowger.core.exec.Contained;
import org.strowger.core.exec.DeadlineDrain;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.exec.IsolatedConsumer;
import org.strowger.core.log.LogText;

/*
 * One call-record sink: an IsolatedConsumer of records that never loses one. A record that finds the queue full, one
 * the sink throws on, one still queued when the sink is closed, and one a sink stuck at shutdown still holds
 * (abandonRecordInHand) goes to the fallback instead: the user's, or one escaped CSV line at WARN. So
 * offered == delivered + fallback + queued, where queued includes a record in the sink's hands; a record abandoned at
 * shutdown may be stored twice (by the fallback and by a sink that returns at last) but is never lost, and is counted
 * once, as fallback.
 *
 * Threads: offer() runs on the engine's executor and never blocks (the fallback on overflow runs there too, which is
 * why a fallback must not block); deliveries and failures run on the sink's executor; close() may run on any thread.
 */
final class CallRecordSinkRunner implements DeadlineDrain.Drainable {
    static final Logger FALLBACK_LOG = LoggerFactory.getLogger("org.strowger.cdr.fallback");
    private static final Logger LOG = LoggerFactory.getLogger(CallRecordSinkRunner.class);

    private final String name;
    private final String logName;
    private final CallRecordSink fallback;
    private final IsolatedConsumer<CallRecord> consumer;
    private final LongAdder overflowed = new LongAdder();
    private final LongAdder fallbackCount = new LongAdder();
    private final LongAdder fallbackFailures = new LongAdder();

    CallRecordSinkRunner(CallRecordSink sink, CallRecordSinkOptions options, String name, ExecutorSettings core,
            CoreScheduler clock) {
        this.fallback = options.fallback();
        this.name = name;
        this.logName = LogText.escape(name);
        this.consumer = new IsolatedConsumer<>(LOG, "call-record sink " + logName, name,
                options.delivery() == SubscribeOptions.Delivery.DEDICATED_THREAD ? IsolatedConsumer.Thread.DEDICATED
                        : IsolatedConsumer.Thread.POOL,
                "strowger-cdr-" + logName, core, clock, options.queueCapacity(), sink::onRecord,
                (r, t) -> toFallback(r),
                (r, why) -> {
                    if (why == IsolatedConsumer.Undelivered.FULL) {
                        overflowed.increment();
                    }
                    toFallback(r);
                },
                (log, n, r, t, failures, notLogged) -> log.warn("call-record sink {}: the sink threw {} ({} failures in"
                        + " all, {} since the last line; each record it threw on went to the fallback; this is logged at"
                        + " most every 10 s)", n, LogText.escape(String.valueOf(t)), failures, notLogged));
    }

    /** Queues {@code r} for the sink, or gives it to the fallback if the queue is full or closed. Never blocks. */
    void offer(CallRecord r) {
        consumer.offer(r);
    }

    /** True while the sink holds a record (is inside onRecord). Any thread. */
    boolean busy() {
        return consumer.busy();
    }

    /**
     * Shutdown, for a sink that is still inside onRecord after it was closed and interrupted: the record it holds goes
     * to the fallback now. If the sink returns later, it has stored it too (it is then counted once, as fallback).
     */
    void abandonRecordInHand() {
        if (consumer.abandonItemInHand()) {
            LOG.warn("call-record sink {} is still busy after the core stopped; the record it held went to the "
                    + "fallback (the sink may store it too if it ever returns)", logName);
        }
    }

    /** Counted once the fallback has the record, so a reader who sees the count also sees it stored or logged. */
    private void toFallback(CallRecord r) {
        try {
            if (fallback != null) {
                try {
                    fallback.onRecord(r);
                    return;
                } catch (Throwable t) {
                    Contained.rethrowIfFatal(t);
                    fallbackFailures.increment();
                    FALLBACK_LOG.error("call-record sink {}: its fallback threw {}; the record follows", logName,
                            LogText.escape(String.valueOf(t)));
                }
            }
            FALLBACK_LOG.warn("call record not stored by sink {}: {}", logName, CallRecordLine.of(r));
        } finally {
            fallbackCount.increment();
        }
    }

    @Override
    public void drainThenClose(Runnable done) {
        consumer.drainThenClose(done);
    }

    /**
     * Stops the sink: what is still queued goes to the fallback, on the calling thread; a sink blocked on its own
     * thread is interrupted. Idempotent; any thread.
     */
    @Override
    public void close() {
        consumer.close();
    }

    CallRecordSinkStats stats() {
        return new CallRecordSinkStats(name, consumer.offered(), consumer.handed(), overflowed.sum(),
                consumer.failures(), fallbackCount.sum(), fallbackFailures.sum(), consumer.queued());
    }
}
