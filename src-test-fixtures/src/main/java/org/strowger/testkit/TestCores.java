package org.strowger.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.strowger.api.ChannelCore;
import org.strowger.core.Strowger;

/**
 * Cores a test creates through {@link NoLeakExtension}; after the test each one is checked with
 * {@link Invariants#assertClean} (real-thread cores are first given up to 10 s to finish hanging up) and shut down.
 */
public final class TestCores {
    private record Tracked(ChannelCore core, Simulation sim, FakeTech[] techs) {
    }

    private final List<Tracked> tracked = new ArrayList<>();

    /**
     * A core on real threads (default pool and scheduler) with {@code techs} registered; tracked. Skips the test
     * (an assumption, not a failure) under {@code -Dstrowger.realThreads=false}; see {@link #assumeRealThreads()}.
     */
    public ChannelCore real(Consumer<Strowger.Builder> config, FakeTech... techs) {
        assumeRealThreads();
        Strowger.Builder b = Strowger.builder();
        config.accept(b);
        for (FakeTech t : techs) {
            b.tech(t);
        }
        ChannelCore core = b.build();
        tracked.add(new Tracked(core, null, techs));
        return core;
    }

    /** A core inside {@code sim} with {@code techs} registered; tracked. */
    public ChannelCore simulated(Simulation sim, Consumer<Strowger.Builder> config, FakeTech... techs) {
        Strowger.Builder b = sim.coreBuilder();
        config.accept(b);
        for (FakeTech t : techs) {
            b.tech(t);
        }
        ChannelCore core = b.build();
        tracked.add(new Tracked(core, sim, techs));
        return core;
    }

    /**
     * Skips the calling test under {@code -Dstrowger.realThreads=false}. The mutation run sets it: a real-thread
     * variant takes seconds and kills mutants only by chance, while its simulated twin runs every mutant in
     * milliseconds and deterministically.
     */
    public static void assumeRealThreads() {
        Assumptions.assumeFalse("false".equals(System.getProperty("strowger.realThreads")),
                "real-thread tests are off (-Dstrowger.realThreads=false)");
    }

    /** Checks and shuts down every tracked core. Called by the extension after each test. */
    void verifyAndClose() {
        AssertionError first = null;
        for (Tracked t : tracked) {
            try {
                if (t.sim() != null) {
                    // Bounded in virtual time: a bridge left mixing would tick for ever and must fail, not hang.
                    t.sim().runFor(Duration.ofSeconds(60));
                    Invariants.assertClean(t.sim(), t.core(), t.techs());
                    t.core().shutdown();
                    t.sim().runFor(Duration.ofSeconds(60));
                } else {
                    await(() -> t.core().channelCount() == 0 && t.core().stats().channelsLive() == 0
                            && t.core().bridgeCount() == 0, Duration.ofSeconds(10));
                    Invariants.assertClean(t.core(), t.techs());
                    t.core().shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            } catch (AssertionError e) {
                first = first == null ? e : first;
            } catch (Exception e) {
                first = first == null ? new AssertionError("shutdown failed", e) : first;
            }
        }
        tracked.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Polls {@code condition} every millisecond until it holds; false after {@code timeout}. For test threads only. */
    public static boolean await(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
