package org.strowger.randomops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.ChannelCore;
import org.strowger.bridging.BridgeInvariants;
import org.strowger.logging.ErrorLines;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * The random-operation soak on real threads (issue 14; docs/reliability.md, "Random-operation soak"): worker threads
 * drive every public operation of a core with its default pool, with every after-bridge policy, for
 * {@code strowger.soak.randomOps.seconds} (default 5). See {@link RandomOps} for what runs.
 *
 * <p>At the end: every stage the core returned completed, normally or with a documented exception
 * ({@code CommandRejectedException}, {@code NoSuchChannelException}, {@code NoSuchBridgeException}, or a
 * {@code StrowgerException} caused by a fake tech fault). Commands must complete within 10 s of the last operation;
 * attended transfers' outcomes once every channel is hung up. Nothing may be left: no channel, no bridge (the ones that
 * never dissolve are destroyed first; a bridge the core made itself must be gone with its channels), each fake channel
 * hung up once and closed once, each tech told {@code bridged}/{@code unbridged} in turn, no usage counted, every tap
 * closed once, no application callback off its executor, no ERROR line of the core, no deadlocked thread, and shutdown
 * completes. Before the tear-down, once everything is quiet, bridges and channel snapshots must agree exactly
 * ({@link BridgeInvariants#assertAtRest}).
 *
 * <p>Properties: {@code strowger.soak.randomOps.seconds}, {@code .threads} (4), {@code .channels} (the live cap, 150),
 * {@code .seed} (default: a new one each run, printed).
 */
@ExtendWith(NoLeakExtension.class)
class RandomOpsSoakTest {
    private static final String P = "strowger.soak.randomOps.";
    private static final int SECONDS = Integer.getInteger(P + "seconds", 5);
    private static final int THREADS = Integer.getInteger(P + "threads", 4);
    private static final int CHANNELS = Integer.getInteger(P + "channels", 150);
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @Test
    void everyStageOfRandomConcurrentOperationsCompletesAndNothingIsLeft(TestCores cores) throws Exception {
        long seed = Long.getLong(P + "seed", System.nanoTime() ^ System.currentTimeMillis());
        String replay = "seed " + seed + " (replay the workers' choices with -D" + P + "seed=" + seed + ")";
        System.out.println("random-ops soak: " + SECONDS + " s, " + THREADS + " threads, at most " + CHANNELS
                + " live channels, " + replay);
        RandomOps w = new RandomOps(CHANNELS);
        ChannelCore core = cores.real(w::configure, w.fake, w.pstn);
        w.bind(core);
        long errorMark = ErrorLines.count();
        List<String> failures = new ArrayList<>();
        String report;
        try (Network net = w.net; DeadlockWatchdog deadlocks = DeadlockWatchdog.start()) {
            long t0 = System.nanoTime();
            w.start(THREADS, seed);
            Thread.sleep(SECONDS * 1_000L);
            List<Throwable> deaths = w.stop();
            long farEndsQueued = net.backlog();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long liveAtStop = core.channelCount();
            long bridgesAtStop = core.bridgeCount();
            deaths.forEach(t -> failures.add("a worker died: " + t));

            // 1. every command completes by itself
            boolean settled = TestCores.await(() -> w.ledger.pendingCommands() == 0, SETTLE);
            if (!settled) {
                failures.add(w.ledger.pendingCommands() + " command stages still incomplete " + SETTLE.toSeconds()
                        + " s after the last operation, by label " + w.ledger.pendingByLabel(true) + "; the oldest:\n  "
                        + String.join("\n  ", w.ledger.describePending(true, 40)) + "\nchannels:\n"
                        + core.channelTable() + "\nbridges:\n" + core.bridgeTable());
            }

            // 2. once the far ends and the core's timers are quiet, bridges and channel snapshots agree exactly
            String atRest = atRest(w, core);
            if (atRest != null) {
                failures.add("bridges and channels disagree at rest: " + atRest + "\nchannels:\n"
                        + core.channelTable() + "\nbridges:\n" + core.bridgeTable());
            }

            // 3. hang up what is left, destroy the bridges that never dissolve, and wait for nothing to be left
            List<String> leftByCore = w.tearDown(Duration.ofSeconds(30));
            if (!leftByCore.isEmpty()) {
                failures.add(leftByCore.size() + " bridges the core created itself outlived their channels: "
                        + leftByCore);
            }
            if (!TestCores.await(() -> core.channelCount() == 0 && core.bridgeCount() == 0
                    && core.stats().channelsLive() == 0, Duration.ofSeconds(10))) {
                failures.add("left after the tear-down: " + core.channelCount() + " channels, " + core.bridgeCount()
                        + " bridges\n" + core.channelTable() + "\n" + core.bridgeTable());
            }
            // 4. and now every stage, attended transfers' outcomes included
            if (!TestCores.await(() -> w.ledger.pendingCount() == 0, SETTLE)) {
                failures.add(w.ledger.pendingCount() + " stages never completed, even after every channel was gone,"
                        + " by label " + w.ledger.pendingByLabel(false) + "; the oldest:\n  "
                        + String.join("\n  ", w.ledger.describePending(false, 40)));
            }
            if (w.ledger.undocumentedCount() > 0) {
                failures.add(w.ledger.undocumentedCount() + " undocumented failures or soak problems; the first:\n  "
                        + String.join("\n  ", w.ledger.undocumented().subList(0,
                                Math.min(10, w.ledger.undocumented().size()))));
            }
            checkTaps(w, failures);
            for (RandomOps.SoakApp a : w.apps) {
                if (!a.violations.isEmpty()) {
                    failures.add("application " + a.name() + " called off its executor: " + a.violations);
                }
            }
            List<String> errors = ErrorLines.since(errorMark);
            if (ErrorLines.count() > errorMark) {
                failures.add((ErrorLines.count() - errorMark) + " ERROR lines from the core (a bug it caught):\n  "
                        + String.join("\n  ", errors.subList(0, Math.min(5, errors.size()))));
            }
            try {
                Invariants.assertClean(core, w.fake, w.pstn);
                // bridged and unbridged in turn, none after hangup
                BridgeInvariants.assertBridgeNotificationsWellFormed(w.fake);
                BridgeInvariants.assertBridgeNotificationsWellFormed(w.pstn);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }

            var stats = core.stats();
            report = String.format("""
                    random-ops soak: %.1f s, %d threads, %s
                      operations: %,d issued (%,.0f/s); %,d stages tracked; %d channels and %d bridges live at the \
                    stop, %d far-end actions queued; %d deadlock checks
                      channels: %,d created (%,d Fake, %,d Pstn), %,d rejected at creation; callback faults %d, \
                    stalls %d
                      by operation:
                    %s  outcomes by stage (ok, or the reason it failed with):
                    %s  variants: %s
                    """, seconds, THREADS, replay, w.issuedTotal(), w.issuedTotal() / seconds, w.ledger.tracked.sum(),
                    liveAtStop, bridgesAtStop, farEndsQueued, deadlocks.checks(), stats.channelsCreated(),
                    w.fake.channels().size(), w.pstn.channels().size(), stats.channelsRejected(),
                    stats.callbackFaults(), stats.stalls(), w.opSummary(), w.ledger.summary(), w.variants());
            System.out.print(report);
        }
        // 5. the core shuts down
        core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (!failures.isEmpty()) {
            throw new AssertionError("random-ops soak, seed " + seed + ": " + failures.size() + " problem(s):\n"
                    + String.join("\n", failures));
        }
        if (SECONDS >= 60) { // a long run must have tried everything
            assertEquals(List.of(), w.neverIssued(), "operations never issued in " + SECONDS + " s");
        }
        assertTrue(w.issuedTotal() > 100L * SECONDS, "too few operations: " + w.issuedTotal());
    }

    /**
     * The same operations, then {@link ChannelCore#shutdown()} while the workers go on for another second: the
     * shutdown completes, every stage accepted before, during and after it completes (commands refused at once with
     * {@code SHUTTING_DOWN} are counted), and nothing is left. Before the fix (scenarios/StagesAcrossShutdownTest)
     * hundreds of stages were lost to the pool and the scheduler the stopped core shuts down.
     */
    @Test
    void everyStageCompletesWhenTheCoreShutsDownUnderLoad(TestCores cores) throws Exception {
        long seed = Long.getLong(P + "seed", System.nanoTime() ^ System.currentTimeMillis());
        System.out.println("random-ops soak, shutdown under load: " + SECONDS + " s, seed " + seed);
        RandomOps w = new RandomOps(CHANNELS);
        ChannelCore core = cores.real(w::configure, w.fake, w.pstn);
        w.bind(core);
        List<String> failures = new ArrayList<>();
        try (Network net = w.net; DeadlockWatchdog deadlocks = DeadlockWatchdog.start()) {
            w.start(THREADS, seed);
            Thread.sleep(SECONDS * 1_000L);
            System.out.println("  shutting down with " + core.channelCount() + " channels, " + net.backlog()
                    + " far-end actions queued, " + deadlocks.checks() + " deadlock checks so far");
            java.util.concurrent.CompletableFuture<Void> down = core.shutdown().toCompletableFuture();
            Thread.sleep(1_000);
            w.stop().forEach(t -> failures.add("a worker died: " + t));
            try {
                down.get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                failures.add("shutdown did not complete in 15 s");
            }
            if (!TestCores.await(() -> w.ledger.pendingCount() == 0, SETTLE)) {
                failures.add(w.ledger.pendingCount() + " stages never completed, by label "
                        + w.ledger.pendingByLabel(false) + "; the oldest:\n  "
                        + String.join("\n  ", w.ledger.describePending(false, 40)));
            }
            if (w.ledger.undocumentedCount() > 0) {
                failures.add(w.ledger.undocumentedCount() + " undocumented failures; the first:\n  "
                        + String.join("\n  ", w.ledger.undocumented().subList(0,
                                Math.min(10, w.ledger.undocumented().size()))));
            }
            try {
                Invariants.assertClean(core, w.fake, w.pstn);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
            System.out.print("  operations:\n" + w.opSummary() + "  outcomes:\n" + w.ledger.summary());
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("random-ops soak, shutdown under load, seed " + seed + ": " + failures.size()
                    + " problem(s):\n" + String.join("\n", failures));
        }
    }

    /**
     * {@link BridgeInvariants#assertAtRest} once nothing is in flight: no far-end action queued, no command pending.
     * Timers of the core may still move a channel (a Local pair optimising, an absolute timeout), so the check is
     * retried for a few seconds; returns the last failure if it never held.
     */
    private static String atRest(RandomOps w, ChannelCore core) throws InterruptedException {
        TestCores.await(() -> w.net.backlog() == 0 && w.ledger.pendingCommands() == 0, SETTLE);
        String last = null;
        for (int i = 0; i < 25; i++) {
            try {
                BridgeInvariants.assertAtRest(core);
                return null;
            } catch (AssertionError e) {
                last = e.getMessage();
            }
            Thread.sleep(200);
        }
        return last;
    }

    private static void checkTaps(RandomOps w, List<String> failures) {
        int problems = 0;
        StringBuilder first = new StringBuilder();
        for (RandomOps.CountingTap t : w.taps) {
            boolean added = t.added.isDone() && !t.added.isCompletedExceptionally();
            int expected = t.added.isDone() && t.added.isCompletedExceptionally() ? 0 : 1;
            String p = !t.added.isDone() ? "addTap never completed"
                    : t.closes.get() != expected ? "a tap (added: " + added + ") closed " + t.closes.get() + " times ("
                            + t.reason + ")"
                    : t.framesAfterClose.get() > 0 ? "a tap saw " + t.framesAfterClose.get() + " frames after its close"
                    : null;
            if (p != null && problems++ < 5) {
                first.append("\n  ").append(p);
            }
        }
        if (problems > 0) {
            failures.add(problems + " tap problems of " + w.taps.size() + " taps:" + first);
        }
    }
}
