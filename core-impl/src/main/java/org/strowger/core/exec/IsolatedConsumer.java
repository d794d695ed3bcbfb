package org.strowger.core.exec;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.strowger.core.CoreScheduler;
import org.strowger.core.log.LogText;

/*
 * One consumer of items that the core's executors hand over (an event subscriber, a call-record sink), isolated from
 * them and from every other consumer. Items wait in a lock-free queue bounded by a counter; each accepted offer queues
 * one delivery task on the consumer's own serial executor, which runs on a thread of its own (DEDICATED: the consumer
 * may block and then delays only itself; wake-ups coalesced by CoalescedWakeups, so items do not each wake the thread)
 * or on the core's pool (POOL: must not block; the stall watchdog reports it). Offering never waits and never runs
 * consumer code. Every item is taken from the queue by exactly one poll, by the consumer's executor or by the thread
 * that closes it, so each is delivered once or handed to the undelivered callback once:
 *
 *   offered == handed + failures + undelivered + queued    (an item in the handler's hands is still queued)
 *
 * An item that finds the queue full, or the consumer closed, or is still queued when it closes, goes to the
 * undelivered callback, on the offering or closing thread (it must not block). A handler that throws is counted and
 * logged at most once per FAILURE_LOG_INTERVAL on the core's clock, with the number not logged; the item is passed to
 * the failure callback. At the core's shutdown the consumer is first drained (drainThenClose), with a deadline kept by
 * the core; a handler still stuck in its item after close can be given up on (abandonItemInHand): the item then goes
 * to the undelivered callback, and a CAS on inHand decides which of the two counts it.
 */
public final class IsolatedConsumer<T> {
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int DEDICATED_BATCH = 256;

    /** Where the consumer runs. */
    public enum Thread { DEDICATED, POOL }

    /** Why an item was not handed to the handler. */
    public enum Undelivered { FULL, CLOSED }

    /** The consumer's code: a subscriber, a sink. */
    @FunctionalInterface
    public interface Handler<T> {
        void accept(T item) throws Exception;
    }

    /** What to do with an item the handler threw on, after the failure was counted. */
    @FunctionalInterface
    public interface OnFailure<T> {
        void failed(T item, Throwable t);
    }

    /** What to do with an item that was not handed to the handler. Offering or closing thread; must not block. */
    @FunctionalInterface
    public interface OnUndelivered<T> {
        void undelivered(T item, Undelivered why);
    }

    /** Writes the rate-limited line for a failure. */
    @FunctionalInterface
    public interface FailureLine<T> {
        void log(Logger log, String name, T item, Throwable t, long failures, long notLogged);
    }

    private final Logger log;
    private final String logName;
    private final Handler<T> handler;
    private final OnFailure<T> onFailure;
    private final OnUndelivered<T> onUndelivered;
    private final FailureLine<T> failureLine;
    private final int capacity;
    private final CoreScheduler clock;
    private final DedicatedThreadPool thread; // null on the pool
    private final CoalescedWakeups wakeups; // null on the pool
    private final SerialExecutor executor;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicReference<T> inHand = new AtomicReference<>();
    private final LongAdder offered = new LongAdder();
    private volatile long handed; // written by the executor only
    private volatile long failures; // written by the executor only
    private long lastFailureLog; // executor only
    private long failuresNotLogged; // executor only
    private boolean anyFailureLogged; // executor only

    /**
     * @param log the logger of the consumer's kind (its lines are named after it, not after this class)
     * @param label what the executor is called in stall reports and the MDC, e.g. {@code subscription cdr}
     * @param threadName the name of its thread, if it has one of its own
     * @param capacity the most items waiting at once, besides the one in the handler's hands (Integer.MAX_VALUE:
     *     unbounded)
     */
    public IsolatedConsumer(Logger log, String label, String name, Thread where, String threadName,
            ExecutorSettings core,
            CoreScheduler clock,
            int capacity, Handler<T> handler, OnFailure<T> onFailure, OnUndelivered<T> onUndelivered,
            FailureLine<T> failureLine) {
        this.log = log;
        this.logName = LogText.escape(name);
        this.handler = handler;
        this.onFailure = onFailure;
        this.onUndelivered = onUndelivered;
        this.failureLine = failureLine;
        this.capacity = capacity;
        this.clock = clock;
        if (where == Thread.DEDICATED) {
            thread = new DedicatedThreadPool(threadName);
            wakeups = new CoalescedWakeups(thread, clock);
            executor = new SerialExecutor(new ExecutorSettings(wakeups, DEDICATED_BATCH, 2), label);
        } else {
            thread = null;
            wakeups = null;
            executor = new SerialExecutor(new ExecutorSettings(core.pool(), core.throughput(), 2), label);
        }
    }

    /** Queues {@code item}, or hands it to the undelivered callback if the queue is full or closed. Never blocks. */
    public void offer(T item) {
        offered.increment();
        if (!open.get()) {
            onUndelivered.undelivered(item, Undelivered.CLOSED);
            return;
        }
        // the capacity bounds the items waiting; the one in the handler's hands, counted in queued, is not waiting
        int n = queued.incrementAndGet();
        if (n > capacity && n - (inHand.get() != null ? 1 : 0) > capacity) {
            queued.decrementAndGet();
            onUndelivered.undelivered(item, Undelivered.FULL);
            return;
        }
        queue.add(item);
        if (!executor.execute(this::deliverOne) || !open.get()) {
            drainUndelivered(); // closed meanwhile: whoever polls it hands it on
        }
    }

    private void deliverOne() {
        T item = queue.poll();
        if (item == null) {
            return; // taken by a closing thread
        }
        inHand.set(item);
        Throwable failure = null;
        try {
            handler.accept(item);
        } catch (Throwable t) {
            Contained.rethrowIfFatal(t);
            failure = t;
        }
        if (!inHand.compareAndSet(item, null)) {
            return; // the core's shutdown gave up on the handler and passed the item on (abandonItemInHand)
        }
        if (failure == null) {
            handed = handed + 1;
        } else {
            failures = failures + 1;
            logFailure(item, failure);
            onFailure.failed(item, failure);
        }
        queued.decrementAndGet();
    }

    private void logFailure(T item, Throwable t) {
        long now = clock.nanoTime();
        if (anyFailureLogged && now - lastFailureLog < FAILURE_LOG_INTERVAL_NANOS) {
            failuresNotLogged++;
            return;
        }
        failureLine.log(log, logName, item, t, failures, failuresNotLogged);
        log.debug("{}: stack of the failure", logName, LogText.loggable(t));
        anyFailureLogged = true;
        lastFailureLog = now;
        failuresNotLogged = 0;
    }

    private void drainUndelivered() {
        T item;
        while ((item = queue.poll()) != null) {
            queued.decrementAndGet();
            onUndelivered.undelivered(item, Undelivered.CLOSED);
        }
    }

    /** True while the handler holds an item (is inside it). Any thread. */
    public boolean busy() {
        return inHand.get() != null;
    }

    /**
     * For a handler still inside an item after the consumer was closed and interrupted: the item goes to the
     * undelivered callback now. If the handler returns later, it is counted once, as undelivered. Any thread.
     *
     * @return true if there was such an item
     */
    public boolean abandonItemInHand() {
        T item = inHand.getAndSet(null);
        if (item != null) {
            queued.decrementAndGet();
            onUndelivered.undelivered(item, Undelivered.CLOSED);
        }
        return item != null;
    }

    /**
     * Runs {@code done} once everything queued before this call has been handed to the handler, then closes; if the
     * consumer is closed first, {@code done} runs then. Any thread.
     */
    public void drainThenClose(Runnable done) {
        executor.executeOrElse(() -> {
            close();
            done.run();
        }, done);
    }

    /**
     * Stops the consumer: nothing more is queued, what is still queued goes to the undelivered callback on the calling
     * thread, and a handler blocked on its own thread is interrupted. Idempotent; any thread.
     *
     * @return false if it was already closed
     */
    public boolean close() {
        if (!open.compareAndSet(true, false)) {
            return false;
        }
        executor.close();
        if (thread != null) {
            wakeups.shutdown(); // a hand-off waiting for the timer goes now: the executor rejects its queue
            thread.interrupt();
        }
        drainUndelivered();
        return true;
    }

    public boolean isOpen() {
        return open.get();
    }

    /** Items offered so far. */
    public long offered() {
        return offered.sum();
    }

    /** Items the handler returned from normally. */
    public long handed() {
        return handed;
    }

    /** Items the handler threw on. */
    public long failures() {
        return failures;
    }

    /** Items queued now, the one in the handler's hands included. */
    public int queued() {
        return queued.get();
    }
}
