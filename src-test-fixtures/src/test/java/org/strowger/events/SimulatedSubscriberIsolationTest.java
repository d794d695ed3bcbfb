package org.strowger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.ChannelDestroyed;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.event.SubscriptionStats;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * The simulated twin of {@link SubscriberIsolationTest}, on the core's pool: a subscriber that throws and one that is
 * busy (it stays inside onEvent while the rest of the core runs to quiescence, so its queue fills) leave the other
 * subscribers untouched, and their drops and failures are counted exactly; close() discards what is queued; the
 * core's shutdown delivers what every subscription has queued, and closes one that stays busy past the drain limit.
 */
class SimulatedSubscriberIsolationTest {
    private static final int SEEDS = 100;
    private static final int CAPACITY = 3;

    @Test
    void aBusyAndAThrowingSubscriberLoseOnlyTheirOwnEvents() {
        Seeds.forEach("busy and throwing subscribers", 93_000, SEEDS, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (ch, arg) -> ch.remote().answered());
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            SubscribeOptions pool = SubscribeOptions.defaults().onPool();
            EventLog good = new EventLog();
            Subscription goodSub = core.subscribe(EventFilter.all(), good, pool.withName("good"));
            List<CoreEvent> busyGot = new ArrayList<>();
            Subscription busy = core.subscribe(EventFilter.all(), e -> {
                busyGot.add(e);
                if (busyGot.size() == 1) {
                    sim.runUntilQuiescent(); // the whole call runs while this subscriber holds its first event
                }
            }, pool.withName("busy").withQueueCapacity(CAPACITY));
            List<CoreEvent> thrownOn = new ArrayList<>();
            List<CoreEvent> throwerGot = new ArrayList<>();
            Subscription thrower = core.subscribe(EventFilter.all(), e -> {
                if (throwerGot.size() % 2 == 0) {
                    throwerGot.add(e);
                    thrownOn.add(e);
                    throw new IllegalStateException("subscriber bug");
                }
                throwerGot.add(e);
            }, pool.withName("thrower"));

            call(core);
            sim.runAll();
            Invariants.assertClean(sim, core, fake);

            List<CoreEvent> all = good.events();
            int n = all.size();
            assertTrue(n > CAPACITY + 3, "only " + n + " events");
            assertEquals(List.of(), EventStreams.problems(all));
            assertEquals(new SubscriptionStats("good", n, n, 0, 0, 0, true), goodSub.stats());
            // the busy one got its first event and the CAPACITY queued behind it when it returned; the events that
            // found its queue full were dropped, for it only; what it got came in order
            assertEquals(1 + CAPACITY, busyGot.size(), "busy got " + busyGot + " of " + all);
            assertEquals(all.get(0), busyGot.get(0));
            assertTrue(isSubsequence(busyGot, all), "out of order: " + busyGot);
            assertEquals(new SubscriptionStats("busy", n, 1 + CAPACITY, n - 1 - CAPACITY, 0, 0, true), busy.stats());
            // the thrower keeps receiving: every event delivered, every throw counted
            assertEquals(all, throwerGot);
            assertEquals((n + 1) / 2, thrownOn.size());
            assertEquals(new SubscriptionStats("thrower", n, n, 0, (n + 1) / 2, 0, true), thrower.stats());
            assertEquals(3, core.metrics().subscriptions().size());

            sim.await(core.shutdown());
            assertFalse(goodSub.isOpen() || busy.isOpen() || thrower.isOpen(), "shutdown closes them");
        });
    }

    @Test
    void closeDiscardsWhatIsQueuedAndStopsMatching() {
        Seeds.forEach("close a busy subscriber", 94_000, SEEDS, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (ch, arg) -> ch.remote().answered());
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            SubscribeOptions pool = SubscribeOptions.defaults().onPool();
            EventLog good = new EventLog();
            core.subscribe(EventFilter.all(), good, pool.withName("good"));
            List<CoreEvent> busyGot = new ArrayList<>();
            Subscription[] busy = new Subscription[1];
            busy[0] = core.subscribe(EventFilter.all(), e -> {
                busyGot.add(e);
                sim.runUntilQuiescent(); // the call runs meanwhile and fills the queue
                busy[0].close(); // closed by someone else while it is busy
                assertFalse(busy[0].isOpen());
                busy[0].close(); // twice: no effect
            }, pool.withName("busy").withQueueCapacity(CAPACITY));

            call(core);
            sim.runAll();
            int n = good.size();
            assertEquals(List.of(good.events().get(0)), busyGot, "what was queued at close is never delivered");
            // the events that found the queue full and the CAPACITY discarded by the close are all dropped: never
            // delivered, counted
            assertEquals(new SubscriptionStats("busy", n, 1, n - 1, 0, 0, false), busy[0].stats());
            assertEquals(1, core.metrics().subscriptions().size(), "a closed subscription is gone");
            assertEquals("good", core.metrics().subscriptions().get(0).name());

            call(core);
            sim.runAll();
            assertTrue(good.size() > n);
            assertEquals(n, busy[0].stats().matched(), "a closed subscription matches nothing more");
            assertEquals(1, busyGot.size());
            Invariants.assertClean(sim, core, fake);
            sim.await(core.shutdown());
        });
    }

    @Test
    void shutdownDeliversWhatIsQueuedAndClosesASubscriberBusyPastTheLimit() {
        Seeds.forEach("subscribers at shutdown", 95_000, SEEDS, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            fake.on("call", (ch, arg) -> ch.remote().answered());
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            SubscribeOptions pool = SubscribeOptions.defaults().onPool();
            EventLog good = new EventLog();
            Subscription goodSub = core.subscribe(EventFilter.all(), good, pool.withName("good"));
            AtomicInteger stuckCalls = new AtomicInteger();
            boolean[] shuttingDown = new boolean[1];
            long[] stuckFor = new long[1];
            Subscription stuck = core.subscribe(EventFilter.all(), e -> {
                if (shuttingDown[0] && stuckCalls.incrementAndGet() == 1) {
                    long start = sim.nanoTime();
                    sim.runFor(Duration.ofSeconds(6)); // past the 5 s the shutdown waits for a subscription
                    stuckFor[0] = sim.nanoTime() - start;
                }
            }, pool.withName("stuck").withQueueCapacity(1_000));
            Channel a = core.request(OutboundRequest.of("Fake", "a"));
            Channel b = core.request(OutboundRequest.of("Fake", "b"));
            a.call();
            b.call();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            bridge.join(a, JoinOptions.HANG_UP_AFTER);
            bridge.join(b, JoinOptions.HANG_UP_AFTER);
            sim.runUntil(() -> core.bridgeCount() == 1 && good.events().stream().filter(
                    e -> e instanceof org.strowger.api.event.BridgeEntered).count() == 2);
            sim.runAll();
            long before = good.size();
            assertEquals(before, stuck.delivered());

            shuttingDown[0] = true;
            var done = core.shutdown(); // hangs both up: their last events are queued, then delivered
            sim.await(done);
            assertEquals(2, good.events().stream().filter(e -> e instanceof ChannelDestroyed).count(),
                    "the good subscriber got the shutdown's last events");
            assertEquals(List.of(), EventStreams.problems(good.events()));
            assertFalse(goodSub.isOpen());
            assertEquals(good.size(), goodSub.delivered());
            assertTrue(stuckFor[0] >= Duration.ofSeconds(6).toNanos());
            assertFalse(stuck.isOpen(), "closed at the limit");
            assertEquals(1, stuckCalls.get(), "what it had queued was discarded, not delivered after the close");
            assertEquals(before + 1, stuck.delivered());
            assertEquals(0, stuck.queued());
            assertEquals(good.size(), stuck.stats().matched());
            Invariants.assertClean(sim, core, fake);
        });
    }

    private static boolean isSubsequence(List<CoreEvent> part, List<CoreEvent> whole) {
        int i = 0;
        for (CoreEvent e : whole) {
            if (i < part.size() && part.get(i).equals(e)) {
                i++;
            }
        }
        return i == part.size();
    }

    /** One answered two-party call, bridged, then hung up. */
    private static void call(ChannelCore core) {
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        a.call();
        b.call();
        Bridge bridge = core.createBridge(BridgeOptions.call());
        bridge.join(a, JoinOptions.HANG_UP_AFTER).thenCombine(bridge.join(b, JoinOptions.HANG_UP_AFTER), (x, y) -> x)
                .whenComplete((v, e) -> a.hangup(HangupCause.NORMAL_CLEARING));
    }
}
