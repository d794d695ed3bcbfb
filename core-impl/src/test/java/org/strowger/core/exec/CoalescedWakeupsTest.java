package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscription's thread is woken by a timer, not by each hand-off from outside; a hand-off from the thread itself,
 * a refused timer and the subscription's close go straight through; each hand-off runs once. The clock is a
 * {@link HandClock}, so a timer fires only when the test says.
 */
@Timeout(10)
class CoalescedWakeupsTest {
    private final DedicatedThreadPool thread = new DedicatedThreadPool("test-wakeups");
    private final HandClock clock = new HandClock();
    private final CoalescedWakeups wakeups = new CoalescedWakeups(thread, clock);

    @Test
    void shutdownHandsOffAPendingWakeUpWhoseTimerWasCancelled() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        wakeups.execute(ran::countDown); // its timer never fires
        wakeups.shutdown();
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the pending hand-off was lost with the timer");
    }

    @Test
    void aTimerThatFiresAfterShutdownHandedItsWakeUpOffDoesNothing() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        wakeups.execute(runs::incrementAndGet);
        wakeups.shutdown(); // hands it off at once
        awaitTerminated();
        clock.runNext(); // the timer was not cancelled (the core's scheduler may still run)
        assertEquals(1, runs.get(), "the wake-up was handed off twice");
    }

    @Test
    void aHandOffFromOutsideWaitsForItsTimerAndRunsOnceOnTheThread() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        wakeups.execute(() -> {
            runs.incrementAndGet();
            ranOn.complete(Thread.currentThread());
        });
        assertEquals(1, clock.pending(), "the wake-up is delayed on the core's scheduler");
        clock.runNext();
        assertTrue(thread.isWorker(ranOn.get(5, TimeUnit.SECONDS)), "ran on the subscription's thread");
        wakeups.shutdown(); // the timer already handed it off: nothing to hand off again
        awaitTerminated();
        assertEquals(1, runs.get());
    }

    @Test
    void aHandOffFromTheThreadItselfGoesStraightThrough() throws Exception {
        CompletableFuture<Boolean> second = new CompletableFuture<>();
        wakeups.execute(() -> wakeups.execute(() -> second.complete(true))); // a run that used up its batch
        clock.runNext();
        assertTrue(second.get(5, TimeUnit.SECONDS), "the thread's own hand-off waited for a timer");
        assertEquals(0, clock.pending());
        wakeups.shutdown();
    }

    @Test
    void aRefusedTimerHandsOffAtOnce() throws Exception {
        CoalescedWakeups w = new CoalescedWakeups(thread, HandClock.refusingTimers());
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        w.execute(() -> ranOn.complete(Thread.currentThread()));
        assertTrue(thread.isWorker(ranOn.get(5, TimeUnit.SECONDS)));
        w.shutdown();
    }

    @Test
    void aHandOffTheClosedThreadRefusesRunsOnTheTimersThread() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        wakeups.execute(() -> {
            runs.incrementAndGet();
            ranOn.complete(Thread.currentThread());
        });
        thread.shutdown(); // the subscription shut its thread down before the timer fired
        clock.runNext();
        assertSame(Thread.currentThread(), ranOn.getNow(null), "run where the timer fired (it only rejects its queue)");
        wakeups.shutdown();
        assertEquals(1, runs.get(), "shutdown found nothing pending");
    }

    private void awaitTerminated() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!thread.isTerminated() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(thread.isTerminated());
    }
}
