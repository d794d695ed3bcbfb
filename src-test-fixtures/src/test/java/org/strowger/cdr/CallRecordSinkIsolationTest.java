package org.strowger.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordMetrics;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.api.cdr.Disposition;
import org.strowger.api.InvalidArgumentException;
import org.strowger.core.Strowger;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * Sinks on real threads cannot hold calls up, and lose no record: one sink blocks from its first record until the
 * core shuts down, one throws on every other record, a third takes everything. Thousands of calls complete meanwhile;
 * the blocked sink's overflow and the throwing sink's failures are counted and reach their fallbacks; at shutdown
 * the blocked sink is interrupted after the drain deadline and what it still had goes to its fallback. For every sink,
 * each record produced reached the sink or its fallback exactly once. A fourth sink blocks and ignores the interrupt:
 * the core still stops, a second after the deadline, and the record that sink holds goes to its fallback as well.
 */
@ExtendWith(NoLeakExtension.class)
class CallRecordSinkIsolationTest {
    private static final int CALLS = 2_000;

    @Test
    @Timeout(120)
    void aBlockedAndAThrowingSinkDelayNoCallAndLoseNoRecord() throws Exception {
        FakeTech fake = new FakeTech();
        fake.on("call", (ch, arg) -> ch.remote().answered());
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Queue<CallRecord> blockedGot = new ConcurrentLinkedQueue<>();
        Queue<CallRecord> blockedFallback = new ConcurrentLinkedQueue<>();
        Queue<CallRecord> throwingGot = new ConcurrentLinkedQueue<>();
        Queue<CallRecord> throwingFallback = new ConcurrentLinkedQueue<>();
        Queue<CallRecord> all = new ConcurrentLinkedQueue<>();
        AtomicInteger throwingCalls = new AtomicInteger();
        CountDownLatch deafRelease = new CountDownLatch(1);
        Queue<CallRecord> deafGot = new ConcurrentLinkedQueue<>();
        Queue<CallRecord> deafFallback = new ConcurrentLinkedQueue<>();
        ChannelCore core = Strowger.builder().tech(fake)
                .callRecordSink(r -> {
                    blocked.countDown();
                    never.await(); // until shutdown interrupts it
                    blockedGot.add(r);
                }, CallRecordSinkOptions.defaults().withName("blocked").withQueueCapacity(16)
                        .withFallback(blockedFallback::add))
                .callRecordSink(r -> {
                    if (throwingCalls.incrementAndGet() % 2 == 0) {
                        throw new IllegalStateException("disk full\nFAKE LOG LINE");
                    }
                    throwingGot.add(r);
                }, CallRecordSinkOptions.defaults().withName("throwing").withFallback(throwingFallback::add))
                .callRecordSink(all::add, CallRecordSinkOptions.defaults().withName("all"))
                .callRecordSink(r -> { // blocks on its first record and ignores interrupts
                    while (deafRelease.getCount() > 0) {
                        try {
                            deafRelease.await();
                        } catch (InterruptedException ignored) {
                            // a sink that does not stop when asked
                        }
                    }
                    deafGot.add(r);
                }, CallRecordSinkOptions.defaults().withName("deaf").withQueueCapacity(16)
                        .withFallback(deafFallback::add))
                .build();
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            runCalls(core);
            assertTrue(blocked.await(10, TimeUnit.SECONDS), "the blocked sink never got a record");
            assertTrue(TestCores.await(() -> core.metrics().callRecords().produced() == CALLS
                    && all.size() == CALLS, Duration.ofSeconds(30)), "records: " + core.metrics().callRecords());
            assertTrue(TestCores.await(() -> stats(core, "throwing").queued() == 0, Duration.ofSeconds(30)));

            CallRecordMetrics m = core.metrics().callRecords();
            assertEquals(0, m.open());
            CallRecordSinkStats b = stats(core, "blocked");
            assertEquals(CALLS, b.offered());
            assertEquals(0, b.delivered());
            assertEquals(17, b.queued(), "16 wait, one is in the sink's hands (still queued until it returns): " + b);
            assertEquals(CALLS - 17, b.overflowed());
            assertEquals(b.overflowed(), b.fallback());
            assertEquals(b.fallback(), blockedFallback.size());
            CallRecordSinkStats t = stats(core, "throwing");
            assertEquals(CALLS / 2, t.failures());
            assertEquals(CALLS / 2, t.delivered());
            assertEquals(t.failures(), t.fallback());
            assertEquals(0, t.overflowed());
            assertEquals(CALLS, t.delivered() + t.fallback());
            CallRecordSinkStats a = stats(core, "all");
            assertEquals(CALLS, a.delivered());
            assertEquals(0, a.fallback());
            for (CallRecord r : all) {
                assertEquals(Disposition.ANSWERED, r.disposition(), r.toString());
            }

            // waits 5 s for the stuck sinks, interrupts them, and 1 s more for the deaf one
            core.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Set<Long> ids = ids(all);
        assertEquals(CALLS, ids.size());
        assertExactlyOnce(ids, blockedGot, blockedFallback, "blocked");
        assertExactlyOnce(ids, throwingGot, throwingFallback, "throwing");
        CallRecordSinkStats b = stats(core, "blocked");
        assertEquals(b.offered(), b.delivered() + b.fallback(), b.toString());
        assertEquals(1, b.failures(), "the interrupt made it throw on the record it held: " + b);
        assertEquals(0, b.queued());
        // the deaf sink never returned: its queue and the record it held went to the fallback, so the core could stop
        assertEquals(ids, ids(deafFallback));
        CallRecordSinkStats d = stats(core, "deaf");
        assertEquals(d.offered(), d.fallback(), d.toString());
        assertEquals(0, d.delivered());
        deafRelease.countDown();
        assertTrue(TestCores.await(() -> deafGot.size() == 1, Duration.ofSeconds(10)));
        assertEquals(0, stats(core, "deaf").delivered(), "stored twice, counted once: as fallback");
    }

    @Test
    void badOptionsAreRefused() {
        assertThrowsInvalid(() -> CallRecordSinkOptions.defaults().withQueueCapacity(0));
        assertThrowsInvalid(() -> CallRecordSinkOptions.defaults().withQueueCapacity(10_000_001));
        assertThrowsInvalid(() -> CallRecordSinkOptions.defaults().withName(""));
        assertThrowsInvalid(() -> CallRecordSinkOptions.defaults().withName("x".repeat(65)));
        assertThrowsInvalid(() -> new CallRecordSinkOptions(null, 1, null, null));
        assertThrowsInvalid(() -> Strowger.builder().callRecordSink(null));
        assertThrowsInvalid(() -> Strowger.builder().callRecordSink(r -> { }, null));
    }

    private static void assertThrowsInvalid(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(InvalidArgumentException.class, r::run);
    }

    private static CallRecordSinkStats stats(ChannelCore core, String name) {
        return core.metrics().callRecords().sinks().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static Set<Long> ids(Queue<CallRecord> records) {
        Set<Long> ids = new HashSet<>();
        for (CallRecord r : records) {
            assertTrue(ids.add(r.id()), "twice: " + r);
        }
        return ids;
    }

    private static void assertExactlyOnce(Set<Long> expected, Queue<CallRecord> got, Queue<CallRecord> fallback,
            String sink) {
        List<CallRecord> both = new ArrayList<>(got);
        both.addAll(fallback);
        Set<Long> seen = new HashSet<>();
        for (CallRecord r : both) {
            assertTrue(seen.add(r.id()), sink + ": twice " + r);
        }
        assertEquals(expected, seen, sink + ": each record reaches the sink or its fallback");
    }

    private static void runCalls(ChannelCore core) {
        for (int i = 0; i < CALLS; i++) {
            Channel a = core.request(OutboundRequest.of("Fake", "a" + i));
            Channel b = core.request(OutboundRequest.of("Fake", "b" + i));
            a.call();
            b.call();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            bridge.join(a, JoinOptions.HANG_UP_AFTER).thenCombine(bridge.join(b, JoinOptions.HANG_UP_AFTER),
                    (x, y) -> x).whenComplete((v, e) -> a.hangup(HangupCause.NORMAL_CLEARING));
        }
        assertTrue(TestCores.await(() -> core.stats().channelsDestroyed() >= 2L * CALLS, Duration.ofSeconds(60)),
                "calls did not complete: " + core.stats());
        assertTrue(TestCores.await(() -> core.bridgeCount() == 0, Duration.ofSeconds(10)));
    }
}
