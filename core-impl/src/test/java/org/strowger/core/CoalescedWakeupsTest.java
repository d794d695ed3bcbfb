package org.strowger.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A delayed hand-off whose timer never fires (a scheduler shut down first) still goes when the pool is shut down. */
class CoalescedWakeupsTest {
    /** A scheduler that has been shut down with shutdownNow: it took the task and will never run it. */
    private static final class DeadClock implements CoreScheduler {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            return () -> false;
        }

        @Override
        public void shutdown() {
        }
    }

    @Test
    void shutdownHandsOffAPendingWakeUpWhoseTimerWasCancelled() throws InterruptedException {
        CoalescedWakeups wakeups = new CoalescedWakeups(new DedicatedThreadPool("test-wakeups"), new DeadClock());
        CountDownLatch ran = new CountDownLatch(1);
        wakeups.execute(ran::countDown);
        wakeups.shutdown();
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the pending hand-off was lost with the timer");
    }
}
