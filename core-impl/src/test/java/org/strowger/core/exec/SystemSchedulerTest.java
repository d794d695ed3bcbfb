package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.core.CoreScheduler;

/**
 * The real timer on real threads: order, cancel, early wake-up, its thread and shutdown, exactly-once under concurrent
 * schedule and cancel.
 */
class SystemSchedulerTest {
    private final CoreScheduler timer = CoreScheduler.system();

    @AfterEach
    void stop() {
        timer.shutdown();
    }

    @Test
    @Timeout(10)
    void runsTimersInDeadlineOrderAndEqualDeadlinesInArrivalOrder() throws InterruptedException {
        Queue<Integer> ran = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(4);
        timer.schedule(() -> { ran.add(3); done.countDown(); }, 60, TimeUnit.MILLISECONDS);
        timer.schedule(() -> { ran.add(1); done.countDown(); }, 20, TimeUnit.MILLISECONDS);
        timer.schedule(() -> { ran.add(2); done.countDown(); }, 40, TimeUnit.MILLISECONDS);
        timer.schedule(() -> { ran.add(4); done.countDown(); }, 60, TimeUnit.MILLISECONDS);
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2, 3, 4), List.copyOf(ran));
    }

    @Test
    @Timeout(10)
    void aNearTimerWakesATimerThreadAsleepUntilAFarOne() throws InterruptedException {
        timer.schedule(() -> { }, 1, TimeUnit.HOURS);
        Thread.sleep(50); // the timer thread is now asleep until the hour is up
        CountDownLatch near = new CountDownLatch(1);
        long start = System.nanoTime();
        timer.schedule(near::countDown, 10, TimeUnit.MILLISECONDS);
        assertTrue(near.await(5, TimeUnit.SECONDS), "the near timer waited for the far one");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(10), "ran early");
    }

    @Test
    @Timeout(10)
    void aCancelledTimerNeverRunsAndCancelSaysWhetherItStoppedIt() throws InterruptedException {
        AtomicInteger ran = new AtomicInteger();
        CoreScheduler.Cancellable c = timer.schedule(ran::incrementAndGet, 50, TimeUnit.MILLISECONDS);
        assertTrue(c.cancel());
        assertFalse(c.cancel(), "a second cancel stops nothing");
        CountDownLatch after = new CountDownLatch(1);
        CoreScheduler.Cancellable fired = timer.schedule(after::countDown, 100, TimeUnit.MILLISECONDS);
        assertTrue(after.await(5, TimeUnit.SECONDS));
        assertEquals(0, ran.get());
        assertFalse(fired.cancel(), "cancel after running stops nothing");
    }

    @Test
    @Timeout(10)
    void aThrowingTaskDoesNotStopTheTimerAndZeroOrNegativeDelaysRunSoon() throws InterruptedException {
        timer.schedule(() -> { throw new IllegalStateException("boom"); }, 0, TimeUnit.MILLISECONDS);
        CountDownLatch later = new CountDownLatch(2);
        timer.schedule(later::countDown, -5, TimeUnit.SECONDS);
        timer.schedule(later::countDown, 5, TimeUnit.MILLISECONDS);
        assertTrue(later.await(5, TimeUnit.SECONDS));
    }

    @Test
    @Timeout(10)
    void aTaskMayScheduleTheNextOneFromTheTimerThread() throws InterruptedException {
        CountDownLatch ticks = new CountDownLatch(20);
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            ticks.countDown();
            if (ticks.getCount() > 0) {
                timer.schedule(tick[0], 1, TimeUnit.MILLISECONDS);
            }
        };
        timer.schedule(tick[0], 1, TimeUnit.MILLISECONDS);
        assertTrue(ticks.await(5, TimeUnit.SECONDS));
    }

    @Test
    @Timeout(10)
    void runsOnTheDaemonTimerThreadWithTheWallClockAndShutdownDropsPendingTimers() throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        timer.schedule(() -> ran.complete(Thread.currentThread()), 5, TimeUnit.MILLISECONDS);
        Thread t = ran.get(5, TimeUnit.SECONDS);
        assertEquals("strowger-timer", t.getName());
        assertTrue(t.isDaemon(), "the timer must not keep the JVM alive");
        assertTrue(Math.abs(timer.currentTimeMillis() - System.currentTimeMillis()) < 1_000, "not the wall clock");
        assertTrue(Math.abs(timer.nanoTime() - System.nanoTime()) < TimeUnit.SECONDS.toNanos(1),
                "not the monotonic clock");
        AtomicInteger pendingRan = new AtomicInteger();
        timer.schedule(pendingRan::incrementAndGet, 50, TimeUnit.MILLISECONDS);
        timer.shutdown();
        Thread.sleep(150);
        assertEquals(0, pendingRan.get(), "a timer still pending at shutdown ran");
        t.join(5_000);
        assertFalse(t.isAlive(), "the timer thread did not end");
    }

    @Test
    void refusesTimersAfterShutdownAndRejectsNulls() {
        assertThrows(NullPointerException.class, () -> timer.schedule(null, 1, TimeUnit.SECONDS));
        assertThrows(NullPointerException.class, () -> timer.schedule(() -> { }, 1, null));
        timer.shutdown();
        assertThrows(RejectedExecutionException.class, () -> timer.schedule(() -> { }, 1, TimeUnit.SECONDS));
    }

    /** Four threads schedule and cancel at random: each timer runs exactly once unless its cancel returned true. */
    @Test
    @Timeout(60)
    void eachTimerRunsOnceOrIsCancelledUnderConcurrentScheduleAndCancel() throws Exception {
        int perThread = 5_000;
        int threads = 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(perThread * threads);
        AtomicIntegerArray cancelled = new AtomicIntegerArray(perThread * threads);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            long seed = t;
            ts.add(new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                List<CoreScheduler.Cancellable> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    int id = base + i;
                    mine.add(timer.schedule(() -> runs.incrementAndGet(id), r.nextInt(20_000),
                            TimeUnit.MICROSECONDS));
                    if (r.nextInt(3) == 0) {
                        int victim = r.nextInt(mine.size());
                        if (mine.get(victim).cancel()) {
                            cancelled.incrementAndGet(base + victim);
                        }
                    }
                }
            }));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        CountDownLatch last = new CountDownLatch(1);
        timer.schedule(last::countDown, 30, TimeUnit.MILLISECONDS); // after every deadline above
        assertTrue(last.await(30, TimeUnit.SECONDS));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i) + cancelled.get(i), "timer " + i + ": ran " + runs.get(i)
                    + ", cancelled " + cancelled.get(i));
        }
    }
}
