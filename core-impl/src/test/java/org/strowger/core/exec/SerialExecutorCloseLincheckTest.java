package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.strowger.core.exec.LincheckScenarios.op;
import static org.strowger.core.exec.LincheckScenarios.scenario;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import kotlin.reflect.KFunction;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.strowger.core.WorkerPool;

/**
 * Lincheck model checking of closing: an accepted task is never lost, whatever races with close(). Every task that
 * {@code execute} accepted must end up run or rejected ({@link Rejectable#reject()}), exactly once; a task it refused
 * must be neither. {@code execute}'s results must be linearizable with {@code close} (false only after close).
 */
public class SerialExecutorCloseLincheckTest {
    static final int MAX_THREADS = 4;
    static final int MAX_OPS = 8;

    /** Records whether it ran or was rejected; any second outcome is a violation. */
    static final class Probe implements Runnable, Rejectable {
        static final int PENDING = 0;
        static final int RAN = 1;
        static final int REJECTED = 2;
        final AtomicInteger state = new AtomicInteger();
        volatile boolean twice;

        @Override
        public void run() {
            if (!state.compareAndSet(PENDING, RAN)) {
                twice = true;
            }
        }

        @Override
        public void reject() {
            if (!state.compareAndSet(PENDING, REJECTED)) {
                twice = true;
            }
        }
    }

    /** The shared bookkeeping of both models: probes per producer thread, drained and checked at the end. */
    abstract static class Model {
        final ConcurrentLinkedQueue<Runnable> submitted = new ConcurrentLinkedQueue<>();
        final Probe[][] probes = new Probe[MAX_THREADS][MAX_OPS];
        final boolean[][] accepted = new boolean[MAX_THREADS][MAX_OPS];
        final int[] queued = new int[MAX_THREADS];
        final SerialExecutor executor;

        /** @param refusing if true the pool throws like a shut-down pool; otherwise it queues on {@link #submitted} */
        Model(boolean refusing) {
            WorkerPool pool = new WorkerPool() {
                @Override
                public void execute(Runnable task) {
                    if (refusing) {
                        throw new RejectedExecutionException("pool is shut down");
                    }
                    submitted.add(task);
                }

                @Override
                public void shutdown() {
                }
            };
            executor = new SerialExecutor(new ExecutorSettings(pool, 2, 2), "close-model");
        }

        boolean offer(int thread) {
            Probe p = new Probe();
            int i = queued[thread]++;
            probes[thread][i] = p;
            boolean ok = executor.execute(p);
            accepted[thread][i] = ok;
            return ok;
        }

        void runOneBatch() {
            Runnable batch = submitted.poll();
            if (batch != null) {
                batch.run();
            }
        }

        void checkEveryTaskAccountedFor() {
            int batches = 0;
            Runnable batch;
            while ((batch = submitted.poll()) != null) {
                batch.run();
                if (++batches > 1_000) {
                    throw new IllegalStateException("the executor keeps resubmitting itself");
                }
            }
            for (int t = 0; t < MAX_THREADS; t++) {
                for (int i = 0; i < queued[t]; i++) {
                    Probe p = probes[t][i];
                    int s = p.state.get();
                    if (p.twice) {
                        throw new IllegalStateException("a task was run or rejected twice");
                    }
                    if (accepted[t][i] && s == Probe.PENDING) {
                        throw new IllegalStateException("an accepted task was neither run nor rejected: lost");
                    }
                    if (!accepted[t][i] && s != Probe.PENDING) {
                        throw new IllegalStateException("a refused task was run or rejected");
                    }
                }
            }
        }
    }

    /** A live pool; producers, close() and workers race. */
    public static class Closing extends Model {
        public Closing() {
            super(false);
        }

        @Operation
        public boolean execute(@Param(gen = ThreadIdGen.class) int thread) {
            return offer(thread);
        }

        @Operation
        public void close() {
            executor.close();
        }

        @Operation
        public void runPool() {
            runOneBatch();
        }

        @Validate
        public void everyAcceptedTaskRanOrWasRejected() {
            checkEveryTaskAccountedFor();
        }
    }

    /** A shut-down pool: every submission throws, so the submitting thread must reject what is queued. */
    public static class Refusing extends Model {
        public Refusing() {
            super(true);
        }

        /**
         * Returns nothing: on a refusing pool the first submission closes the executor, so whether a racing
         * execute is accepted depends on the interleaving in a way no sequential run reproduces (both may be
         * accepted); the validation checks what matters, that no accepted task is lost.
         */
        @Operation
        public void execute(@Param(gen = ThreadIdGen.class) int thread) {
            offer(thread);
        }

        @Validate
        public void everyAcceptedTaskWasRejected() {
            checkEveryTaskAccountedFor();
            for (int t = 0; t < MAX_THREADS; t++) {
                for (int i = 0; i < queued[t]; i++) {
                    if (probes[t][i].state.get() == Probe.RAN) {
                        throw new IllegalStateException("a task ran on a pool that runs nothing");
                    }
                }
            }
        }
    }

    @Test
    void modelCheckCloseRacingProducersAndWorkers() {
        KFunction<?> execute = op(Closing.class, "execute", int.class);
        KFunction<?> close = op(Closing.class, "close");
        KFunction<?> runPool = op(Closing.class, "runPool");
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new ModelCheckingOptions()
                .iterations(3)
                .invocationsPerIteration(100)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(0)
                // a producer between its CLOSED check and its offer while close() and a worker's drain run
                .addCustomScenario(scenario(t -> t.actor(execute, 0),
                        t -> t.actor(close),
                        t -> t.actor(execute, 1),
                        t -> t.actor(runPool)))
                // a producer whose wake-up races the close-triggered drain; a worker finishing a batch meanwhile
                .addCustomScenario(scenario(t -> { },
                        t -> {
                            t.actor(execute, 1);
                            t.actor(close);
                        },
                        t -> {
                            t.actor(execute, 2);
                            t.actor(runPool);
                        }))
                .check(Closing.class));
    }

    @Test
    void modelCheckProducersRacingARefusingPool() {
        KFunction<?> execute = op(Refusing.class, "execute", int.class);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(2_000)
                .threads(2)
                .actorsPerThread(2)
                .actorsBefore(0)
                .actorsAfter(0)
                .addCustomScenario(scenario(t -> { },
                        t -> t.actor(execute, 0),
                        t -> t.actor(execute, 1)))
                .check(Refusing.class));
    }
}
