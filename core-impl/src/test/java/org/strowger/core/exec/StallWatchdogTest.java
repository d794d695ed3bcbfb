package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.core.CoreScheduler;
import org.strowger.core.StallReport;

/** Real threads and real time: the only tests here that sleep, because a stall is a thread that does not return. */
class StallWatchdogTest {
    private static final long BUDGET_MS = 50;

    private final ForkJoinWorkerPool pool = new ForkJoinWorkerPool(2);
    private final CoreScheduler scheduler = CoreScheduler.system();
    private StallWatchdog watchdog;

    @AfterEach
    void stop() {
        if (watchdog != null) {
            watchdog.stop();
        }
        scheduler.shutdown();
        pool.shutdown();
    }

    private StallWatchdog start(Consumer<StallReport> listener) {
        watchdog = new StallWatchdog(pool, scheduler, TimeUnit.MILLISECONDS.toNanos(BUDGET_MS), listener);
        watchdog.start();
        return watchdog;
    }

    private SerialExecutor executor(String label) {
        return new SerialExecutor(new ExecutorSettings(pool, 32, 16), label);
    }

    /** The stalling callback: named, so the report's stack can be checked for it. Blocks until released. */
    private static void stallHere(CountDownLatch release) {
        try {
            release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stalls both workers of the 2-thread pool on executors slow-chan-1 and slow-chan-2 until {@code release}. */
    private void stallBothWorkers(CountDownLatch release) throws InterruptedException {
        CountDownLatch bothStalling = new CountDownLatch(2);
        for (String label : List.of("slow-chan-1", "slow-chan-2")) {
            executor(label).execute(() -> {
                bothStalling.countDown();
                stallHere(release);
            });
        }
        assertTrue(bothStalling.await(5, TimeUnit.SECONDS));
    }

    private static void awaitTrue(BooleanSupplier condition, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void stalledBatchesAreReportedOnceAndTheCompensatedPoolRunsOtherExecutors() throws Exception {
        List<StallReport> reports = new CopyOnWriteArrayList<>();
        StallWatchdog wd = start(reports::add);
        CountDownLatch release = new CountDownLatch(1);
        try {
            stallBothWorkers(release);
            awaitTrue(() -> reports.size() >= 2, 5_000);
            assertEquals(2, reports.size(), "both stalled workers are reported");
            assertTrue(pool.parallelism() > 2, "the pool is compensated while workers are stalled");

            // Both configured workers are stuck: another executor's new work still runs, on a compensating thread.
            SerialExecutor other = executor("other-chan");
            CountDownLatch otherRan = new CountDownLatch(1);
            other.execute(otherRan::countDown);
            assertTrue(otherRan.await(5, TimeUnit.SECONDS), "another executor starved behind stalled workers");

            Thread.sleep(4 * BUDGET_MS); // several more samples of the same stalled batches: no second report
            assertEquals(2, reports.size());
        } finally {
            release.countDown();
        }
        // Back to normal: parallelism returns to the configured size once the stalls end.
        awaitTrue(() -> pool.parallelism() == 2, 5_000);
        assertEquals(2, pool.parallelism());
        Thread.sleep(3 * BUDGET_MS);
        assertEquals(2, reports.size(), "nothing is reported after recovery");
        assertEquals(2, wd.stalls());

        Map<String, List<StallReport>> byExecutor = reports.stream()
                .collect(Collectors.groupingBy(StallReport::executor));
        for (String label : List.of("slow-chan-1", "slow-chan-2")) {
            List<StallReport> r = byExecutor.get(label);
            assertTrue(r != null && r.size() == 1, "exactly one report naming " + label + ": " + byExecutor.keySet());
            StallReport report = r.get(0);
            assertTrue(report.stack().stream().anyMatch(f -> f.getClassName().equals(StallWatchdogTest.class.getName())
                    && f.getMethodName().equals("stallHere")), "stack shows the stalling method: " + report.stack());
            assertTrue(report.stack().stream().anyMatch(f -> f.getMethodName().contains("stallBothWorkers")),
                    "stack shows the test's task");
            assertTrue(report.threadName() != null && !report.threadName().isEmpty());
            assertEquals(BUDGET_MS, report.stalledAtLeastMillis());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void workQueuedBeforeTheStallWasDetectedRunsWhileWorkersAreStalled() throws Exception {
        List<StallReport> reports = new CopyOnWriteArrayList<>();
        start(reports::add);
        CountDownLatch release = new CountDownLatch(1);
        try {
            stallBothWorkers(release);
            SerialExecutor other = executor("other-chan");
            CountDownLatch otherRan = new CountDownLatch(1);
            other.execute(otherRan::countDown); // queued while both workers are stuck, before any sample
            assertTrue(otherRan.await(2, TimeUnit.SECONDS),
                    "queued work starved while both workers stayed stalled (reports: " + reports.size()
                            + ", parallelism " + pool.parallelism() + ")");
        } finally {
            release.countDown();
        }
    }

    /**
     * Sampled by hand between batches (a real-time sample can land while the machine preempts a 0.5 ms task for
     * longer than the budget, which is a stall as far as the watchdog can know): each sample sees a new batch.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBusyExecutorThatKeepsFinishingBatchesIsNotReported() throws Exception {
        HandClock byHand = new HandClock();
        List<StallReport> reports = new CopyOnWriteArrayList<>();
        watchdog = new StallWatchdog(pool, byHand, TimeUnit.MILLISECONDS.toNanos(BUDGET_MS), reports::add);
        watchdog.start();
        SerialExecutor busy = new SerialExecutor(new ExecutorSettings(pool, 1, 16), "busy-chan"); // a batch per task
        int tasks = 20;
        List<CountDownLatch> started = new ArrayList<>();
        List<CountDownLatch> go = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            CountDownLatch s = new CountDownLatch(1);
            CountDownLatch g = new CountDownLatch(1);
            started.add(s);
            go.add(g);
            busy.execute(() -> {
                s.countDown();
                stallHere(g);
            });
        }
        for (int i = 0; i < tasks; i++) {
            assertTrue(started.get(i).await(5, TimeUnit.SECONDS));
            byHand.runNext(); // a sample while task i runs: the previous sample saw task i - 1's batch
            go.get(i).countDown();
        }
        assertEquals(List.of(), reports, "an executor that finished a batch between two samples is busy, not stalled");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aThrowingListenerDoesNotStopTheWatchdog() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        StallWatchdog wd = start(r -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener failure (expected by the test)");
        });
        int expected = 0;
        for (String label : List.of("first", "second")) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            executor(label).execute(() -> {
                stallHere(release);
                finished.countDown();
            });
            int want = ++expected;
            awaitTrue(() -> calls.get() >= want, 5_000);
            release.countDown();
            assertTrue(finished.await(5, TimeUnit.SECONDS));
            assertEquals(want, calls.get(), "stall of " + label + " reported once, after the listener threw before");
        }
        assertEquals(2, wd.stalls());
        assertFalse(pool.isTerminated());
    }
}
