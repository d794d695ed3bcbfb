package org.strowger.core.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.strowger.core.log.LogText;

/*
 * The owner executor of one channel or bridge: tasks run one at a time, in FIFO order per lane, on a shared pool.
 *
 * Design (Pekko's Mailbox is the model). One status word holds two bits, SCHEDULED and CLOSED. execute() appends to a
 * lane and, if SCHEDULED was clear, sets it by CAS and submits this executor to the pool: only the producer that wins
 * that CAS wakes the pool, so a burst of N tasks costs one submission. run() drains a batch of at most `throughput`
 * tasks, control lane first, then clears SCHEDULED and re-checks both lanes; a producer that saw SCHEDULED set
 * enqueued before reading it, so either it or the re-check reschedules (no lost wake-up). Holding SCHEDULED is the
 * right to consume, so the lanes have exactly one consumer at a time. When the re-check finds work, the run takes the
 * role back and goes on in place rather than through the pool. (Spinning before going idle was tried and removed: it
 * helped one executor with a streaming producer but burned half the CPU with 100 bridged pairs.) It is a ForkJoinTask
 * so the default pool submits it without a wrapper.
 *
 * Control lane: an intrusive Vyukov MPSC linked list (one getAndSet per offer, no padding: an idle executor is one
 * object plus one stub node, which keeps idle channels small). Never drops. Without padding, head, tail and status
 * share a cache line, so a batch keeps its position in a local and stores head once, at its end (drain).
 * Media lane: a second intrusive MPSC linked list with a count. The consumer enforces the bound: before it takes a
 * media task it discards the oldest ones beyond the capacity, so the newest media always gets in and is what runs;
 * the excess counts as dropped from the moment it exists. A stalled consumer lets the lane grow to eight times its
 * capacity, after which producers drop the newest. (A bounded JCTools MPMC array with producer-side drop-oldest came
 * first; with 20,000 channels its per-channel arrays were cold in cache on every frame, about 40 % of forwarding
 * time, where linked nodes are freshly allocated.)
 *
 * Closing never loses a task: a closed executor still schedules and drains, rejecting each control task (Rejectable
 * ones learn it) and discarding media. The owner thread is recorded during a batch so inExecutor() is one comparison.
 * The slf4j MDC names the executor (MdcKeys, MdcLabel) once per run, around its batches, and is cleared when the run ends.
 *
 * Inline forwarding (executeMediaInline): a two-party forward from one channel's batch to its peer costs a queue
 * append, a pool submission and usually a worker wake-up on another core. When the peer is idle with empty lanes,
 * the forwarding thread takes the peer's consumer role by the same CAS a producer uses to schedule it, runs the one
 * task as the peer's batch (the peer's owner, slot and MDC set, the caller's cleared) and releases the role as a run
 * does. Holding the role is what makes a batch exclusive, so serial order and one-at-a-time execution are the same
 * as through the pool; a peer with anything queued gets the task queued behind it. One level only, so a chain of
 * forwards never grows the stack.
 */
public final class SerialExecutor extends ForkJoinTask<Void> implements Runnable {
    private static final long serialVersionUID = 1L;
    /** A stalled consumer lets the media lane grow to this many times its capacity; then the newest is dropped. */
    private static final int HARD_CAP_FACTOR = 8;
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    /**
     * Benchmark switch, not a setting: {@code -Dstrowger.mdc.inline=false} leaves the MDC alone in a nested run (a
     * line logged there then names the forwarding channel, not the peer). Read once; default true. It exists only so
     * that MdcForwardingBenchmark can compare the forward with and without the MDC switch in one JMH run.
     */
    private static final boolean MDC_INLINE = !"false".equals(System.getProperty("strowger.mdc.inline"));
    private static final int SCHEDULED = 1;
    private static final int CLOSED = 2;
    private static final VarHandle STATUS;
    private static final VarHandle TAIL;
    private static final VarHandle MEDIA_TAIL;
    private static final VarHandle MEDIA_COUNT;
    private static final VarHandle DROPPED;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(SerialExecutor.class, "status", int.class);
            TAIL = l.findVarHandle(SerialExecutor.class, "tail", Node.class);
            MEDIA_TAIL = l.findVarHandle(SerialExecutor.class, "mediaTail", Node.class);
            MEDIA_COUNT = l.findVarHandle(SerialExecutor.class, "mediaCount", int.class);
            DROPPED = l.findVarHandle(SerialExecutor.class, "dropped", long.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A control-lane node; the consumer's head node is always a consumed (empty) stub. */
    static final class Node {
        Runnable task;
        volatile Node next;

        Node(Runnable task) {
            this.task = task;
        }

        /** Takes the task out, leaving this node an empty stub (the consumer's new head). */
        Runnable take() {
            Runnable t = task;
            task = null;
            return t;
        }
    }

    // Replaced (never mutated) by setMediaCapacity; read racily by producers, which only use it for the lane's bound.
    private ExecutorSettings settings;
    private final Object label;
    private volatile int status;
    private volatile Node tail;
    private Node head;
    private Thread owner;
    private volatile Node mediaTail;
    private Node mediaHead;
    private volatile int mediaCount;
    private volatile long dropped;

    /**
     * @param label what the executor runs for (a channel or bridge id); shown in stall reports and errors
     */
    public SerialExecutor(ExecutorSettings settings, Object label) {
        this(settings, label, false);
    }

    /**
     * @param held if true, the executor starts with SCHEDULED set but not submitted: tasks queue up and nothing runs
     *     until {@link #release()}. The core uses this to queue a channel's first task before anyone can find it.
     */
    public SerialExecutor(ExecutorSettings settings, Object label, boolean held) {
        this.settings = settings;
        this.label = label;
        Node stub = new Node(null);
        this.head = stub;
        this.tail = stub;
        Node mediaStub = new Node(null);
        this.mediaHead = mediaStub;
        this.mediaTail = mediaStub;
        this.status = held ? SCHEDULED : 0;
    }

    /**
     * Changes the media lane's capacity (a mixing bridge sizes it by its members). Excess already queued is dropped,
     * oldest first, as the consumer reaches it. On the executor (its producers see the change soon, not at once).
     *
     * @param frames >= 2
     */
    public void setMediaCapacity(int frames) {
        if (frames < 2) {
            throw new IllegalArgumentException("media capacity must be >= 2, was " + frames);
        }
        if (frames != settings.mediaCapacity()) {
            settings = new ExecutorSettings(settings.pool(), settings.throughput(), frames);
        }
    }

    /**
     * Gives up the consumer role, which the caller holds: a held executor's creator starting it (once), or the end of
     * an inline run. Work queued meanwhile is scheduled, here or by the producer that queued it.
     */
    public void release() {
        STATUS.getAndBitwiseAnd(this, ~SCHEDULED);
        if (hasWork()) {
            schedule();
        }
    }


    public Object label() {
        return label;
    }

    /** True if the calling thread is running this executor's batch. */
    public boolean inExecutor() {
        return owner == Thread.currentThread();
    }

    public boolean isClosed() {
        return (status & CLOSED) != 0;
    }

    /**
     * Queues a control task. Returns false if the executor is already closed (the task will not run). A task queued
     * while the executor closes concurrently is rejected by the drain instead of run ({@link Rejectable}).
     */
    public boolean execute(Runnable task) {
        if ((status & CLOSED) != 0) {
            return false;
        }
        Node n = new Node(task);
        Node prev = (Node) TAIL.getAndSet(this, n);
        NEXT.setRelease(prev, n);
        schedule();
        return true;
    }

    /**
     * Runs {@code task} after everything queued before it, or {@code ifRejected} instead if the executor is closed
     * before it runs (on the thread that finds it closed). Any thread.
     */
    public void executeOrElse(Runnable task, Runnable ifRejected) {
        final class OrElse implements Runnable, Rejectable {
            @Override
            public void run() {
                task.run();
            }

            @Override
            public void reject() {
                ifRejected.run();
            }
        }
        OrElse t = new OrElse();
        if (!execute(t)) {
            t.reject();
        }
    }

    /**
     * Queues a media task; if the media lane is over capacity the oldest media tasks are dropped (and counted).
     * Returns false if the executor is closed.
     */
    public boolean executeMedia(Runnable task) {
        if ((status & CLOSED) != 0) {
            return false;
        }
        if ((int) MEDIA_COUNT.getAndAdd(this, 1) >= settings.mediaCapacity() * HARD_CAP_FACTOR) {
            MEDIA_COUNT.getAndAdd(this, -1); // the consumer is stalled: drop the newest rather than grow without bound
            DROPPED.getAndAdd(this, 1L);
            return true;
        }
        Node n = new Node(task);
        Node prev = (Node) MEDIA_TAIL.getAndSet(this, n);
        NEXT.setRelease(prev, n);
        schedule();
        return true;
    }

    /**
     * Called from a task of another executor's batch (a two-party forward): if this executor is idle, not closed
     * and has nothing queued, runs {@code task} at once on the calling thread as a batch of its own, nested in the
     * caller's; otherwise queues it as {@link #executeMedia} does. Only one level deep: from inside a nested run it
     * always queues. Returns false if the executor is closed.
     */
    public boolean executeMediaInline(Runnable task) {
        WorkerSlot slot = WorkerSlot.current();
        SerialExecutor outer = slot == null ? null : slot.runningOwn();
        // (a forward to its own executor fails tryAcquire: the running batch holds the role)
        if (outer == null || slot.nested || status != 0 || !tryAcquire()) {
            return executeMedia(task);
        }
        // We hold the consumer role, so the lanes are ours to look at.
        if ((status & CLOSED) != 0 || hasWork()) {
            release();
            return executeMedia(task); // behind what is queued (or rejected): order is kept
        }
        runNested(slot, outer, task);
        release();
        return true;
    }

    /**
     * Runs {@code task} as this executor's batch inside {@code outer}'s, then gives {@code outer} its thread back.
     * The MDC names this executor during the task and {@code outer} again after it. The outer batch's entry is the one
     * {@link #run()} put for it, so it is put back from {@code outer}'s label rather than read first: for a channel
     * forwarding to a channel (one key) that is two MDC calls, the peer's id put over the caller's and the caller's
     * put back: with logback's adapter 21 ns per forward against 30 ns for the former get, put and restore
     * (MdcOpsBenchmark, docs/benchmarks.md). For other executors (two keys) the caller's entry is removed during the
     * task and put back after. {@code -Dstrowger.mdc.inline=false} (MDC_INLINE) skips all of it, for the benchmark.
     */
    private void runNested(WorkerSlot slot, SerialExecutor outer, Runnable task) {
        String outerKey = MdcLabel.key(outer.label);
        String key = MdcLabel.key(label);
        boolean twoKeys = !key.equals(outerKey);
        if (MDC_INLINE) {
            if (twoKeys) {
                MDC.remove(outerKey);
            }
            MDC.put(key, MdcLabel.value(label));
        }
        outer.owner = null;
        owner = slot.thread;
        slot.nested = true;
        slot.enter(this);
        try {
            runTask(task);
        } finally {
            slot.enter(outer);
            slot.nested = false;
            owner = null;
            outer.owner = slot.thread;
            if (MDC_INLINE) {
                if (twoKeys) {
                    MDC.remove(key);
                }
                MDC.put(outerKey, MdcLabel.value(outer.label));
            }
        }
    }

    /**
     * Media tasks dropped because the media lane was full: those already discarded plus the lane's current excess
     * over its capacity, which the consumer will discard (oldest first) before it runs the next media task.
     */
    public long mediaDropped() {
        return dropped + Math.max(0, mediaCount - settings.mediaCapacity());
    }

    /**
     * Tasks waiting in both lanes now (media beyond the capacity is counted as dropped, not here). For monitoring from
     * any thread: the control lane has no counter (that would cost every hand-off an atomic update), so this walks it
     * from the consumer's last position, which the consumer stores once per batch and another thread may see late;
     * the result can then be high by what the running batch has already run. The walk stops at {@code limit}.
     */
    public int queueDepth(int limit) {
        int n = 0;
        for (Node h = head; n < limit && (h = (Node) NEXT.getAcquire(h)) != null; ) {
            n++;
        }
        return n + Math.max(0, Math.min(mediaCount, settings.mediaCapacity()));
    }

    /** Marks the executor closed. Queued and racing tasks are rejected, never run. Idempotent; any thread. */
    public void close() {
        int s;
        do {
            s = status;
            if ((s & CLOSED) != 0) {
                return;
            }
        } while (!STATUS.compareAndSet(this, s, s | CLOSED));
        schedule();
    }

    private void schedule() {
        if (tryAcquire()) {
            submit();
        }
    }

    /** Takes the consumer role (sets SCHEDULED); false if someone holds it. */
    private boolean tryAcquire() {
        int s;
        do {
            s = status;
            if ((s & SCHEDULED) != 0) {
                return false;
            }
        } while (!STATUS.compareAndSet(this, s, s | SCHEDULED));
        return true;
    }

    /** Hands the consumer role, which the caller holds, to a pool thread. */
    private void submit() {
        try {
            settings.pool().execute(this);
        } catch (RuntimeException poolRefused) {
            // The pool is shut down. We hold SCHEDULED, hence the consumer role: reject what is queued, here, and
            // re-check after releasing the role (as run() does), or a producer that saw SCHEDULED set would be lost.
            LOG.debug("pool refused executor {}: {}", label, poolRefused.toString());
            STATUS.getAndBitwiseOr(this, CLOSED);
            do {
                drainRejecting(Integer.MAX_VALUE);
                STATUS.getAndBitwiseAnd(this, ~SCHEDULED);
            } while (hasWork() && STATUS.compareAndSet(this, CLOSED, CLOSED | SCHEDULED));
        }
    }

    @Override
    public void run() {
        WorkerSlot slot = WorkerSlot.currentOrCreate();
        String mdcKey = MdcLabel.key(label);
        MDC.put(mdcKey, MdcLabel.value(label));
        try {
            runBatches(slot);
        } finally {
            MDC.remove(mdcKey);
        }
    }

    private void runBatches(WorkerSlot slot) {
        int budget = settings.throughput();
        while (true) {
            owner = slot.thread;
            slot.enter(this);
            try {
                budget = drain(budget);
            } finally {
                owner = null;
                slot.exit();
            }
            if (budget == 0) {
                submit(); // batch used up: yield the thread, keeping the role for the next run
                return;
            }
            STATUS.getAndBitwiseAnd(this, ~SCHEDULED);
            if (!hasWork() || !tryAcquire()) {
                return; // idle, or a producer took the role and submitted us
            }
            // work arrived as we released the role and we took it back: go on here, no pool round trip
        }
    }

    /**
     * Runs up to {@code budget} tasks, control lane first; returns the budget left (0 = used up). The control lane's
     * position is kept in a local and stored back to {@code head} once, when the batch ends, not once per task:
     * {@code head} shares a cache line with {@code tail} and {@code status}, which producers write and read on every
     * hand-off (on one thread it also cuts about a tenth of the cost of a hand-off, see ExecutorCostBenchmark). Only
     * the role holder reads {@code head}, after the batch; queueDepth's racy read may see it late, as documented there.
     */
    private int drain(int budget) {
        Node start = head;
        Node h = start;
        try {
            while (budget > 0 && (status & CLOSED) == 0) {
                Runnable task;
                Node next = (Node) NEXT.getAcquire(h);
                if (next != null) { // pollControl, on the local position
                    task = next.take();
                    h = next;
                } else if ((task = pollMedia()) == null) {
                    return budget;
                }
                budget--;
                runTask(task);
            }
        } finally {
            if (h != start) { // a batch of media only leaves it alone
                head = h; // also if a task's fault escaped runTask: what ran is never run again
            }
        }
        if (budget > 0) {
            drainRejecting(budget); // closed (the loop ends with budget left only when closed, or on return above)
        }
        return budget;
    }

    // ForkJoinTask: the default pool runs the executor itself, with no wrapper per submission. exec() returns false
    // so the task never completes and can be submitted again (Pekko's Mailbox does the same).

    @Override
    protected boolean exec() {
        run();
        return false;
    }

    @Override
    public Void getRawResult() {
        return null;
    }

    @Override
    protected void setRawResult(Void value) {
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            // Core tasks contain their own faults; reaching here is a bug. Keep the executor alive regardless.
            LOG.error("task on executor {} threw; the executor carries on", label, LogText.loggable(t));
        }
    }

    private void drainRejecting(int limit) {
        for (int i = 0; i < limit; i++) {
            Runnable task = pollControl();
            if (task == null) {
                break;
            }
            if (task instanceof Rejectable r) {
                try {
                    r.reject();
                } catch (Throwable t) {
                    LOG.error("rejecting a task on closed executor {} threw", label, LogText.loggable(t));
                }
            } else {
                LOG.debug("executor {} is closed; discarded a task", label);
            }
        }
        while (pollMediaNode() != null) {
            MEDIA_COUNT.getAndAdd(this, -1);
        }
    }

    private Runnable pollControl() {
        Node h = head;
        Node next = (Node) NEXT.getAcquire(h);
        if (next == null) {
            return null; // empty, or a producer is between its getAndSet and its link: hasWork() sees it
        }
        head = next;
        return next.take();
    }

    /** The oldest media task, after dropping (and counting) any beyond the lane's capacity, oldest first. */
    private Runnable pollMedia() {
        int excess = mediaCount - settings.mediaCapacity();
        for (; excess > 0; excess--) {
            if (pollMediaNode() == null) {
                break;
            }
            MEDIA_COUNT.getAndAdd(this, -1);
            DROPPED.getAndAdd(this, 1L);
        }
        Runnable task = pollMediaNode();
        if (task != null) {
            MEDIA_COUNT.getAndAdd(this, -1);
        }
        return task;
    }

    private Runnable pollMediaNode() {
        Node h = mediaHead;
        Node next = (Node) NEXT.getAcquire(h);
        if (next == null) {
            return null;
        }
        mediaHead = next;
        return next.take();
    }

    private boolean hasWork() {
        return head != tail || mediaHead != mediaTail;
    }

    @Override
    public String toString() {
        return "SerialExecutor[" + label + "]";
    }
}
