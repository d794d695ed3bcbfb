package org.strowger.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.strowger.testkit.Seeds;

/**
 * The whole-core simulation (docs/reliability.md, "Whole-core simulation"): per seed a fresh core on the
 * deterministic simulation, 5..20 calls and 60..140 random operations of every kind (inbound and outbound calls, ring
 * groups through Local chains, answers, two-party and mixing bridges, moves, merges, blind, attended and blond
 * transfers, pickups, taps, DTMF hooks, hang-ups from either side, tech unregister, usage limits and creation rates)
 * while the fake techs inject faults ({@link org.strowger.testkit.FaultPlan}). {@link ChaosChecks} runs at every
 * idle point and at the end.
 *
 * <p>10,000 seeds by default; {@code -Dstrowger.chaos.seeds=N} runs N (the long profile, {@code -Plong}: 100,000),
 * {@code -Dstrowger.seed=S} replays one.
 */
class WholeCoreChaosTest {
    /** Seeds in a normal build. */
    static final int SEEDS = 10_000;

    @Test
    void theWholeCoreKeepsEveryInvariantUnderRandomOperationsAndFaults() {
        int seeds = Integer.getInteger("strowger.chaos.seeds", SEEDS);
        Map<String, Long> seen = new TreeMap<>();
        AtomicLong runs = new AtomicLong();
        long t0 = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime(); // the machine may be shared: CPU time says what a seed costs
        boolean replaying = System.getProperty("strowger.seed") != null;
        Seeds.forEach("whole-core simulation", 6_000_000, seeds, seed -> {
            ChaosWorld w = new ChaosWorld(seed);
            try {
                w.play(() -> ChaosChecks.atRest(w));
                ChaosChecks.atEnd(w);
            } catch (AssertionError e) {
                if (replaying) { // one seed replayed: show its events and operations
                    w.events.forEach(ev -> System.out.println("  event " + ev));
                    w.trace.forEach(t -> System.out.println("  op " + t));
                }
                throw e;
            }
            w.core.shutdown();
            w.sim.runAll();
            runs.incrementAndGet();
            w.seen.forEach((k, v) -> seen.merge(k, (long) v, Long::sum));
            w.plans.forEach(p -> p.injected().forEach((k, v) -> seen.merge("fault " + k, v, Long::sum)));
            if (runs.get() % 10_000 == 0) {
                System.out.printf("whole-core simulation: %,d seeds, %.0f seeds/s%n", runs.get(),
                        runs.get() / ((System.nanoTime() - t0) / 1e9));
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("whole-core simulation: %,d seeds in %.1f s (%.0f seeds/s), %.1f s CPU (%.0f seeds per CPU"
                + " second)%n  %s%n", runs.get(), secs, runs.get() / secs, cpu, runs.get() / cpu, seen);
        if (runs.get() >= 1_000) { // every kind of operation and fault happened (not when replaying one seed)
            for (String k : new String[] {"inbound ring", "dial through Local", "two-party bridge", "mixing bridge",
                "move", "merge", "blind transfer", "attended transfer", "pickup", "tap", "dtmf hook fired",
                "usage limit", "creation rate", "originate", "race: move vs hang-up", "race: blind transfer vs hang-up",
                "race: attended transfer vs hang-up", "back to back: attended then blind",
                "back to back: blind then attended", "back to back: move then move", "back to back: attach then join",
                "send to"}) {
                assertTrue(seen.getOrDefault(k, 0L) > 0, "never happened: " + k + " in " + seen);
            }
            for (String kind : new String[] {"throw", "overrun", "reentrant", "foreign", "late"}) {
                assertTrue(seen.keySet().stream().anyMatch(k -> k.startsWith("fault " + kind)),
                        "no fault of kind " + kind + " in " + seen);
            }
            assertTrue(seen.keySet().stream().anyMatch(k -> k.startsWith("unregister Pstn")), "no unregister");
        }
    }
}
