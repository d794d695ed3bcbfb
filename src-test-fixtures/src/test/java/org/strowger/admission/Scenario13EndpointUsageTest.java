package org.strowger.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.ChannelCore;
import org.strowger.api.EndpointUsage;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * RELIABILITY.md #13 (chan_sip call-limit "busy forever"; counters stuck after an attended transfer): every channel
 * counts on an endpoint with a limit, and random hang-ups, blind and attended transfers (completed or cancelled),
 * moves, pickups, far-end answers, an unregister and a limit removed and set again run interleaved. At every
 * quiescent point each endpoint counts exactly its live channels (so each channel took its counter once and released
 * it once), never below zero and never above the limit; at the end every count is zero.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario13EndpointUsageTest {

    @Test
    void countersAreTakenOnceAndReleasedOnceAcrossRandomTransfersMovesPickupsAndUnregister() {
        Map<String, AtomicLong> coverage = new ConcurrentHashMap<>();
        AtomicLong busy = new AtomicLong();
        Seeds.forEach("scenario 13", 13_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            boolean changeLimits = sim.random().nextInt(3) == 0;
            UsageWorld w = new UsageWorld(sim::random, changeLimits);
            org.strowger.core.Strowger.Builder b = sim.coreBuilder();
            UsageWorld.configure(b, w);
            ChannelCore core = b.build();
            w.on(core);
            for (int i = 0; i < 3; i++) {
                w.newCall();
            }
            w.newRingingCall();
            sim.runUntilQuiescent();
            w.assertCountsExact();
            for (int round = 0; round < 6; round++) {
                for (int k = 0; k < 3; k++) {
                    sim.fork(w::step);
                }
                sim.runUntilQuiescent();
                w.assertCountsExact();
            }
            w.hangUpAll();
            sim.runAll();
            Invariants.assertClean(sim, core, w.fake, w.alt); // every usage back at zero, one hang-up and destroy each
            for (EndpointUsage u : core.usageLimits()) {
                assertEquals(0, u.inUse(), u.toString());
            }
            assertEquals(w.busy.get(), core.stats().rejectedEndpointBusy(), "each ENDPOINT_BUSY counted once");
            w.done.forEach((k, v) -> coverage.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(v.get()));
            busy.addAndGet(w.busy.get());
            core.shutdown();
            sim.runAll();
        });
        assertTrue(Seeds.reduced() || busy.get() > 100, "the limits were hardly ever reached: " + busy);
        for (String outcome : List.of("blind transfer", "attended transfer COMPLETED", "attended transfer CANCELLED",
                "move", "pickup", "unregister")) {
            assertTrue(Seeds.reduced() || coverage.containsKey("succeeded: " + outcome), outcome + " never succeeded: " + coverage);
        }
        System.out.println("Scenario13 simulation: " + coverage + ", " + busy + " ENDPOINT_BUSY");
    }

    @Test
    @Timeout(120)
    void realThreadsKeepEveryCountExactAndWithinItsLimitWhileALimitComesAndGoes(TestCores cores) throws Exception {
        UsageWorld w = new UsageWorld(ThreadLocalRandom::current, true); // Fake/b's limit removed and set again
        ChannelCore core = cores.real(b -> UsageWorld.configure(b, w));
        w.on(core);
        w.unregisterAllowed = false;
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> outOfRange = new ArrayList<>();
        try (DeadlockWatchdog ignored = DeadlockWatchdog.start()) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                threads.add(new Thread(() -> {
                    while (running.get()) {
                        w.step();
                        if (core.channelCount() < 6) {
                            w.newCall();
                        }
                    }
                }, "usage-actor-" + t));
            }
            threads.add(new Thread(() -> {
                while (running.get()) {
                    for (EndpointUsage u : core.usageLimits()) {
                        if (u.inUse() < 0
                                || (!u.endpoint().equals("Fake/b") && u.inUse() > UsageWorld.LIMITS.get(u.endpoint()))) {
                            synchronized (outOfRange) {
                                outOfRange.add(u.toString());
                            }
                        }
                    }
                    Thread.onSpinWait();
                }
            }, "usage-sampler"));
            threads.forEach(Thread::start);
            Thread.sleep(2_500);
            w.unregisterAllowed = true;
            Thread.sleep(500);
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
            // at rest (nothing in flight), the counts are exact
            assertTrue(TestCores.await(() -> {
                try {
                    w.assertCountsExact();
                    return true;
                } catch (AssertionError e) {
                    return false;
                }
            }, Duration.ofSeconds(10)), "the counts never settled: " + core.usageLimits() + " " + core.channels());
            assertTrue(TestCores.await(() -> {
                w.hangUpAll();
                return core.channelCount() == 0;
            }, Duration.ofSeconds(20)));
        }
        assertEquals(List.of(), outOfRange, "a count left its range while calls were moving");
        assertTrue(w.ops.get() > 1_000, "only " + w.ops + " operations ran");
        for (String outcome : List.of("blind transfer", "move", "pickup", "unregister")) {
            assertTrue(w.done.containsKey("succeeded: " + outcome), outcome + " never succeeded: " + w.done);
        }
        System.out.printf("Scenario13 real threads: %d operations %s, %d ENDPOINT_BUSY%n", w.ops.get(), w.done,
                w.busy.get());
        // NoLeakExtension: every count back at zero, each channel hung up and destroyed once
    }
}
