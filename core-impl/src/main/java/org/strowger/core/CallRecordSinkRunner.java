package org.strowger.core;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordSink;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.api.event.SubscribeOptions;

/*
 * One call-record sink, isolated from the engine and from the other sinks, and never losing a record. Records wait in
 * a lock-free queue bounded by a counter (as EventSubscription does with events); each offer queues one delivery task
 * on the sink's serial executor, on a DedicatedThreadPool of its own (the default: the sink may block) or on the
 * core's pool. A record that finds the queue full, one the sink throws on, and one still queued when the sink is
 * closed goes to the fallback instead: the user's, or one escaped CSV line at WARN. Every record is taken from the
 * queue by exactly one poll, by the sink's executor or by the closing thread, so it reaches the sink or the fallback
 * exactly once: offered == delivered + fallback + queued. The one exception is a sink still stuck in onRecord when
 * the core's shutdown gives up on it: the record it holds is then sent to the fallback as well (abandonRecordInHand),
 * so it may be stored twice but is never lost; a CAS on inHand decides which of the two counts it.
 *
 * Threads: offer() runs on the engine's executor and never blocks (the fallback on overflow runs there too, which is
 * why a fallback must not block); deliveries and failures run on the sink's executor; close() may run on any thread.
 */
final class CallRecordSinkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecordSinkRunner.class);
    static final Logger FALLBACK_LOG = LoggerFactory.getLogger("org.strowger.cdr.fallback");
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int DEDICATED_BATCH = 256;

    private final String name;
    private final String logName;
    private final CallRecordSink sink;
    private final CallRecordSink fallback;
    private final int capacity;
    private final CoreScheduler clock;
    private final DedicatedThreadPool thread;
    private final SerialExecutor executor;
    private final ConcurrentLinkedQueue<CallRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicReference<CallRecord> inHand = new AtomicReference<>();
    private final LongAdder offered = new LongAdder();
    private final LongAdder overflowed = new LongAdder();
    private final LongAdder fallbackCount = new LongAdder();
    private final LongAdder fallbackFailures = new LongAdder();
    private volatile long delivered; // written by the sink's executor only
    private volatile long failures; // written by the sink's executor only
    private long lastFailureLog; // sink's executor only
    private long failuresNotLogged; // sink's executor only
    private boolean anyFailureLogged; // sink's executor only

    CallRecordSinkRunner(CallRecordSink sink, CallRecordSinkOptions options, String name, ExecutorSettings core,
            CoreScheduler clock) {
        this.sink = sink;
        this.fallback = options.fallback();
        this.capacity = options.queueCapacity();
        this.name = name;
        this.logName = LogText.escape(name);
        this.clock = clock;
        if (options.delivery() == SubscribeOptions.Delivery.DEDICATED_THREAD) {
            thread = new DedicatedThreadPool("strowger-cdr-" + logName);
            executor = new SerialExecutor(new ExecutorSettings(thread, DEDICATED_BATCH, 2), "call-record sink " + logName);
        } else {
            thread = null;
            executor = new SerialExecutor(new ExecutorSettings(core.pool(), core.throughput(), 2),
                    "call-record sink " + logName);
        }
    }

    /** Queues {@code r} for the sink, or gives it to the fallback if the queue is full or closed. Never blocks. */
    void offer(CallRecord r) {
        offered.increment();
        if (!open.get()) {
            toFallback(r);
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            overflowed.increment();
            toFallback(r);
            return;
        }
        queue.add(r);
        if (!executor.execute(this::deliverOne) || !open.get()) {
            drainToFallback(); // closed meanwhile: whoever polls it hands it on
        }
    }

    private void deliverOne() {
        CallRecord r = queue.poll();
        if (r == null) {
            return; // taken by a closing thread
        }
        queued.decrementAndGet();
        inHand.set(r);
        try {
            sink.onRecord(r);
            if (inHand.compareAndSet(r, null)) {
                delivered = delivered + 1;
            } // else the core's shutdown gave up on the sink and sent the record to the fallback
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            if (inHand.compareAndSet(r, null)) {
                failures = failures + 1;
                logFailure(t);
                toFallback(r);
            }
        }
    }

    /** True while the sink holds a record (is inside onRecord). Any thread. */
    boolean busy() {
        return inHand.get() != null;
    }

    /**
     * Shutdown, for a sink that is still inside onRecord after it was closed and interrupted: the record it holds goes
     * to the fallback now. If the sink returns later, it has stored it too (it is then counted once, as fallback).
     */
    void abandonRecordInHand() {
        CallRecord r = inHand.getAndSet(null);
        if (r != null) {
            LOG.warn("call-record sink {} is still busy after the core stopped; the record it holds goes to the "
                    + "fallback (the sink may store it too if it ever returns)", logName);
            toFallback(r);
        }
    }

    private void logFailure(Throwable t) {
        long now = clock.nanoTime();
        if (anyFailureLogged && now - lastFailureLog < FAILURE_LOG_INTERVAL_NANOS) {
            failuresNotLogged++;
            return;
        }
        LOG.warn("call-record sink {}: the sink threw {} ({} failures in all, {} since the last line; each record it "
                + "threw on went to the fallback; this is logged at most every 10 s)", logName,
                LogText.escape(String.valueOf(t)), failures, failuresNotLogged);
        LOG.debug("call-record sink {}: stack of the failure", logName, LogText.loggable(t));
        anyFailureLogged = true;
        lastFailureLog = now;
        failuresNotLogged = 0;
    }

    /** Counted once the fallback has the record, so a reader who sees the count also sees it stored or logged. */
    private void toFallback(CallRecord r) {
        try {
            if (fallback != null) {
                try {
                    fallback.onRecord(r);
                    return;
                } catch (Throwable t) {
                    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                        throw (VirtualMachineError) t;
                    }
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

    private void drainToFallback() {
        CallRecord r;
        while ((r = queue.poll()) != null) {
            queued.decrementAndGet();
            toFallback(r);
        }
    }

    /**
     * Core shutdown: runs {@code done} once everything queued before this call has reached the sink, then closes; if
     * the sink is closed first (the deadline), {@code done} runs then. Any thread.
     */
    void drainThenClose(Runnable done) {
        executor.executeOrElse(() -> {
            close();
            done.run();
        }, done);
    }

    /**
     * Stops the sink: what is still queued goes to the fallback, on the calling thread; a sink blocked on its own
     * thread is interrupted. Idempotent; any thread.
     */
    void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        executor.close();
        if (thread != null) {
            thread.shutdown();
            thread.interrupt();
        }
        drainToFallback();
    }

    CallRecordSinkStats stats() {
        return new CallRecordSinkStats(name, offered.sum(), delivered, overflowed.sum(), failures, fallbackCount.sum(),
                fallbackFailures.sum(), queued.get());
    }
}
