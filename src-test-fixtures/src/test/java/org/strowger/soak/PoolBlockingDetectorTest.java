package org.strowger.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.Subscription;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * The soak's BlockHound set-up can fail: a task that sleeps on the core's pool is reported, with the blocking method,
 * the worker's name and a stack that leads to the task; a sleep on a subscriber's dedicated thread and an idle pool
 * (workers parked in the JDK pool) are not. Runs in the soak execution (its own JVM, see the pom).
 */
@ExtendWith(NoLeakExtension.class)
@EnabledIfSystemProperty(named = "strowger.soak.enabled", matches = "true",
        disabledReason = "runs in the soak execution of src-test-fixtures/pom.xml (BlockHound needs a JVM flag)")
class PoolBlockingDetectorTest {
    @BeforeAll
    static void install() {
        PoolBlockingDetector.install();
    }

    @Test
    @Timeout(60)
    void aSleepOnAPoolThreadIsReportedAndTheIdlePoolIsNot(TestCores cores) throws Exception {
        SoakTech tech = new SoakTech(1);
        ChannelCore core = cores.real(b -> b.tech(tech));
        Channel ch = core.request(OutboundRequest.of(SoakTech.NAME, "sleeper"));
        PoolBlockingDetector.watch(ch);
        try {
            Thread.sleep(300); // the pool's workers go idle and park: allowed, not reported
            assertEquals(0, PoolBlockingDetector.found(), () -> "an idle pool was reported: "
                    + PoolBlockingDetector.reports());

            Subscription sleepy = core.subscribe(EventFilter.all(), e -> sleepQuietly()); // its own thread: allowed
            core.request(OutboundRequest.of(SoakTech.NAME, "events")).hangup(HangupCause.NORMAL_CLEARING);
            assertTrue(TestCores.await(() -> sleepy.stats().delivered() >= 2, Duration.ofSeconds(10)));
            sleepy.close();
            assertEquals(0, PoolBlockingDetector.found(), () -> "a dedicated subscriber thread was reported: "
                    + PoolBlockingDetector.reports());

            ch.execute(PoolBlockingDetectorTest::sleepQuietly).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(PoolBlockingDetector.awaitFound(1, Duration.ofSeconds(5)), "the sleep was not reported");
            String report = PoolBlockingDetector.reports().get(0);
            assertTrue(report.startsWith("blocking call java.lang.Thread.sleep"), report);
            assertTrue(report.contains("PoolBlockingDetectorTest.sleepQuietly"), report);
            assertTrue(report.contains("ForkJoinPool"), report); // a worker of the core's pool
        } finally {
            PoolBlockingDetector.stop();
            ch.hangup(HangupCause.NORMAL_CLEARING);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
