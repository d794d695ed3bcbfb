package org.strowger.testkit;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.strowger.api.ChannelCore;
import org.strowger.api.CoreStats;
import org.strowger.api.EndpointUsage;

/**
 * The checks that follow every scenario (RELIABILITY.md): no live channel or bridge, every channel created was
 * destroyed once, every endpoint usage counter back at zero,
 * every fake channel saw exactly one hang-up and one close (close last, all on the owner executor), no tech contract
 * violation, no deadlocked thread.
 */
public final class Invariants {
    private Invariants() {
    }

    /** Throws an {@link AssertionError} listing every broken invariant. */
    public static void assertClean(ChannelCore core, FakeTech... techs) {
        List<String> problems = problems(core, techs);
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        if (deadlocked != null) {
            problems.add(deadlocked.length + " deadlocked threads");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("invariants broken:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * {@link #assertClean(Simulation, ChannelCore, FakeTech...)} without the JVM-wide deadlock scan, which costs about
     * a millisecond and finds nothing in a simulation (everything runs on its one thread): for tests that run
     * thousands of seeds.
     */
    public static void assertSimulationClean(Simulation sim, ChannelCore core, FakeTech... techs) {
        if (!sim.isQuiescent()) {
            throw new AssertionError("seed " + sim.seed() + ": the simulation still has runnable work");
        }
        List<String> problems = problems(core, techs);
        if (!problems.isEmpty()) {
            throw new AssertionError("invariants broken:\n  " + String.join("\n  ", problems));
        }
    }

    private static List<String> problems(ChannelCore core, FakeTech... techs) {
        List<String> problems = new ArrayList<>();
        if (core.channelCount() != 0) {
            problems.add(core.channelCount() + " channels left in the registry: " + core.channels());
        }
        if (core.bridgeCount() != 0) {
            problems.add(core.bridgeCount() + " bridges left: " + core.bridges());
        }
        CoreStats s = core.stats();
        if (s.channelsLive() != 0) {
            problems.add(s.channelsLive() + " channel slots still held");
        }
        if (s.channelsCreated() != s.channelsDestroyed()) {
            problems.add("created " + s.channelsCreated() + " but destroyed " + s.channelsDestroyed());
        }
        for (EndpointUsage u : core.usageLimits()) {
            if (u.inUse() != 0) {
                problems.add("endpoint " + u.endpoint() + " still counts " + u.inUse() + " channels");
            }
        }
        for (FakeTech t : techs) {
            problems.addAll(t.violations());
            for (FakeChannel c : t.channels()) {
                if (c.count("hangup") != 1 || c.count("close") != 1) {
                    problems.add(c.channel().id() + " saw hangup " + c.count("hangup") + "x and close "
                            + c.count("close") + "x: " + c.callbackNames());
                }
            }
        }
        return problems;
    }

    /** {@link #assertClean} plus: the simulation has no runnable work left. */
    public static void assertClean(Simulation sim, ChannelCore core, FakeTech... techs) {
        if (!sim.isQuiescent()) {
            throw new AssertionError("seed " + sim.seed() + ": the simulation still has runnable work");
        }
        assertClean(core, techs);
    }
}
