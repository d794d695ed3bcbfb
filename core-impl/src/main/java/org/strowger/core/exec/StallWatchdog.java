package org.strowger.core.exec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.core.CoreScheduler;
import org.strowger.core.StallReport;
import org.strowger.core.log.LogText;

/*
 * Samples every worker of the default pool once per budget on the core's scheduler. A worker that shows the same
 * running executor and the same batch number as in the previous sample has run that batch for at least one budget:
 * it is reported once (executor label, thread, stack) and counted; the pool is compensated with one thread per
 * stalled worker until it recovers. Sampling a batch counter instead of timestamps keeps the executor's hot path free
 * of clock reads.
 */
public final class StallWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(StallWatchdog.class);

    private record Sample(SerialExecutor executor, long batch) {
    }

    private final ForkJoinWorkerPool pool;
    private final CoreScheduler scheduler;
    private final long budgetNanos;
    private final Consumer<StallReport> listener;
    private final AtomicLong stalls = new AtomicLong();
    private final Map<PoolThread, Sample> last = new HashMap<>();
    private final Map<PoolThread, Sample> reported = new HashMap<>();
    private volatile boolean stopped;

    public StallWatchdog(ForkJoinWorkerPool pool, CoreScheduler scheduler, long budgetNanos, Consumer<StallReport> listener) {
        this.pool = pool;
        this.scheduler = scheduler;
        this.budgetNanos = budgetNanos;
        this.listener = listener;
    }

    public void start() {
        scheduler.schedule(this::sample, budgetNanos, TimeUnit.NANOSECONDS);
    }

    public void stop() {
        stopped = true;
    }

    public long stalls() {
        return stalls.get();
    }

    // Runs on the scheduler's thread only, so its maps need no synchronisation.
    private void sample() {
        if (stopped) {
            return;
        }
        int stalled = 0;
        Map<PoolThread, Sample> now = new HashMap<>();
        for (PoolThread t : pool.workers()) {
            SerialExecutor running = t.slot.runningAcquire();
            if (running == null) {
                continue;
            }
            Sample s = new Sample(running, t.slot.batchesAcquire());
            now.put(t, s);
            if (s.equals(last.get(t))) {
                stalled++;
                if (!s.equals(reported.get(t))) {
                    reported.put(t, s);
                    report(t, s);
                }
            }
        }
        last.clear();
        last.putAll(now);
        reported.keySet().retainAll(now.keySet());
        pool.compensate(stalled);
        if (!stopped) {
            scheduler.schedule(this::sample, budgetNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void report(PoolThread t, Sample s) {
        stalls.incrementAndGet();
        StallReport r = new StallReport(String.valueOf(s.executor().label()), t.getName(),
                Arrays.asList(t.getStackTrace()), TimeUnit.NANOSECONDS.toMillis(budgetNanos));
        LOG.warn("stall: executor {} has run one batch on {} for over {} ms; top of stack: {}",
                r.executor(), LogText.escape(r.threadName()), r.stalledAtLeastMillis(),
                r.stack().isEmpty() ? "?" : LogText.escape(r.stack().get(0).toString()));
        if (listener != null) {
            try {
                listener.accept(r);
            } catch (RuntimeException e) {
                LOG.error("stall listener threw", LogText.loggable(e));
            }
        }
    }
}
