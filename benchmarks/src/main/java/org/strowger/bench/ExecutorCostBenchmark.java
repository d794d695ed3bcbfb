package org.strowger.bench;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.strowger.core.WorkerPool;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.exec.SerialExecutor;

/**
 * The executor's own work per task, without threads: one thread hands {@link #tasks} tasks to a
 * {@link SerialExecutor} and then runs the batch the executor submitted to a pool that only collects it
 * ({@code serial}), against the same number of offers to a JCTools MPSC array queue and polls ({@code jct}). No
 * other core is involved, so neither cache-line transfers nor wake-ups are measured: this is the instruction and
 * allocation cost that {@link ExecutorHandoffBenchmark}'s cross-thread numbers include, and it bounds what removing
 * work from the hand-off path can gain there. Time per operation = per {@code tasks} hand-offs.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ExecutorCostBenchmark {
    /** Tasks per operation: one default-sized batch. */
    @Param("32")
    public int tasks;

    private final ArrayDeque<Runnable> submitted = new ArrayDeque<>();
    private final MpscAtomicArrayQueue<Runnable> queue = new MpscAtomicArrayQueue<>(4096);
    private SerialExecutor executor;
    private long ran;
    private final Runnable task = () -> ran++;

    @Setup
    public void setUp() {
        WorkerPool collecting = new WorkerPool() {
            @Override
            public void execute(Runnable batch) {
                submitted.add(batch);
            }

            @Override
            public void shutdown() {
            }
        };
        executor = new SerialExecutor(new ExecutorSettings(collecting, tasks, 32), "cost");
    }

    @Benchmark
    public long serial() {
        for (int i = 0; i < tasks; i++) {
            executor.execute(task);
        }
        Runnable batch;
        while ((batch = submitted.poll()) != null) {
            batch.run();
        }
        return ran;
    }

    @Benchmark
    public long jct() {
        for (int i = 0; i < tasks; i++) {
            queue.offer(task);
        }
        Runnable t;
        while ((t = queue.poll()) != null) {
            t.run();
        }
        return ran;
    }
}
