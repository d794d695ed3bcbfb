package org.strowger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.core.StallReport;
import org.strowger.core.WorkerPool;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * Subscribers on real threads cannot hold calls up: one blocks on its first event until the end of the test, one
 * throws on every event, and thousands of calls still complete, with the overflow and the failures counted and the
 * other subscribers receiving every stream complete and in order. Closing releases the thread and the queue. A
 * subscriber that blocks although it runs on the core's pool is reported by the stall watchdog, and the pool is lent
 * a thread, so calls go on even when it holds the pool's only one.
 */
@ExtendWith(NoLeakExtension.class)
class SubscriberIsolationTest {
    private static final int CALLS = 2_000;

    @Test
    @Timeout(120)
    void aBlockedAndAThrowingSubscriberDelayNoCall(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        fake.on("call", (ch, arg) -> ch.remote().answered());
        ChannelCore core = cores.real(b -> { }, fake);
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            runCalls(core, fake); // warm-up, so the two timed runs compare like with like
            long without = runCalls(core, fake);

            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger blockerCalls = new AtomicInteger();
            AtomicReference<Thread> blockerThread = new AtomicReference<>();
            Subscription blocker = core.subscribe(EventFilter.all(), e -> {
                blockerCalls.incrementAndGet();
                blockerThread.set(Thread.currentThread());
                blockOn(release); // until the test ends (or the subscription is closed, which interrupts it)
            }, SubscribeOptions.defaults().withName("blocker").withQueueCapacity(100));
            SubscribeOptions roomy = SubscribeOptions.defaults().withQueueCapacity(1_000_000); // no overflow here
            Subscription thrower = core.subscribe(EventFilter.all(), e -> {
                throw new IllegalStateException("subscriber bug");
            }, roomy.withName("thrower"));
            EventLog onPool = new EventLog();
            EventLog onThread = new EventLog();
            Subscription pooled = core.subscribe(EventFilter.all(), onPool, roomy.onPool());
            Subscription threaded = core.subscribe(EventFilter.all(), onThread, roomy);
            // the blocker takes its first event before the load starts; its queue then fills to exactly its capacity
            // (a thread that took the first event only after the queue had filled would leave 99)
            Channel first = core.request(OutboundRequest.of("Fake", "first"));
            assertTrue(TestCores.await(() -> blockerCalls.get() == 1, Duration.ofSeconds(10)),
                    "the blocked subscriber never got its first event");
            first.hangup(HangupCause.NORMAL_CLEARING);

            long with = runCalls(core, fake);
            System.out.printf("%d calls: %d ms without subscribers, %d ms with a blocked, a throwing and two good"
                    + " ones (%.2fx)%n", CALLS, without, with, (double) with / without);

            assertEquals(1, blockerCalls.get(), "the blocked subscriber is still in its first call");
            assertEquals(1, release.getCount());
            assertTrue(TestCores.await(() -> settled(thrower) && settled(pooled) && settled(threaded),
                    Duration.ofSeconds(30)), "the other subscribers did not catch up");
            long events = pooled.delivered();
            assertEquals(0, pooled.dropped() + threaded.dropped() + thrower.dropped());
            assertTrue(events >= 10L * CALLS, "only " + events + " events for " + CALLS + " calls");
            assertEquals(List.of(), EventStreams.problems(onPool.events()));
            assertEquals(List.of(), EventStreams.problems(onThread.events()));
            // streams interleave differently per subscriber; each stream is the same for both
            assertTrue(onPool.channelStreams().equals(onThread.channelStreams())
                    && onPool.bridgeStreams().equals(onThread.bridgeStreams()), "the good subscribers differ");
            assertEquals(events, thrower.delivered());
            assertEquals(events, thrower.failures(), "every throw is counted");
            assertEquals(events, blocker.stats().matched());
            assertEquals(events - blocker.queued(), blocker.dropped(), "the overflow is counted, not lost");
            assertEquals(101, blocker.queued(), "the blocked subscriber's queue holds its capacity, and the event in"
                    + " its hands");

            blocker.close();
            assertTrue(TestCores.await(() -> !blockerThread.get().isAlive(), Duration.ofSeconds(10)),
                    "closing did not end the blocked subscriber's thread");
            assertEquals(0, blocker.queued(), "closing discards what was queued");
            assertEquals(1, blockerCalls.get(), "interrupted by the close, it got no further event");
            assertEquals(1, blocker.failures(), "the interrupted subscriber threw");
            thrower.close();
            pooled.close();
            threaded.close();
            assertEquals(List.of(), core.metrics().subscriptions(), "closed subscriptions are gone");
            release.countDown();
        }
    }

    @Test
    @Timeout(60)
    void aSubscriberBlockingThePoolIsReportedAndThePoolIsLentAThread(TestCores cores) throws Exception {
        FakeTech fake = new FakeTech();
        fake.on("call", (ch, arg) -> ch.remote().answered());
        Queue<StallReport> stalls = new ConcurrentLinkedQueue<>();
        ChannelCore core = cores.real(b -> b.pool(WorkerPool.forkJoin(1)).stallBudget(Duration.ofMillis(50))
                .stallListener(stalls::add), fake);
        CountDownLatch release = new CountDownLatch(1);
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            Subscription wrong = core.subscribe(EventFilter.all(), e -> blockOn(release),
                    SubscribeOptions.defaults().onPool().withName("blocks-the-pool"));
            Channel first = core.request(OutboundRequest.of("Fake", "first")); // its creation event blocks the thread
            assertTrue(TestCores.await(() -> !stalls.isEmpty(), Duration.ofSeconds(10)), "no stall reported");
            assertEquals("subscription blocks-the-pool", stalls.peek().executor());
            first.hangup(HangupCause.NORMAL_CLEARING);
            runCalls(core, fake); // on the thread the watchdog lent the pool
            assertTrue(wrong.dropped() > 0);
            release.countDown();
            wrong.close();
        }
    }

    private static void blockOn(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean settled(Subscription s) {
        return s.queued() == 0 && s.delivered() + s.dropped() == s.stats().matched();
    }

    /** CALLS two-party calls (both legs answer at once), each hung up once bridged; returns the milliseconds taken. */
    private static long runCalls(ChannelCore core, FakeTech fake) {
        long destroyedBefore = core.stats().channelsDestroyed();
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            Channel a = core.request(OutboundRequest.of("Fake", "a" + i));
            Channel b = core.request(OutboundRequest.of("Fake", "b" + i));
            a.call();
            b.call();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            bridge.join(a, JoinOptions.HANG_UP_AFTER).thenCombine(bridge.join(b, JoinOptions.HANG_UP_AFTER), (x, y) -> x)
                    .whenComplete((v, e) -> a.hangup(HangupCause.NORMAL_CLEARING));
        }
        assertTrue(TestCores.await(() -> core.stats().channelsDestroyed() - destroyedBefore >= 2L * CALLS,
                Duration.ofSeconds(60)), "calls did not complete: " + core.stats());
        assertFalse(core.bridgeCount() > 0 && !TestCores.await(() -> core.bridgeCount() == 0, Duration.ofSeconds(10)));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
