package org.strowger.bench;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.strowger.bench.HandoffProducer;
import org.strowger.bench.PinnedLoopPool;
import org.strowger.bench.QueueConsumer;
import org.strowger.core.WorkerPool;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.exec.SerialExecutor;

/**
 * Executor hand-off: {@link SerialExecutor} (on a one-thread pool: the default type, {@link WorkerPool#forkJoin}, or a
 * {@link PinnedLoopPool} loop)
 * against raw JCTools MPSC queues drained by one dedicated consumer thread, in the same run.
 *
 * <p><b>tput_*</b> (throughput, tasks per microsecond summed over producers): P producer threads (1 or 2; the
 * method name says which) hand small tasks to ONE consumer, each keeping at most {@link HandoffProducer#WINDOW}
 * tasks in flight, so what is measured is sustained producer-to-consumer hand-off including the consumer's work.
 *
 * <p><b>burst_*</b> (average time per burst): one thread hands off {@link #burst} tasks back to back, then spins until
 * the consumer has run all of them. The consumer is idle between bursts, so the wake-up is part of the cost.
 *
 * <p>Peers: {@code serial} = SerialExecutor.execute (control lane); {@code jctSpin} = MPSC queue + busy-polling
 * consumer ({@code queue=array}: MpscAtomicArrayQueue, {@code unbounded}: MpscUnboundedAtomicArrayQueue);
 * {@code jctPark} = MpscAtomicArrayQueue + a consumer that parks when idle and is unparked by producers.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExecutorHandoffBenchmark {
    /** Capacity of the bounded JCTools queue: above two producers' windows, so offer never fails in practice. */
    static final int ARRAY_CAPACITY = 4 * HandoffProducer.WINDOW;

    /** Tasks per burst for the burst_* benchmarks. */
    @State(Scope.Benchmark)
    public static class Burst {
        @Param("1000")
        public int burst;
    }

    /**
     * One SerialExecutor configured like the core's default (batch 32), on a one-thread pool: the default ForkJoin pool
     * ({@code pool=fj}) or a {@link PinnedLoopPool} loop ({@code pool=pinned}), whose idle thread polls 64 more times
     * before it parks, as the jctPark consumer does.
     */
    @State(Scope.Benchmark)
    public static class Serial {
        @Param("32")
        public int batch;
        @Param({"fj", "pinned"})
        public String pool;
        WorkerPool workers;
        SerialExecutor executor;

        @Setup(Level.Trial)
        public void setUp() {
            workers = switch (pool) {
                case "fj" -> WorkerPool.forkJoin(1);
                case "pinned" -> new PinnedLoopPool(1);
                default -> throw new IllegalArgumentException(pool);
            };
            executor = new SerialExecutor(new ExecutorSettings(workers, batch, 32), "bench");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            executor.close();
            workers.shutdown();
        }
    }

    /** A JCTools MPSC queue drained by a dedicated busy-polling thread. */
    @State(Scope.Benchmark)
    public static class JctSpin {
        @Param({"array", "unbounded"})
        public String queue;
        QueueConsumer consumer;

        @Setup(Level.Trial)
        public void setUp() {
            Queue<Runnable> q = switch (queue) {
                case "array" -> new MpscAtomicArrayQueue<>(ARRAY_CAPACITY);
                case "unbounded" -> new MpscUnboundedAtomicArrayQueue<>(1024);
                default -> throw new IllegalArgumentException(queue);
            };
            consumer = new QueueConsumer(q, false, "jct-spin-consumer").start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            consumer.stop();
        }
    }

    /** A JCTools MPSC array queue drained by a dedicated thread that parks when idle. */
    @State(Scope.Benchmark)
    public static class JctPark {
        QueueConsumer consumer;

        @Setup(Level.Trial)
        public void setUp() {
            consumer = new QueueConsumer(new MpscAtomicArrayQueue<>(ARRAY_CAPACITY), true, "jct-park-consumer").start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            consumer.stop();
        }
    }

    // ---- throughput: one task per operation, producers bounded by their in-flight window ----

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void tput_1p_serial(Serial s, HandoffProducer p) {
        p.awaitWindow();
        s.executor.execute(p.task);
        p.sent++;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void tput_1p_jctSpin(JctSpin j, HandoffProducer p) {
        p.awaitWindow();
        j.consumer.submit(p.task);
        p.sent++;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void tput_1p_jctPark(JctPark j, HandoffProducer p) {
        p.awaitWindow();
        j.consumer.submit(p.task);
        p.sent++;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(2)
    public void tput_2p_serial(Serial s, HandoffProducer p) {
        p.awaitWindow();
        s.executor.execute(p.task);
        p.sent++;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(2)
    public void tput_2p_jctSpin(JctSpin j, HandoffProducer p) {
        p.awaitWindow();
        j.consumer.submit(p.task);
        p.sent++;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(2)
    public void tput_2p_jctPark(JctPark j, HandoffProducer p) {
        p.awaitWindow();
        j.consumer.submit(p.task);
        p.sent++;
    }

    // ---- burst: N tasks from one thread, then wait until all ran ----

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void burst_serial(Burst b, Serial s, HandoffProducer p) {
        long target = p.sent + b.burst;
        SerialExecutor ex = s.executor;
        Runnable task = p.task;
        for (int i = 0; i < b.burst; i++) {
            ex.execute(task);
        }
        p.sent = target;
        p.awaitDone(target);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void burst_jctSpin(Burst b, JctSpin j, HandoffProducer p) {
        burstTo(j.consumer, b.burst, p);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public void burst_jctPark(Burst b, JctPark j, HandoffProducer p) {
        burstTo(j.consumer, b.burst, p);
    }

    private static void burstTo(QueueConsumer consumer, int burst, HandoffProducer p) {
        long target = p.sent + burst;
        Runnable task = p.task;
        for (int i = 0; i < burst; i++) {
            consumer.submit(task);
        }
        p.sent = target;
        p.awaitDone(target);
    }
}
