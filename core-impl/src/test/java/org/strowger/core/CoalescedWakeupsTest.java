package org.strowger.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A delayed hand-off whose timer never fires (a scheduler shut down first) still goes when the pool is shut down. */
class CoalescedWakeupsTest {
    @Test
    void shutdownHandsOffAPendingWakeUpWhoseTimerWasCancelled() throws InterruptedException {
        CoalescedWakeups wakeups = new CoalescedWakeups(new DedicatedThreadPool("test-wakeups"), new HandClock()); // never fires
        CountDownLatch ran = new CountDownLatch(1);
        wakeups.execute(ran::countDown);
        wakeups.shutdown();
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the pending hand-off was lost with the timer");
    }
}
