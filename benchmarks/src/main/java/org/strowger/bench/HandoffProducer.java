package org.strowger.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One producer thread of a hand-off benchmark and its completion counter. The producer hands {@link #task} to a
 * consumer (a SerialExecutor or a JCTools queue drained by one thread); the task, run by the consumer, bumps
 * {@code done} with a release store (no fence: only the single consumer writes it). The producer keeps at most
 * {@link #WINDOW} tasks in flight, so a throughput run measures sustained hand-off, not how fast an unbounded queue
 * fills up. The same class, the same task and the same window are used for every peer.
 *
 * <p>There is deliberately no per-iteration drain: with several producer threads, JMH may run the shared
 * consumer's trial teardown while another thread is still in its own iteration teardown, which would wait forever.
 * Tasks still in flight at an iteration's end (at most WINDOW per producer, against millions per iteration) simply
 * complete in the next one.
 */
@State(Scope.Thread)
public class HandoffProducer {
    /** Most tasks one producer keeps in flight. */
    public static final int WINDOW = 1024;
    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(HandoffProducer.class, "done", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Tasks handed off so far (producer thread only). */
    public long sent;
    private long doneSeen;
    @SuppressWarnings("unused") // via DONE
    private long done;

    /** The task the consumer runs: counts one completion. Runs only on the (single) consumer thread. */
    public final Runnable task = this::complete;

    private void complete() {
        DONE.setRelease(this, (long) DONE.get(this) + 1);
    }

    /** Tasks completed so far (any thread). */
    public long done() {
        return (long) DONE.getAcquire(this);
    }

    /** Waits until fewer than {@link #WINDOW} tasks are in flight. Re-reads the counter only when needed. */
    public void awaitWindow() {
        if (sent - doneSeen < WINDOW) {
            return;
        }
        int attempt = 0;
        while (sent - (doneSeen = done()) >= WINDOW) {
            Backoff.pause(attempt++);
        }
    }

    /** Waits until {@code target} tasks have completed (spins; the benchmark thread has its own core). */
    public void awaitDone(long target) {
        int attempt = 0;
        while (done() < target) {
            Backoff.pause(attempt++);
        }
    }
}
