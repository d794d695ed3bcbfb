package org.strowger.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real clock: a task runs once on a daemon timer thread after its delay, a cancelled one never runs. */
@Timeout(10)
class SystemSchedulerTest {
    @Test
    void aTaskRunsAfterItsDelayOnTheDaemonTimerThread() throws Exception {
        SystemScheduler s = new SystemScheduler();
        try {
            long start = s.nanoTime();
            CompletableFuture<Thread> ran = new CompletableFuture<>();
            s.schedule(() -> ran.complete(Thread.currentThread()), 30, TimeUnit.MILLISECONDS);
            Thread t = ran.get(5, TimeUnit.SECONDS);
            assertTrue(s.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30), "ran before its delay");
            assertEquals("strowger-timer", t.getName());
            assertTrue(t.isDaemon(), "the timer must not keep the JVM alive");
            long wall = System.currentTimeMillis();
            assertTrue(Math.abs(s.currentTimeMillis() - wall) < 1_000, "currentTimeMillis is the wall clock");
        } finally {
            s.shutdown();
        }
    }

    @Test
    void aCancelledTaskNeverRunsAndShutdownDropsPendingTasks() throws Exception {
        SystemScheduler s = new SystemScheduler();
        AtomicBoolean cancelledRan = new AtomicBoolean();
        AtomicBoolean pendingRan = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);
        assertTrue(s.schedule(() -> cancelledRan.set(true), 50, TimeUnit.MILLISECONDS).cancel(),
                "cancelling a pending task says it will not run");
        CoreScheduler.Cancellable done = s.schedule(later::countDown, 100, TimeUnit.MILLISECONDS);
        assertTrue(later.await(5, TimeUnit.SECONDS));
        assertFalse(cancelledRan.get(), "a cancelled task ran");
        Thread.sleep(100); // let the timer thread finish the task it has just run
        assertFalse(done.cancel(), "cancelling a task that already ran cannot stop it");
        s.schedule(() -> pendingRan.set(true), 50, TimeUnit.MILLISECONDS);
        s.shutdown();
        Thread.sleep(150);
        assertFalse(pendingRan.get(), "a task still pending at shutdown ran");
    }
}
