package org.strowger.core.exec;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.strowger.core.CoreScheduler;
import org.strowger.core.WorkerPool;

/*
 * The pool of a subscription on a thread of its own, woken at most once per WAKE_DELAY. A serial executor submits
 * itself once per idle-to-busy transition; here that first hand-off is delayed on the core's scheduler, so the events
 * emitted meanwhile join the same run instead of each waking the thread. (Without this a subscriber that keeps up
 * goes idle after every event, and each event costs the emitting channel a thread wake-up: call setup ran at 0.14x
 * with one such subscriber on 2 cores.) A hand-off from the thread itself — a run that used up its batch — goes
 * straight through, so a busy subscription is not slowed down. Delivery latency grows by at most WAKE_DELAY.
 *
 * If the thread refuses the delayed hand-off, the subscription was closed first (it closes its executor before it
 * shuts the thread down), so running the executor here only rejects what is queued; no subscriber code runs. The
 * subscription's close hands a pending hand-off over at once (shutdown): the timer may be gone by then (the core's
 * scheduler is shut down when the core stops, cancelling it), and the executor would otherwise stay scheduled with
 * its queue counted forever.
 */
final class CoalescedWakeups implements WorkerPool {
    static final long WAKE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final DedicatedThreadPool thread;
    private final CoreScheduler clock;
    private final AtomicReference<Runnable> delayed = new AtomicReference<>(); // the hand-off waiting for the timer

    CoalescedWakeups(DedicatedThreadPool thread, CoreScheduler clock) {
        this.thread = thread;
        this.clock = clock;
    }

    @Override
    public void execute(Runnable task) {
        if (thread.isWorker(Thread.currentThread())) {
            thread.execute(task);
            return;
        }
        delayed.set(task); // a serial executor hands itself off once per idle-to-busy transition: one at a time
        try {
            clock.schedule(() -> handOffDelayed(task), WAKE_DELAY_NANOS, TimeUnit.NANOSECONDS);
        } catch (RuntimeException timerStopped) {
            handOffDelayed(task); // the core is stopping: no reason to wait
        }
    }

    /** Hands {@code task} off unless that was done already (by the timer or by shutdown). */
    private void handOffDelayed(Runnable task) {
        if (delayed.compareAndSet(task, null)) {
            handOff(task);
        }
    }

    private void handOff(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }

    @Override
    public void shutdown() {
        Runnable pending = delayed.get();
        if (pending != null) {
            handOffDelayed(pending);
        }
        thread.shutdown();
    }
}
