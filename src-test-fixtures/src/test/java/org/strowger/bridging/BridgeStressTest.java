package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * Real threads, default pool: about 500 concurrent two-party calls with 20 ms voice from several producer threads,
 * while control threads run a steady mix of blind and attended transfers (completed or cancelled), moves of a member
 * into another call (three-party mixing), hang-ups from either side and new calls. Afterwards: every command stage
 * completed or failed with a reason, bridges and channels agree at rest, everything hangs up cleanly (checked by
 * {@link NoLeakExtension}: registry and bridges empty, one hang-up and one close per fake channel, no contract
 * violation, no deadlock), and the platform thread count stayed near the core count.
 */
@ExtendWith(NoLeakExtension.class)
class BridgeStressTest {
    private static final int CALLS = 500;
    private static final long RUN_MILLIS = 6_000;
    private static final int PRODUCERS = 4;
    private static final int CONTROLLERS = 2;
    private static final String MINE = "stress-";

    private final Map<Channel, FakeChannel> fakes = new ConcurrentHashMap<>();
    private final Map<CompletableFuture<?>, String> stages = new ConcurrentHashMap<>();
    private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> ops = new ConcurrentHashMap<>();
    private final AtomicLong frames = new AtomicLong();
    private final Map<AttendedTransfer, StringBuffer> transfers = new ConcurrentHashMap<>();
    private final Set<AttendedTransfer> pendingOutcomes = ConcurrentHashMap.newKeySet();
    private final Set<BridgeId> myBridges = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, MINE + "timer");
                t.setDaemon(true);
                return t;
            });
    private ChannelCore core;

    @Test
    @Timeout(180)
    void fiveHundredCallsUnderMediaTransfersMovesAndHangupsStayCleanOnAboutOneThreadPerCore(TestCores cores)
            throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Set<String> before = threadNames();
        int baseline = mx.getThreadCount();
        FakeTech fake = new FakeTech();
        fake.on("newChannel", (fc, arg) -> fakes.put(fc.channel(), fc));
        // Every call is answered at once, except that one transfer target in five never answers.
        fake.on("call", (fc, arg) -> {
            if (!fc.resource().startsWith("t") || ThreadLocalRandom.current().nextInt(5) != 0) {
                fc.remote().answered();
            }
        });
        fake.on("close", (fc, arg) -> fakes.remove(fc.channel()));
        core = cores.real(b -> { }, fake);
        int cpus = Runtime.getRuntime().availableProcessors();
        int[] peak = {0};
        int[] peakForeign = {0};
        Set<String> foreignNames = ConcurrentHashMap.newKeySet();
        List<String> pendingAfterLoad = new ArrayList<>();
        List<String> pendingAfterHangup = new ArrayList<>();
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            for (int i = 0; i < CALLS; i++) {
                newCall();
            }
            List<Thread> mine = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int shard = p;
                mine.add(new Thread(() -> produce(shard), MINE + "media-" + p));
            }
            for (int c = 0; c < CONTROLLERS; c++) {
                mine.add(new Thread(this::control, MINE + "control-" + c));
            }
            mine.add(new Thread(() -> {
                while (running.get()) {
                    int n = mx.getThreadCount();
                    peak[0] = Math.max(peak[0], n);
                    int foreign = 0;
                    for (String name : threadNames()) {
                        if (!before.contains(name) && !name.startsWith(MINE) && !name.equals("deadlock-watchdog")) {
                            foreign++;
                            foreignNames.add(name);
                        }
                    }
                    peakForeign[0] = Math.max(peakForeign[0], foreign);
                    sleep(50);
                }
            }, MINE + "sampler"));
            mine.forEach(Thread::start);
            Thread.sleep(RUN_MILLIS);
            running.set(false);
            for (Thread t : mine) {
                t.join(10_000);
                assertTrue(!t.isAlive(), t.getName() + " did not stop");
            }
            timer.shutdown(); // runs the completions and cancellations already scheduled
            assertTrue(timer.awaitTermination(10, TimeUnit.SECONDS));
            // Consultations still going on (started too late for a scheduled end): the transferers complete them.
            TestCores.await(() -> stages.entrySet().stream().filter(e -> e.getValue().equals("attended transfer start"))
                    .allMatch(e -> e.getKey().isDone()), Duration.ofSeconds(10));
            sleep(200); // the last scheduled ends
            for (AttendedTransfer t : List.copyOf(pendingOutcomes)) {
                track("final complete", t.complete());
            }
            // Every operation completes or fails with a reason once the load stops; then bridges and channels agree.
            TestCores.await(() -> stages.keySet().stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(10));
            pendingAfterLoad.addAll(pending());
            for (Map.Entry<AttendedTransfer, StringBuffer> e : transfers.entrySet()) {
                if (pendingOutcomes.contains(e.getKey())) {
                    pendingAfterLoad.add("transfer of " + e.getKey().transferer().snapshot() + " to "
                            + e.getKey().target().snapshot() + ": " + e.getValue());
                }
            }
            AssertionError[] lastMismatch = new AssertionError[1];
            boolean agreed = TestCores.await(() -> {
                try {
                    BridgeInvariants.assertAtRest(core);
                    return true;
                } catch (AssertionError e) {
                    lastMismatch[0] = e;
                    return false;
                }
            }, Duration.ofSeconds(10));
            assertTrue(agreed, "bridges and channels never agreed at rest: " + lastMismatch[0]);
            long stranded = core.bridges().stream().filter(s -> s.dissolve() == BridgeOptions.Dissolve.WHEN_ONE_LEFT
                    && s.members().size() == 1).count();
            int liveCalls = core.bridgeCount();
            int liveChannels = core.channelCount();
            // Hang everything up (transfers still settling may create channels: repeat until none is left).
            assertTrue(TestCores.await(() -> {
                BridgeInvariants.hangUpAll(core);
                sleep(20);
                return core.channelCount() == 0;
            }, Duration.ofSeconds(20)), "could not hang everything up: " + core.channelCount() + " channels left");
            sleep(200);
            // Bridges the core made itself (attended-transfer consultations) must have ended with their channels;
            // the test's own call bridges may linger only if they never held two members (joins that failed).
            List<BridgeSnapshot> internalLeft = core.bridges().stream().filter(b -> !myBridges.contains(b.id()))
                    .toList();
            assertTrue(TestCores.await(() -> {
                BridgeInvariants.destroyAllBridges(core);
                sleep(20);
                return core.bridgeCount() == 0;
            }, Duration.ofSeconds(20)), "could not destroy every bridge: " + core.bridges());
            TestCores.await(() -> stages.keySet().stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(10));
            pendingAfterHangup.addAll(pending());
            System.out.printf("BridgeStressTest: %d cpus; threads baseline %d, peak %d; threads the core added: peak"
                    + " %d %s; ops %s; %d media frames sent; %d stages; at the end %d live calls, %d channels, %d call"
                    + " bridges left with one member; %d consultation bridges left after every channel hung up%n",
                    cpus, baseline, peak[0], peakForeign[0], foreignNames, ops, frames.get(), stages.size(), liveCalls,
                    liveChannels, stranded, internalLeft.size());
        }
        assertEquals(List.of(), pendingAfterLoad, "stages neither completed nor failed 10 s after the load stopped");
        assertEquals(List.of(), pendingAfterHangup, "stages neither completed nor failed after everything hung up");
        assertEquals(List.of(), List.copyOf(unexpected), "failures without a documented reason");
        long written = fake.channels().stream().mapToLong(c -> c.count("write")).sum();
        System.out.printf("BridgeStressTest: %d voice frames reached a peer's tech (incl. mixed frames)%n", written);
        assertTrue(written > frames.get() / 4, "media did not flow: " + written + " of " + frames.get());
        // The pool (one thread per core), the scheduler and the stall watchdog; a little slack for JVM/JUnit threads.
        assertTrue(peakForeign[0] <= cpus + 4, "platform threads grew to " + peakForeign[0] + " beyond the baseline "
                + "on " + cpus + " cpus: " + foreignNames);
        assertTrue(ops.values().stream().mapToInt(AtomicInteger::get).sum() > 1_000, "too little happened: " + ops);
    }

    // ---- load ----

    private void newCall() {
        Channel x = core.request(OutboundRequest.of("Fake", "x"));
        Channel y = core.request(OutboundRequest.of("Fake", "y"));
        track("call x", x.call());
        track("call y", y.call());
        Bridge bridge = core.createBridge(BridgeOptions.call());
        myBridges.add(bridge.id());
        track("join x", bridge.join(x, JoinOptions.HANG_UP_AFTER));
        track("join y", bridge.join(y, JoinOptions.HANG_UP_AFTER));
        count("new call");
    }

    private void produce(int shard) {
        VoiceFrame frame = BridgeInvariants.voice(0); // immutable: one instance serves every send
        while (running.get()) {
            long start = System.nanoTime();
            for (Map.Entry<Channel, FakeChannel> e : fakes.entrySet()) {
                if ((e.getKey().id().hashCode() & (PRODUCERS - 1)) == shard
                        && e.getValue().remote().receive(frame)) {
                    frames.incrementAndGet();
                }
            }
            long left = 20_000_000L - (System.nanoTime() - start);
            if (left > 0) {
                sleep(left / 1_000_000L);
            }
        }
    }

    private void control() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (running.get()) {
            sleep(2);
            if (core.bridgeCount() < CALLS) {
                newCall();
            }
            List<BridgeSnapshot> bridges = core.bridges();
            if (bridges.size() < 2) {
                continue;
            }
            BridgeSnapshot s = bridges.get(r.nextInt(bridges.size()));
            if (s.members().isEmpty()) {
                continue;
            }
            ChannelId memberId = s.members().get(r.nextInt(s.members().size()));
            Channel member = core.channel(memberId).orElse(null);
            Bridge bridge = core.bridge(s.id()).orElse(null);
            if (member == null || bridge == null) {
                continue;
            }
            try {
                int what = r.nextInt(100);
                if (what < 25) {
                    count("blind transfer");
                    track("blind transfer", core.blindTransfer(member, OutboundRequest.of("Fake", "t-blind")));
                } else if (what < 45) {
                    count("attended transfer");
                    CompletionStage<AttendedTransfer> started = core.attendedTransfer(member,
                            OutboundRequest.of("Fake", "t-attended"));
                    track("attended transfer start", started);
                    String home = String.valueOf(member.snapshot().bridge());
                    started.thenAccept(t -> {
                        CompletableFuture<TransferOutcome> outcome = t.outcome().toCompletableFuture();
                        track("attended transfer outcome", outcome);
                        pendingOutcomes.add(t);
                        outcome.whenComplete((o, e) -> pendingOutcomes.remove(t));
                        transfers.put(t, new StringBuffer("home " + home + "; "));
                        long delay = 10 + r.nextInt(100);
                        boolean complete = r.nextInt(10) < 7;
                        schedule(() -> {
                            CompletableFuture<TransferOutcome> end =
                                    (complete ? t.complete() : t.cancel()).toCompletableFuture();
                            track(complete ? "complete" : "cancel", end);
                            end.whenComplete((o, e) -> transfers.get(t).append(complete ? "complete" : "cancel")
                                    .append(" -> ").append(e != null ? e.toString() : o).append("; "));
                        }, delay);
                    });
                } else if (what < 60) {
                    BridgeSnapshot to = bridges.get(r.nextInt(bridges.size()));
                    Bridge target = core.bridge(to.id()).orElse(null);
                    if (target != null && target != bridge) {
                        count("move");
                        track("move", bridge.move(member, target, null));
                    }
                } else if (what < 80) {
                    count("hangup (far end)");
                    FakeChannel fc = fakes.get(member);
                    if (fc != null) {
                        fc.remote().hangup(HangupCause.NORMAL_CLEARING);
                    }
                } else {
                    count("hangup (local)");
                    track("hangup", member.hangup(HangupCause.NORMAL_CLEARING));
                }
            } catch (RuntimeException e) {
                unexpected.add(e); // a synchronous throw: only for bad arguments, which this test never passes
            }
        }
    }

    private void track(String what, CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        stages.put(f, what);
        f.whenComplete((v, e) -> {
            Throwable t = e instanceof CompletionException ? e.getCause() : e;
            if (t != null && !(t instanceof CommandRejectedException || t instanceof NoSuchChannelException
                    || t instanceof NoSuchBridgeException)) {
                unexpected.add(t);
            }
        });
    }

    /** Runs {@code task} after {@code millis} on the test's timer; at once on this thread if the timer has stopped. */
    private void schedule(Runnable task, long millis) {
        try {
            timer.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            task.run();
        }
    }

    private List<String> pending() {
        return stages.entrySet().stream().filter(e -> !e.getKey().isDone()).map(Map.Entry::getValue).sorted().toList();
    }

    private void count(String op) {
        ops.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
    }

    private static Set<String> threadNames() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
