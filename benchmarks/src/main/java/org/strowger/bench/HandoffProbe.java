package org.strowger.bench;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.core.WorkerPool;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.exec.SerialExecutor;

/**
 * Diagnostic for the executor burst benchmark (not JMH): runs bursts of N tasks from one thread into one
 * {@link SerialExecutor} on a one-thread ForkJoin pool, like {@code ExecutorHandoffBenchmark.burst_serial}, through a
 * pool wrapper that counts submissions. A submission from a non-pool thread means the producer found the executor
 * idle (SCHEDULED clear: the consumer had caught up and released it) and had to hand it to the pool again, which
 * wakes a parked worker; a submission from the pool thread is the executor rescheduling itself after a full batch.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.strowger.bench.HandoffProbe [burst] [batch...]</pre>
 */
public final class HandoffProbe {
    private HandoffProbe() {
    }

    /** Delegates to the default pool type and counts who submits. */
    static final class CountingPool implements WorkerPool {
        final WorkerPool delegate = WorkerPool.forkJoin(1);
        final LongAdder external = new LongAdder();
        final LongAdder internal = new LongAdder();

        @Override
        public void execute(Runnable task) {
            (Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread ? internal : external)
                    .increment();
            delegate.execute(task);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }
    }

    public static void main(String[] args) {
        int burst = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int[] batches = {32, 1024};
        if (args.length > 1) {
            batches = new int[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                batches[i - 1] = Integer.parseInt(args[i]);
            }
        }
        for (int batch : batches) {
            run(burst, batch);
        }
    }

    private static void run(int burst, int batch) {
        CountingPool pool = new CountingPool();
        SerialExecutor ex = new SerialExecutor(new ExecutorSettings(pool, batch, 32), "probe");
        HandoffProducer p = new HandoffProducer();
        int warm = 20_000;
        int measured = 5_000;
        long t0 = 0;
        for (int b = 0; b < warm + measured; b++) {
            if (b == warm) {
                pool.external.reset();
                pool.internal.reset();
                t0 = System.nanoTime();
            }
            long target = p.sent + burst;
            for (int i = 0; i < burst; i++) {
                ex.execute(p.task);
            }
            p.sent = target;
            p.awaitDone(target);
        }
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT,
                "burst %d, batch %4d: %8.1f us/burst, %6.1f ns/task; per burst: %7.1f wake-up submissions "
                        + "(producer found the executor idle), %6.1f batch reschedules (pool thread)%n",
                burst, batch, (t1 - t0) / 1e3 / measured, (t1 - t0) / (double) measured / burst,
                pool.external.sum() / (double) measured, pool.internal.sum() / (double) measured);
        ex.close();
        pool.shutdown();
    }
}
