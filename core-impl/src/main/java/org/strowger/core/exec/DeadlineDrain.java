package org.strowger.core.exec;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.strowger.core.CoreScheduler;

/*
 * Drains several consumers at once with one deadline, as the core's shutdown does for event subscriptions and for
 * call-record sinks: each is asked to deliver what it has and then close; once all have, or when the deadline passes
 * first (a consumer stuck in its handler), every one is closed and the continuation runs, exactly once either way.
 * Nothing waits: the deadline is a timer on the core's scheduler.
 */
public final class DeadlineDrain {
    /** A consumer that can be drained and closed. */
    public interface Drainable {
        /** Runs {@code done} once what was queued has been delivered and the consumer closed (or it was closed). */
        void drainThenClose(Runnable done);

        /** Closes at once; idempotent. */
        void close();
    }

    private DeadlineDrain() {
    }

    /**
     * Drains {@code consumers}; runs {@code then} once all are drained, or after {@code deadlineNanos} on the core's
     * clock, having told {@code onLate} how many were still draining and closed them all. Any thread.
     */
    public static void drain(List<? extends Drainable> consumers, CoreScheduler scheduler, long deadlineNanos,
            IntConsumer onLate, Runnable then) {
        if (consumers.isEmpty()) {
            then.run();
            return;
        }
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger left = new AtomicInteger(consumers.size());
        Runnable finish = () -> {
            if (finished.compareAndSet(false, true)) {
                consumers.forEach(Drainable::close);
                then.run();
            }
        };
        CoreScheduler.Cancellable deadline = scheduler.schedule(() -> {
            if (!finished.get()) {
                onLate.accept(left.get());
            }
            finish.run();
        }, deadlineNanos, TimeUnit.NANOSECONDS);
        for (Drainable c : consumers) {
            c.drainThenClose(() -> {
                if (left.decrementAndGet() == 0) {
                    deadline.cancel();
                    finish.run();
                }
            });
        }
    }
}
