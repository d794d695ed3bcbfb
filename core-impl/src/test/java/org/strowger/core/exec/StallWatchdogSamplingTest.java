package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.core.StallReport;

/**
 * The watchdog sampled by hand ({@link HandClock}) while a real worker is held in a batch by the test: what a sample
 * decides does not depend on timing. A batch seen in two samples is reported once and compensated; a worker that
 * recovers is no longer compensated and a new stall of the same executor is a new report; stop ends the sampling.
 */
@Timeout(10)
class StallWatchdogSamplingTest {
    private final ForkJoinWorkerPool pool = new ForkJoinWorkerPool(1);
    private final HandClock clock = new HandClock();
    private final List<StallReport> reports = new CopyOnWriteArrayList<>();
    private final StallWatchdog watchdog = new StallWatchdog(pool, clock, TimeUnit.MILLISECONDS.toNanos(250),
            reports::add);
    private final SerialExecutor executor = new SerialExecutor(new ExecutorSettings(pool, 32, 16), "chan-7");

    @AfterEach
    void stop() {
        watchdog.stop();
        pool.shutdown();
    }

    private volatile String heldOn;

    /** Holds the pool's worker in a batch of chan-7 until the returned latch is released; returns once it runs. */
    private CountDownLatch holdWorker(CountDownLatch finished) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        executor.execute(() -> {
            heldOn = Thread.currentThread().getName();
            running.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.countDown();
        });
        assertTrue(running.await(5, TimeUnit.SECONDS));
        return release;
    }

    private void sample() {
        clock.runNext();
        assertEquals(1, clock.pending(), "each sample schedules the next");
    }

    @Test
    void aBatchSeenTwiceIsReportedOnceCompensatedAndForgottenOnceItEnds() throws Exception {
        watchdog.start();
        CountDownLatch firstDone = new CountDownLatch(1);
        CountDownLatch release = holdWorker(firstDone);
        sample();
        assertEquals(List.of(), reports, "one sample of a batch is not a stall");
        assertEquals(1, pool.parallelism());
        sample();
        sample();
        assertEquals(1, reports.size(), "reported once however many samples see it");
        StallReport r = reports.get(0);
        assertEquals("chan-7", r.executor());
        assertEquals(250, r.stalledAtLeastMillis());
        assertEquals(heldOn, r.threadName());
        assertEquals(2, pool.parallelism(), "one compensating thread for the stalled worker");
        assertEquals(1, watchdog.stalls());

        release.countDown();
        assertTrue(firstDone.await(5, TimeUnit.SECONDS));
        awaitIdle();
        sample();
        assertEquals(1, pool.parallelism(), "no compensation once the worker has recovered");

        CountDownLatch secondDone = new CountDownLatch(1);
        CountDownLatch again = holdWorker(secondDone);
        sample();
        sample();
        assertEquals(2, reports.size(), "a new stalled batch of the same executor is a new stall");
        assertEquals(2, watchdog.stalls());
        again.countDown();
        assertTrue(secondDone.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aStoppedWatchdogNeitherReportsNorSamplesAgain() throws Exception {
        watchdog.start();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch release = holdWorker(done);
        sample();
        watchdog.stop();
        clock.runNext(); // the sample scheduled before the stop
        assertEquals(List.of(), reports, "a stopped watchdog reported a stall");
        assertEquals(0, clock.pending(), "and scheduled another sample");
        release.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aListenerMayStopTheWatchdog() throws Exception {
        AtomicReference<StallWatchdog> self = new AtomicReference<>();
        StallWatchdog stoppedByItsListener = new StallWatchdog(pool, clock, TimeUnit.MILLISECONDS.toNanos(250),
                r -> self.get().stop());
        self.set(stoppedByItsListener);
        stoppedByItsListener.start();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch release = holdWorker(done);
        sample();
        clock.runNext(); // reports, and the listener stops the watchdog
        assertEquals(1, stoppedByItsListener.stalls());
        assertEquals(0, clock.pending(), "a sample that found the watchdog stopped scheduled another");
        release.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    /** Waits until the worker has left the batch (the slot says so), bounded. */
    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean busy = false;
            for (PoolThread t : pool.workers()) {
                busy |= t.slot.runningAcquire() != null;
            }
            if (!busy) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the worker did not leave its batch");
    }
}
