package org.strowger.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.strowger.core.CoreScheduler;
import org.strowger.core.Strowger;
import org.strowger.core.WorkerPool;

/**
 * A deterministic world for the whole core: a {@link WorkerPool} and {@link CoreScheduler} on one thread with a
 * virtual clock. Every submitted executor batch and every {@linkplain #fork simulated actor} goes into a ready set;
 * each {@link #step()} runs one of them chosen by a seeded random generator, so one seed is one interleaving and
 * replays exactly. When nothing is ready, the clock jumps to the next timer. Nothing else may run concurrently:
 * calls from a thread other than the one that created the simulation fail.
 *
 * <pre>{@code
 * Simulation sim = new Simulation(seed);
 * ChannelCore core = sim.coreBuilder().tech(fake).build();
 * sim.fork(() -> fake.inbound("alice", "100"));   // an actor on "another thread"
 * sim.runUntilQuiescent();
 * }</pre>
 */
public final class Simulation implements WorkerPool, CoreScheduler {
    /** Steps after which a run is considered a livelock. */
    public static final long DEFAULT_STEP_LIMIT = 50_000_000L;

    private record Timer(long due, long seq, Runnable task, boolean[] cancelled) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final long seed;
    private final SplittableRandom random;
    private final Thread thread = Thread.currentThread();
    private final ArrayList<Runnable> ready = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final long epochMillis = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private long now;
    private long timerSeq;
    private long steps;
    private long stepLimit = DEFAULT_STEP_LIMIT;
    private boolean poolShutdown;

    public Simulation(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    /** The simulation's random source, for scenario choices that must replay with the seed. */
    public SplittableRandom random() {
        return random;
    }

    /**
     * A core builder wired to this simulation: its pool and scheduler, a seed-chosen executor batch size (1..4, so
     * batches interleave finely), ids prefixed {@code sim}, no stall watchdog (virtual time never stalls).
     */
    public Strowger.Builder coreBuilder() {
        return Strowger.builder().pool(this).scheduler(this).executorThroughput(1 + random.nextInt(4))
                .idPrefix("sim").stallBudget(Duration.ZERO);
    }

    public void setStepLimit(long limit) {
        this.stepLimit = limit;
    }

    /** Steps run so far. */
    public long steps() {
        return steps;
    }

    /** Virtual time elapsed, in nanoseconds. */
    public long elapsedNanos() {
        return now;
    }

    // ---- WorkerPool ----

    @Override
    public void execute(Runnable task) {
        if (poolShutdown) { // from any thread: after a shutdown, work runs on threads of its own
            throw new java.util.concurrent.RejectedExecutionException("simulation pool is shut down");
        }
        checkThread();
        ready.add(task);
    }

    @Override
    public void shutdown() {
        poolShutdown = true;
    }

    /** Adds an actor step (what another thread would do) to the ready set; it runs interleaved with executors. */
    public void fork(Runnable actor) {
        checkThread();
        ready.add(actor);
    }

    // ---- CoreScheduler ----

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long currentTimeMillis() {
        return epochMillis + now / 1_000_000L;
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        checkThread();
        boolean[] cancelled = new boolean[1];
        timers.add(new Timer(now + Math.max(0, unit.toNanos(delay)), timerSeq++, task, cancelled));
        return () -> {
            boolean wasPending = !cancelled[0];
            cancelled[0] = true;
            return wasPending;
        };
    }

    // ---- driving ----

    /** Runs one ready task (chosen by the seed), or else fires the next timer. False if there is nothing at all. */
    public boolean step() {
        checkThread();
        if (++steps > stepLimit) {
            throw new AssertionError("seed " + seed + ": no quiescence after " + stepLimit + " steps (livelock?)");
        }
        if (!ready.isEmpty()) {
            int i = random.nextInt(ready.size());
            Runnable task = ready.get(i);
            ready.set(i, ready.get(ready.size() - 1));
            ready.remove(ready.size() - 1);
            task.run();
            return true;
        }
        return fireNextTimer(Long.MAX_VALUE);
    }

    /** Runs ready tasks until none is left, without advancing the clock. */
    public void runUntilQuiescent() {
        while (!ready.isEmpty()) {
            step();
        }
    }

    /**
     * Steps (advancing the clock through timers as needed) until {@code condition} holds, then runs what is ready.
     *
     * @throws AssertionError if nothing is left to run and the condition still does not hold
     */
    public void runUntil(java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (!step()) {
                throw new AssertionError("seed " + seed + ": nothing left to run and the condition does not hold");
            }
        }
        runUntilQuiescent();
    }

    /**
     * Runs until {@code stage} completes and returns its value.
     *
     * @throws java.util.concurrent.CompletionException if it completed exceptionally
     * @throws AssertionError if nothing is left to run and it has not completed
     */
    public <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        java.util.concurrent.CompletableFuture<T> f = stage.toCompletableFuture();
        runUntil(f::isDone);
        return f.join();
    }

    /**
     * Runs until {@code stage} completes and returns the exception it failed with.
     *
     * @throws AssertionError if it completed normally, or nothing is left to run and it has not completed
     */
    public Throwable awaitFailure(java.util.concurrent.CompletionStage<?> stage) {
        java.util.concurrent.CompletableFuture<?> f = stage.toCompletableFuture();
        runUntil(f::isDone);
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        }
        throw new AssertionError("seed " + seed + ": the stage completed normally");
    }

    /**
     * Runs everything, advancing the clock through every timer, until nothing is ready or scheduled. Periodic work
     * (a mixing bridge's 20 ms tick) never ends by itself: use {@link #runFor} or {@link #runUntil} while it runs.
     */
    public void runAll() {
        while (step()) {
            // keep going
        }
    }

    /** Runs for {@code d} of virtual time: every task and every timer due by then; the clock ends at now + d. */
    public void runFor(Duration d) {
        long end = now + d.toNanos();
        while (true) {
            runUntilQuiescent();
            if (!fireNextTimer(end)) {
                break;
            }
        }
        now = Math.max(now, end);
    }

    /**
     * Moves the clock forward by {@code d} from inside a running task or actor, as if it had taken that long (a
     * callback that overruns its budget, a slow network thread). Timers that fall due meanwhile fire after the task,
     * late, in their order; nothing else runs during it.
     */
    public void elapse(Duration d) {
        checkThread();
        if (d.isNegative()) {
            throw new IllegalArgumentException("cannot elapse a negative duration: " + d);
        }
        now += d.toNanos();
    }

    /** True if no task is ready (timers may be pending). */
    public boolean isQuiescent() {
        return ready.isEmpty();
    }

    /** Pending timers, cancelled ones included until their time comes. */
    public int pendingTimers() {
        return timers.size();
    }

    private boolean fireNextTimer(long notAfter) {
        while (!timers.isEmpty() && timers.peek().cancelled()[0]) {
            timers.poll();
        }
        if (timers.isEmpty() || timers.peek().due() > notAfter) {
            return false;
        }
        Timer t = timers.poll();
        now = Math.max(now, t.due());
        t.cancelled()[0] = true;
        t.task().run();
        return true;
    }

    private void checkThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the simulation is single-threaded: called from "
                    + Thread.currentThread().getName() + ", created on " + thread.getName());
        }
    }
}
