package org.strowger.core.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one thread is running: the executor in its current batch and a batch counter. Written only by its thread
 * (release stores, no fences), read by that thread for ownership checks and by the stall watchdog. Pool threads
 * carry their slot in a field; other threads that run executors (the test kit's simulation, custom pools) get one in
 * a thread-local on their first batch.
 */
final class WorkerSlot {
    private static final ThreadLocal<WorkerSlot> LOCAL = new ThreadLocal<>();
    private static final VarHandle RUNNING;
    private static final VarHandle BATCHES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUNNING = l.findVarHandle(WorkerSlot.class, "running", SerialExecutor.class);
            BATCHES = l.findVarHandle(WorkerSlot.class, "batches", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    private SerialExecutor running;
    private long batches;
    /** True while this thread runs a batch nested in another (SerialExecutor.executeMediaInline). Own thread only. */
    boolean nested;

    WorkerSlot(Thread thread) {
        this.thread = thread;
    }

    /** The calling thread's slot, or null if it never ran an executor. */
    static WorkerSlot current() {
        Thread t = Thread.currentThread();
        return t instanceof PoolThread p ? p.slot : LOCAL.get();
    }

    /** The calling thread's slot, created on first use. */
    static WorkerSlot currentOrCreate() {
        WorkerSlot s = current();
        if (s == null) {
            s = new WorkerSlot(Thread.currentThread());
            LOCAL.set(s);
        }
        return s;
    }

    /** The executor whose batch the calling thread is running, or null. */
    static SerialExecutor currentExecutor() {
        WorkerSlot s = current();
        return s == null ? null : s.running;
    }

    void enter(SerialExecutor executor) {
        BATCHES.setRelease(this, batches + 1);
        RUNNING.setRelease(this, executor);
    }

    void exit() {
        RUNNING.setRelease(this, null);
    }

    /** The executor whose batch this slot's own thread is running, or null. Own thread only. */
    SerialExecutor runningOwn() {
        return running;
    }

    /** For the watchdog (another thread). */
    SerialExecutor runningAcquire() {
        return (SerialExecutor) RUNNING.getAcquire(this);
    }

    /** For the watchdog (another thread). */
    long batchesAcquire() {
        return (long) BATCHES.getAcquire(this);
    }
}
