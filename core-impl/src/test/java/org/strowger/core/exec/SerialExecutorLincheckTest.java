package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.strowger.core.exec.LincheckScenarios.op;
import static org.strowger.core.exec.LincheckScenarios.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import kotlin.reflect.KFunction;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.strowger.core.WorkerPool;

/**
 * Lincheck model checking of the executor hand-off (offer + CAS idle->scheduled + submit; batch; clear SCHEDULED;
 * re-check). Producers call {@code execute}/{@code executeMedia} from several threads while other threads act as
 * pool workers ({@code runPool} runs one submitted batch), so the model checker interleaves the producers' status
 * CAS with the consumer's clear-and-re-check at every shared-memory access. After each invocation the validation
 * drains the pool on the test thread and checks that every control task ran exactly once, in per-producer FIFO
 * order, never two at once, and that every media task either ran once or was counted as dropped. A lost wake-up
 * leaves a task unrun (or SCHEDULED stuck with nothing submitted), a double submission runs two batches at once.
 */
public class SerialExecutorLincheckTest {
    private static final int MAX_THREADS = 4;
    private static final int MAX_OPS = 16;

    private final ConcurrentLinkedQueue<Runnable> submitted = new ConcurrentLinkedQueue<>();
    private final WorkerPool pool = new WorkerPool() {
        @Override
        public void execute(Runnable task) {
            submitted.add(task);
        }

        @Override
        public void shutdown() {
        }
    };
    // throughput 2: batches end while producers are still offering, which is where wake-ups get lost
    private final SerialExecutor executor = new SerialExecutor(new ExecutorSettings(pool, 2, 2), "lincheck");

    // per producer thread, written only by that thread
    private final int[] controlQueued = new int[MAX_THREADS];
    private final int[] mediaQueued = new int[MAX_THREADS];
    // written only by tasks, which the executor must serialise
    private final List<Integer> controlRan = new ArrayList<>();
    private final List<Integer> mediaRan = new ArrayList<>();
    private int active;
    private boolean overlapped;

    @Operation
    public void execute(@Param(gen = ThreadIdGen.class) int thread) {
        int code = thread * MAX_OPS + controlQueued[thread]++;
        executor.execute(() -> record(controlRan, code));
    }

    @Operation
    public void executeMedia(@Param(gen = ThreadIdGen.class) int thread) {
        int code = thread * MAX_OPS + mediaQueued[thread]++;
        executor.executeMedia(() -> record(mediaRan, code));
    }

    /** Acts as a pool worker: runs one submitted batch, if any. */
    @Operation
    public void runPool() {
        Runnable batch = submitted.poll();
        if (batch != null) {
            batch.run();
        }
    }

    private void record(List<Integer> log, int code) {
        if (active++ != 0) {
            overlapped = true;
        }
        log.add(code);
        active--;
    }

    @Validate
    public void everyTaskRanExactlyOnceInProducerOrder() {
        int batches = 0;
        Runnable batch;
        while ((batch = submitted.poll()) != null) {
            batch.run();
            if (++batches > 1_000) {
                throw new IllegalStateException("the executor keeps resubmitting itself");
            }
        }
        if (overlapped) {
            throw new IllegalStateException("two tasks of one executor ran at the same time");
        }
        int controlTotal = 0;
        int mediaTotal = 0;
        for (int t = 0; t < MAX_THREADS; t++) {
            controlTotal += controlQueued[t];
            mediaTotal += mediaQueued[t];
        }
        if (controlRan.size() != controlTotal) {
            throw new IllegalStateException("lost wake-up: " + controlTotal + " control tasks queued, ran " + controlRan);
        }
        checkProducerOrder(controlRan, controlQueued, true);
        checkProducerOrder(mediaRan, mediaQueued, false);
        if (mediaRan.size() + executor.mediaDropped() != mediaTotal) {
            throw new IllegalStateException("media: " + mediaTotal + " queued, ran " + mediaRan + ", dropped "
                    + executor.mediaDropped());
        }
        // The executor must be idle and schedulable again (SCHEDULED not stuck).
        boolean[] ran = new boolean[1];
        executor.execute(() -> ran[0] = true);
        while ((batch = submitted.poll()) != null) {
            batch.run();
        }
        if (!ran[0]) {
            throw new IllegalStateException("the executor is stuck: a new task is never run");
        }
    }

    private static void checkProducerOrder(List<Integer> ran, int[] queued, boolean exhaustive) {
        int[] next = new int[MAX_THREADS];
        for (int code : ran) {
            int thread = code / MAX_OPS;
            int seq = code % MAX_OPS;
            if (exhaustive ? seq != next[thread] : seq < next[thread]) {
                throw new IllegalStateException("out of order, duplicated or lost: " + ran);
            }
            next[thread] = seq + 1;
        }
        if (exhaustive) {
            for (int t = 0; t < MAX_THREADS; t++) {
                if (next[t] != queued[t]) {
                    throw new IllegalStateException("producer " + t + " queued " + queued[t] + ", ran " + next[t]);
                }
            }
        }
    }

    // ---- scenarios ----

    private static final KFunction<?> EXECUTE = op(SerialExecutorLincheckTest.class, "execute", int.class);
    private static final KFunction<?> EXECUTE_MEDIA = op(SerialExecutorLincheckTest.class, "executeMedia", int.class);
    private static final KFunction<?> RUN_POOL = op(SerialExecutorLincheckTest.class, "runPool");

    /**
     * The shapes where a serial executor loses a wake-up or runs two batches at once, each explored by the model
     * checker: a worker finishing a batch (clear SCHEDULED, re-check both lanes) while a producer offers control or
     * media; two producers racing for the idle->scheduled CAS and then both acting as workers; several workers
     * polling while a producer offers to a busy executor. Each of these catches a hand-off that re-checks before
     * clearing SCHEDULED, and the media one catches a re-check that forgets the media lane (both verified against
     * mutants of SerialExecutor when this test was written).
     */
    @Test
    void modelCheckCriticalInterleavings() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(300)
                .addCustomScenario(scenario(t -> t.actor(EXECUTE, 0),
                        t -> t.actor(RUN_POOL),
                        t -> t.actor(EXECUTE, 1)))
                .addCustomScenario(scenario(t -> t.actor(EXECUTE, 0),
                        t -> t.actor(RUN_POOL),
                        t -> t.actor(EXECUTE_MEDIA, 1)))
                .addCustomScenario(scenario(t -> { },
                        t -> {
                            t.actor(EXECUTE, 1);
                            t.actor(RUN_POOL);
                        },
                        t -> {
                            t.actor(EXECUTE, 2);
                            t.actor(RUN_POOL);
                        }))
                .addCustomScenario(scenario(t -> {
                            t.actor(EXECUTE, 0);
                            t.actor(EXECUTE, 0);
                            t.actor(EXECUTE, 0);
                        },
                        t -> {
                            t.actor(RUN_POOL);
                            t.actor(RUN_POOL);
                        },
                        t -> t.actor(EXECUTE, 1),
                        t -> t.actor(RUN_POOL)))
                .check(SerialExecutorLincheckTest.class));
    }

    /** Random scenarios over the same operations (no post part: a later execute would heal a lost wake-up). */
    @Test
    void modelCheckRandomScenarios() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new ModelCheckingOptions()
                .iterations(4)
                .invocationsPerIteration(100)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(0)
                .check(SerialExecutorLincheckTest.class));
    }

    @Test
    void stressHandOff() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new StressOptions()
                .iterations(10)
                .invocationsPerIteration(1_000)
                .minimizeFailedScenario(false)
                .threads(3)
                .actorsPerThread(4)
                .actorsBefore(1)
                .actorsAfter(0)
                .check(SerialExecutorLincheckTest.class));
    }
}
