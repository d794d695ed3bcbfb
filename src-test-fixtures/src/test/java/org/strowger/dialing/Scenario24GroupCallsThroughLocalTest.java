package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.ChannelCore;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * RELIABILITY.md #24 (Seed 000, asterisk-users: a masquerade "Fixup failed" during a group call
 * {@code Dial(Local/..&Local/..&Local/..)}, after which chan_sip was stuck and every call failed with "usage limit
 * of 10"). Many group calls at once go through Local channels to SIP phones that have a usage limit of 10
 * ({@link GroupCallNetwork}): random answers, busy, rejections and no answer, callers that give up, chains that
 * optimise away, and once answered random blind and attended transfers and hang-ups from either side; in some runs
 * the SIP tech is unregistered while calls are live and new ones keep arriving.
 *
 * <p>Checked: no usage count ever leaves 0..limit, and at every quiescent point each endpoint counts exactly its live
 * channels; once the run has settled, every live channel is in a bridge with someone (no chain or transfer left a
 * channel alone); every dial and attended transfer ended, with at most one winner; unregistering both fake techs
 * completes, runs each tech's stop once and leaves no channel at all (no stuck Local half, no stuck counter); every
 * channel was hung up and destroyed once.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario24GroupCallsThroughLocalTest {
    /** A seed in a hundred carries hundreds of group calls; the others a few dozen. */
    private static final int CALLS = 24;
    private static final int MANY_CALLS = 300;

    @Test
    void groupCallsThroughLocalChannelsWithTransfersLeaveNoStuckTechAndExactCounters() {
        Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
        Seeds.forEach("scenario 24", 24_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            var random = sim.random();
            boolean many = seed % 100 == 42;
            int calls = many ? MANY_CALLS : CALLS;
            long window = many ? 400 : 150; // ms over which the calls arrive and the actions run
            DialFixtures.Network network = new DialFixtures.Network(sim);
            GroupCallNetwork net = new GroupCallNetwork(sim::random, network::afterMicros, many ? 12 : 4,
                    many ? 60 : 12);
            ChannelCore core = net.configure(sim.coreBuilder()).tech(net.pstn).tech(net.sip).build();
            net.on(core);
            for (int i = 0; i < calls; i++) {
                network.afterMicros(random.nextLong(window * 1000), net::newGroupCall);
            }
            for (long t = 0; t < window + 50; t += 2) {
                network.after(t, net::step);
            }
            for (long t = 0; t < window + 300; t++) { // a sampler racing everything, between any two steps
                DialFixtures.at(sim, t, net::assertWithinLimits);
            }
            if (random.nextInt(4) == 0) { // the phones' tech goes while calls ring, talk and arrive
                network.afterMicros(random.nextLong(window * 1000), () -> net.unregister("SIP"));
            }
            for (long t = 0; t < window + 300; t += 5) {
                sim.runFor(Duration.ofMillis(5));
                net.assertCountsExact();
            }
            // settle: end the transfers still consulting; every dial with a timeout has ended by now
            net.endAllTransfers();
            sim.runFor(Duration.ofSeconds(1));
            net.assertCountsExact();
            net.assertNobodyAlone();
            // the techs can still be unregistered, with the calls still talking: nothing at all is left
            boolean sipFirst = random.nextBoolean();
            net.unregister(sipFirst ? "SIP" : "PSTN");
            sim.runFor(Duration.ofMillis(random.nextInt(50)));
            net.unregister(sipFirst ? "PSTN" : "SIP");
            sim.runFor(Duration.ofSeconds(2));
            for (String tech : List.of("SIP", "PSTN")) {
                assertTrue(net.unregistered.get(tech).isDone(), "unregistering " + tech + " never completed");
            }
            assertEquals(1, net.sip.stops());
            assertEquals(1, net.pstn.stops());
            assertEquals(0, core.channelCount(), () -> "left after unregistering: " + core.channels());
            assertFalse(core.techNames().contains("SIP"));
            net.assertEverythingEnded();
            Invariants.assertClean(sim, core, net.pstn, net.sip);
            net.seen.forEach((k, v) -> seen.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(v.get()));
            core.shutdown();
            sim.runFor(Duration.ofSeconds(1));
        });
        System.out.println("Scenario24 simulation: " + new java.util.TreeMap<>(seen));
        assertCovered(seen, "group call ANSWERED", "group call BUSY", "group call NO_ANSWER", "group call TIMED_OUT",
                "group call CANCELLED", "phone dial ANSWERED", "phone dial BUSY", "SIP leg not created: USER_BUSY",
                "Local leg not created: USER_BUSY", "a caller bridged straight to its phone",
                "blind transfer to SIP: ok", "blind transfer to Local: ok", "attended transfer to SIP COMPLETED",
                "attended transfer to Local COMPLETED", "attended transfer to Local CANCELLED",
                "blind transfer to SIP refused: ENDPOINT_BUSY", "caller refused: ENDPOINT_BUSY",
                "unregistered SIP with live calls", "unregistered PSTN with live calls");
    }

    /** After the default run: every one of {@code keys} happened in at least one seed. */
    private static void assertCovered(Map<String, AtomicLong> seen, String... keys) {
        if (System.getProperty("strowger.seed") != null || Integer.getInteger("strowger.seeds", 1_000) < 200) {
            return;
        }
        for (String k : keys) {
            assertTrue(seen.containsKey(k), () -> "never happened: " + k + " in " + seen);
        }
    }

    /**
     * The same network on real threads: 300 group calls announced within about 100 ms (hundreds at once), the far
     * ends on two timer threads, transfers and hang-ups from a third, and both techs unregistered at the same instant
     * from two threads while calls ring and talk. Under a deadlock watchdog: counts within their limits at every
     * sample, both unregistrations complete and leave no channel, every dial and transfer ends, and (NoLeakExtension)
     * every channel was hung up and destroyed once.
     */
    @Test
    @Timeout(120)
    void hundredsOfGroupCallsOnRealThreads(TestCores cores) throws Exception {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "group-call-network");
            t.setDaemon(true);
            return t;
        });
        GroupCallNetwork net = new GroupCallNetwork(ThreadLocalRandom::current,
                (micros, action) -> timers.schedule(action, micros, TimeUnit.MICROSECONDS), 24, 250);
        ChannelCore core = cores.real(net::configure, net.pstn, net.sip);
        net.on(core);
        AtomicLong peakCallers = new AtomicLong();
        try (DeadlockWatchdog watchdog = DeadlockWatchdog.start()) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread actions = new Thread(() -> { // transfers and hang-ups meanwhile
                while (running.get()) {
                    net.step();
                    net.assertWithinLimits();
                    peakCallers.accumulateAndGet(core.channelCount("PSTN"), Math::max);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }, "group-call-actions");
            actions.start();
            for (int i = 0; i < MANY_CALLS; i++) { // over about 100 ms
                net.newGroupCall();
                if (i % 50 == 49) {
                    Thread.sleep(20);
                }
            }
            Thread.sleep(150);
            // both techs unregistered at once, from two threads, while calls ring and talk and transfers go on
            Thread sip = new Thread(() -> net.unregister("SIP"), "unregister-sip");
            sip.start();
            net.unregister("PSTN");
            sip.join(10_000);
            Thread.sleep(100);
            running.set(false);
            actions.join(30_000);
            net.endAllTransfers();
            CompletableFuture.allOf(net.unregistered.values().toArray(CompletableFuture[]::new)).get(20,
                    TimeUnit.SECONDS);
            assertTrue(TestCores.await(() -> core.channelCount() == 0, Duration.ofSeconds(10)),
                    () -> "left after unregistering: " + core.channels());
            assertEquals(1, net.sip.stops());
            assertEquals(1, net.pstn.stops());
            assertTrue(TestCores.await(() -> net.groupDials.stream().allMatch(CompletableFuture::isDone)
                    && net.phoneDials.stream().allMatch(CompletableFuture::isDone)
                    && net.transferOutcomes.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(10)));
            net.assertEverythingEnded();
            assertTrue(watchdog.checks() > 0);
        } finally {
            timers.shutdownNow();
        }
        System.out.println("Scenario24 real threads: at most " + peakCallers + " group calls at once, "
                + new java.util.TreeMap<>(net.seen));
        assertTrue(peakCallers.get() >= 100, "only " + peakCallers + " group calls at once");
        assertTrue(net.seen.containsKey("group call ANSWERED"), () -> "no group call was answered: " + net.seen);
        assertTrue(net.seen.keySet().stream().anyMatch(k -> k.startsWith("unregistered") && k.endsWith("live calls")),
                () -> "no tech was unregistered with live calls: " + net.seen);
        // NoLeakExtension: each channel hung up and destroyed once, every count back at zero
    }
}
