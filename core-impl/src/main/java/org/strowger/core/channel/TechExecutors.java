package org.strowger.core.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.strowger.api.Cancellable;

/*
 * The gate in front of every executor of one tech (TechContext.newExecutor): OPEN -> CLOSING -> CLOSED. While OPEN the
 * executors take tasks and timers. close() runs once the tech's channels are all destroyed (unregister, shutdown):
 * from CLOSING on, every execute and every timer firing of the tech is refused, and what was queued before still
 * runs; when nothing of the tech is queued or running any more the gate becomes CLOSED (one CAS, so once), the
 * timers still pending are cancelled and the continuation runs (the tech's stop() follows it).
 *
 * No list of executors is kept, so an executor the tech lets go of costs nothing after its last task: each executor
 * counts its own pending tasks, and the gate counts the executors that have any (busy), touched only when one goes
 * from idle to busy and back. An execute counts itself first and reads the phase second; close() sets the phase
 * first and reads the count second. Whichever runs second sees the other, so a task racing the close is either
 * refused or waited for (the same rule as TechRegistration's for channels). The pending timers are kept (each leaves
 * the set when it fires or is cancelled) only so that closing can cancel them: a long timer must not keep a stopped
 * tech reachable.
 */
final class TechExecutors {
    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(TechExecutors.class, "phase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtomicInteger busy = new AtomicInteger();
    private final Set<Cancellable> timers = ConcurrentHashMap.newKeySet();
    private volatile int phase = OPEN;
    private volatile Runnable onClosed;

    /** True until closing begins: executors take work. Any thread. */
    boolean isOpen() {
        return phase == OPEN;
    }

    /** True once the executors are drained: nothing of the tech is queued or running. Any thread. */
    boolean isClosed() {
        return phase == CLOSED;
    }

    /** An executor of the tech went from idle to having work. Before it reads {@link #isOpen}. Any thread. */
    void busy() {
        busy.incrementAndGet();
    }

    /** An executor of the tech ran (or gave back) its last pending task. Any thread. */
    void idle() {
        if (busy.decrementAndGet() == 0 && phase == CLOSING) {
            finish();
        }
    }

    /** A timer now pending on the core's scheduler; cancelled at the close if it is still there. Any thread. */
    void track(Cancellable timer) {
        timers.add(timer);
        if (phase == CLOSED && timers.remove(timer)) {
            timer.cancel(); // raced the close: it would never fire anyway, but let the scheduler forget it
        }
    }

    /** A timer fired or was cancelled. Any thread. */
    void untrack(Cancellable timer) {
        timers.remove(timer);
    }

    /**
     * Closes every executor of the tech: nothing new is taken, what is queued runs, then {@code then} runs once (on
     * the thread that ran the last task, or on this one if nothing was queued). Called once. Any thread.
     */
    void close(Runnable then) {
        onClosed = then;
        if (PHASE.compareAndSet(this, OPEN, CLOSING) && busy.get() == 0) {
            finish();
        }
    }

    private void finish() {
        if (PHASE.compareAndSet(this, CLOSING, CLOSED)) {
            for (Cancellable t : timers) {
                if (timers.remove(t)) {
                    t.cancel();
                }
            }
            onClosed.run();
        }
    }
}
