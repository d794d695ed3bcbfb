package org.strowger.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.api.event.ChannelDestroyed;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * The simulated twin of {@link CallRecordSinkIsolationTest}, with the sinks on the core's pool. A sink that throws on
 * every other record, one that is busy with its first record while the rest of the core runs (so its queue
 * overflows), and one whose fallback throws lose no record: each record reaches the sink or the fallback exactly
 * once, and the counts say which. At shutdown, records still queued reach a sink that keeps up; a sink still busy
 * when the 5 s drain limit passes has its queue sent to the fallback, and the record it holds too if it has not
 * returned a second later.
 */
class SimulatedSinkIsolationTest {
    private static final int SEEDS = 100;
    private static final int CALLS = 8;
    private static final int CAPACITY = 2;

    @Test
    void aThrowingAndABusySinkSendTheRestToTheirFallbacks() {
        Seeds.forEach("throwing and busy sinks", 96_000, SEEDS, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (ch, arg) -> ch.remote().answered());
            List<CallRecord> all = new ArrayList<>();
            List<CallRecord> throwingGot = new ArrayList<>();
            List<CallRecord> throwingFallback = new ArrayList<>();
            List<CallRecord> busyGot = new ArrayList<>();
            List<CallRecord> busyFallback = new ArrayList<>();
            int[] throwingCalls = new int[1];
            CallRecordSinkOptions pool = CallRecordSinkOptions.defaults().onPool();
            ChannelCore core = sim.coreBuilder().tech(fake)
                    .callRecordSink(all::add, pool.withName("all"))
                    .callRecordSink(r -> {
                        if (++throwingCalls[0] % 2 == 1) {
                            throw new IllegalStateException("disk full");
                        }
                        throwingGot.add(r);
                    }, pool.withName("throwing").withFallback(throwingFallback::add))
                    .callRecordSink(r -> {
                        busyGot.add(r);
                        if (busyGot.size() == 1) {
                            sim.runUntilQuiescent(); // every other call ends while this sink holds its first record
                        }
                    }, pool.withName("busy").withQueueCapacity(CAPACITY).withFallback(busyFallback::add))
                    .callRecordSink(r -> {
                        throw new IllegalStateException("down");
                    }, pool.withName("down").withFallback(r -> {
                        throw new IllegalStateException("fallback down too"); // then the default fallback logs it
                    }))
                    .build();
            for (int i = 0; i < CALLS; i++) {
                call(core, i);
            }
            sim.runAll();
            Invariants.assertClean(sim, core, fake);

            assertEquals(CALLS, core.metrics().callRecords().produced());
            assertEquals(CALLS, all.size());
            assertEquals(new CallRecordSinkStats("all", CALLS, CALLS, 0, 0, 0, 0, 0), stats(core, "all"));
            // records reach every sink in the order they were produced
            List<CallRecord> odd = new ArrayList<>();
            List<CallRecord> even = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                (i % 2 == 0 ? even : odd).add(all.get(i));
            }
            assertEquals(odd, throwingGot);
            assertEquals(even, throwingFallback, "each record the sink threw on went to its fallback");
            assertEquals(new CallRecordSinkStats("throwing", CALLS, CALLS / 2, 0, CALLS / 2, CALLS / 2, 0, 0),
                    stats(core, "throwing"));
            // the busy sink took its first record and the CAPACITY queued behind it when it returned; the records
            // that found the queue full went to the fallback: each record went one way, in the order produced
            assertEquals(1 + CAPACITY, busyGot.size());
            assertEquals(all.get(0), busyGot.get(0));
            assertEquals(all, merge(all, busyGot, busyFallback));
            int over = CALLS - 1 - CAPACITY;
            assertEquals(new CallRecordSinkStats("busy", CALLS, 1 + CAPACITY, over, 0, over, 0, 0),
                    stats(core, "busy"));
            assertEquals(new CallRecordSinkStats("down", CALLS, 0, 0, CALLS, CALLS, CALLS, 0), stats(core, "down"));

            sim.await(core.shutdown());
            assertEquals(CALLS, stats(core, "all").delivered(), "nothing more at shutdown");
        });
    }

    @Test
    void shutdownDeliversTheRecordsStillQueued() {
        Seeds.forEach("sinks drained at shutdown", 97_000, SEEDS, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (ch, arg) -> ch.remote().answered());
            List<CallRecord> got = new ArrayList<>();
            List<CallRecord> fallback = new ArrayList<>();
            List<CallRecord> first = new ArrayList<>();
            List<CallRecord> second = new ArrayList<>();
            ChannelCore core = sim.coreBuilder().tech(fake)
                    .callRecordSink(first::add, CallRecordSinkOptions.defaults().onPool()) // named cdr-1
                    .callRecordSink(r -> {
                        sim.elapse(Duration.ofMillis(100)); // slow, but well within the limit
                        got.add(r);
                    }, CallRecordSinkOptions.defaults().onPool().withName("slow").withFallback(fallback::add))
                    .callRecordSink(second::add, CallRecordSinkOptions.defaults().onPool()) // named cdr-2
                    .build();
            List<CoreEvent> events = new ArrayList<>();
            Subscription subscription = core.subscribe(EventFilter.all(), events::add,
                    SubscribeOptions.defaults().onPool().withName("events"));
            openCalls(sim, core);
            long start = sim.nanoTime();
            sim.await(core.shutdown()); // hangs every call up: the records close and are queued at shutdown
            long took = sim.nanoTime() - start;
            Invariants.assertClean(sim, core, fake);
            assertEquals(CALLS, got.size(), "every record queued at shutdown reached the sink");
            assertEquals(List.of(), fallback);
            assertEquals(new CallRecordSinkStats("slow", CALLS, CALLS, 0, 0, 0, 0, 0), stats(core, "slow"));
            assertEquals(List.of("cdr-1", "slow", "cdr-2"),
                    core.metrics().callRecords().sinks().stream().map(CallRecordSinkStats::name).toList());
            assertEquals(got, first);
            assertEquals(got, second);
            // no waiting for the drain limit once every sink has drained: the sink's own 100 ms per record only
            assertEquals(CALLS * Duration.ofMillis(100).toNanos(), took, "shutdown took " + took + " ns");
            // the event subscribers are drained and closed too, beside the call-record engine
            assertFalse(subscription.isOpen());
            assertEquals(2L * CALLS, events.stream().filter(e -> e instanceof ChannelDestroyed).count());
        });
    }

    @Test
    void aSinkBusyPastTheDrainLimitHasItsQueueSentToTheFallback() {
        Seeds.forEach("a sink busy at shutdown", 98_000, SEEDS, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (ch, arg) -> ch.remote().answered());
            List<CallRecord> good = new ArrayList<>();
            List<CallRecord> got = new ArrayList<>();
            List<CallRecord> fallback = new ArrayList<>();
            ChannelCore core = sim.coreBuilder().tech(fake)
                    .callRecordSink(good::add, CallRecordSinkOptions.defaults().onPool().withName("good"))
                    .callRecordSink(r -> {
                        if (got.isEmpty()) {
                            sim.runFor(Duration.ofMillis(5_500)); // past the 5 s limit, back within the second after
                        }
                        got.add(r);
                    }, CallRecordSinkOptions.defaults().onPool().withName("late").withFallback(fallback::add))
                    .build();
            openCalls(sim, core);
            long start = sim.nanoTime();
            long[] stopped = new long[1];
            core.shutdown().whenComplete((v, e) -> stopped[0] = sim.nanoTime() - start);
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
            // the core stops as soon as the sink returns, within the settle second: one 10 ms poll later at most
            assertTrue(stopped[0] >= Duration.ofMillis(5_500).toNanos()
                    && stopped[0] <= Duration.ofMillis(5_510).toNanos(), "stopped after " + stopped[0] + " ns");
            assertEquals(CALLS, good.size());
            assertEquals(List.of(good.get(0)), got, "it kept the record it returned with");
            assertEquals(good.subList(1, CALLS), fallback, "what it had queued went to the fallback");
            assertEquals(new CallRecordSinkStats("late", CALLS, 1, 0, 0, CALLS - 1, 0, 0), stats(core, "late"));
        });
    }

    @Test
    void aSinkThatNeverReturnsHasTheRecordItHoldsSentToTheFallbackToo() {
        Seeds.forEach("a sink stuck at shutdown", 99_000, SEEDS, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (ch, arg) -> ch.remote().answered());
            List<CallRecord> good = new ArrayList<>();
            List<CallRecord> got = new ArrayList<>();
            List<CallRecord> fallback = new ArrayList<>();
            CompletableFuture<?>[] done = new CompletableFuture<?>[1];
            boolean[] stoppedWhileStuck = new boolean[1];
            ChannelCore core = sim.coreBuilder().tech(fake)
                    .callRecordSink(good::add, CallRecordSinkOptions.defaults().onPool().withName("good"))
                    .callRecordSink(r -> {
                        if (got.isEmpty()) {
                            sim.runFor(Duration.ofSeconds(8)); // past the limit and the second after it
                            stoppedWhileStuck[0] = done[0].isDone();
                        }
                        got.add(r);
                    }, CallRecordSinkOptions.defaults().onPool().withName("stuck").withFallback(fallback::add))
                    .build();
            openCalls(sim, core);
            long start = sim.nanoTime();
            long[] stopped = new long[1];
            done[0] = core.shutdown().toCompletableFuture();
            done[0].whenComplete((v, e) -> stopped[0] = sim.nanoTime() - start);
            sim.await(done[0]);
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
            assertEquals(CALLS, good.size());
            assertTrue(stoppedWhileStuck[0], "the core stopped without waiting for this sink");
            assertEquals(Duration.ofSeconds(6).toNanos(), stopped[0], "the 5 s drain limit and the settle second");
            List<CallRecord> expected = new ArrayList<>(good.subList(1, CALLS)); // its queue, at the limit...
            expected.add(good.get(0)); // ...then, a second later, the record it held
            assertEquals(expected, fallback);
            assertEquals(List.of(good.get(0)), got, "it stored the record it held when it finally returned");
            assertEquals(new CallRecordSinkStats("stuck", CALLS, 0, 0, 0, CALLS, 0, 0), stats(core, "stuck"),
                    "stored twice, counted once: as fallback");
        });
    }

    /** CALLS answered two-party calls, bridged and left up. */
    private static void openCalls(Simulation sim, ChannelCore core) {
        for (int i = 0; i < CALLS; i++) {
            Channel a = core.request(OutboundRequest.of("Fake", "a" + i));
            Channel b = core.request(OutboundRequest.of("Fake", "b" + i));
            a.call();
            b.call();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            bridge.join(a, JoinOptions.HANG_UP_AFTER);
            bridge.join(b, JoinOptions.HANG_UP_AFTER);
        }
        sim.runAll();
        assertEquals(0, core.metrics().callRecords().produced());
        assertEquals(CALLS, core.bridgeCount());
    }

    /** One answered two-party call, bridged, then hung up. */
    private static void call(ChannelCore core, int i) {
        Channel a = core.request(OutboundRequest.of("Fake", "a" + i));
        Channel b = core.request(OutboundRequest.of("Fake", "b" + i));
        a.call();
        b.call();
        Bridge bridge = core.createBridge(BridgeOptions.call());
        bridge.join(a, JoinOptions.HANG_UP_AFTER).thenCombine(bridge.join(b, JoinOptions.HANG_UP_AFTER), (x, y) -> x)
                .whenComplete((v, e) -> a.hangup(HangupCause.NORMAL_CLEARING));
    }

    /** {@code a} and {@code b} merged back into the order of {@code all}; fails if they share or miss a record. */
    private static List<CallRecord> merge(List<CallRecord> all, List<CallRecord> a, List<CallRecord> b) {
        List<CallRecord> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (CallRecord r : all) {
            if (i < a.size() && a.get(i).equals(r)) {
                out.add(a.get(i++));
            } else if (j < b.size() && b.get(j).equals(r)) {
                out.add(b.get(j++));
            }
        }
        assertEquals(a.size() + b.size(), out.size(), "a record went both ways, or out of order: " + a + " / " + b);
        return out;
    }

    private static CallRecordSinkStats stats(ChannelCore core, String name) {
        return core.metrics().callRecords().sinks().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
    }
}
