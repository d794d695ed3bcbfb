package org.strowger.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.testkit.TestCores;

/**
 * The soak's call traffic, on one thread of its own: two-party calls and 3-5 party conferences (mixing), and at a
 * steady rate blind and attended transfers, moves between conferences and hang-ups from either side (the far end
 * through the tech's sink, or the core's {@code hangup}), with replacement calls that keep the live channels near the
 * target. The model (who is in which call) lives on that thread; a call or conference with an operation in flight is
 * busy and not picked again, so operations on one call never race each other and should succeed.
 *
 * <p>Every operation that returns a stage is tracked until the stage completes; {@link #close()} waits for all of
 * them and fails if one never completes (a command that vanished).
 */
final class CallChurn implements AutoCloseable {
    private static final class Call {
        final Bridge bridge;
        Channel x;
        final Channel y;
        boolean busy;

        Call(Bridge bridge, Channel x, Channel y) {
            this.bridge = bridge;
            this.x = x;
            this.y = y;
        }
    }

    private static final class Conference {
        final Bridge bridge;
        final List<Channel> members = new ArrayList<>();
        boolean busy;

        Conference(Bridge bridge) {
            this.bridge = bridge;
        }
    }

    private static final String NEW_CALL = "new call";

    private final ChannelCore core;
    private final SoakTech tech;
    private final int targetChannels;
    private final double opsPerTick;
    private final SplittableRandom random;
    private final ScheduledExecutorService thread;
    // churn thread only
    private final List<Call> calls = new ArrayList<>();
    private final List<Conference> conferences = new ArrayList<>();
    private double opCredit;
    private int creating;
    private volatile boolean stopping;
    private final AtomicLong names = new AtomicLong();
    private final AtomicLong opIds = new AtomicLong();
    private final Map<Long, String> pending = new ConcurrentHashMap<>();
    /**
     * Follow-ups of completed operations, for the churn thread's next tick. Completions run on the core's pool, which
     * must not block: a lock-free queue, not the churn executor's (locked) queue.
     */
    private final Queue<Runnable> completed = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    /** Operations issued (transfers, moves, hang-ups, conference joins; not the replacement calls). */
    final LongAdder issued = new LongAdder();

    /**
     * @param opsPerSecond operations (transfers, moves, hang-ups) per second
     */
    CallChurn(ChannelCore core, SoakTech tech, int targetChannels, int opsPerSecond, long seed) {
        this.core = core;
        this.tech = tech;
        this.targetChannels = targetChannels;
        this.opsPerTick = opsPerSecond / 100.0;
        this.random = new SplittableRandom(seed);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-churn");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sets up {@code calls} two-party calls and {@code rooms} conferences of {@code size}; waits until all joined. */
    void setUp(int twoPartyCalls, int rooms, int size, Duration timeout) throws Exception {
        List<CompletableFuture<?>> joins = new ArrayList<>();
        List<Call> newCalls = new ArrayList<>();
        List<Conference> newRooms = new ArrayList<>();
        for (int i = 0; i < twoPartyCalls; i++) {
            Channel x = newChannel("x");
            Channel y = newChannel("y");
            Bridge b = core.createBridge(BridgeOptions.call());
            joins.add(b.join(x, JoinOptions.HANG_UP_AFTER).toCompletableFuture());
            joins.add(b.join(y, JoinOptions.HANG_UP_AFTER).toCompletableFuture());
            newCalls.add(new Call(b, x, y));
        }
        for (int i = 0; i < rooms; i++) {
            Conference c = new Conference(core.createBridge(BridgeOptions.conference()));
            for (int m = 0; m < size; m++) {
                Channel ch = newChannel("m");
                joins.add(c.bridge.join(ch, JoinOptions.HANG_UP_AFTER).toCompletableFuture());
                c.members.add(ch);
            }
            newRooms.add(c);
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        thread.execute(() -> {
            calls.addAll(newCalls);
            conferences.addAll(newRooms);
        });
    }

    private Channel newChannel(String prefix) {
        Channel ch = core.request(OutboundRequest.of(SoakTech.NAME, prefix + names.incrementAndGet()));
        ch.call(); // the soak tech answers at once
        return ch;
    }

    /** Starts the traffic: a tick every 10 ms. */
    void start() {
        thread.scheduleAtFixedRate(this::tick, 10, 10, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        for (Runnable r; (r = completed.poll()) != null; ) {
            r.run();
        }
        if (stopping) {
            return;
        }
        topUp();
        opCredit += opsPerTick;
        while (opCredit >= 1) {
            opCredit -= 1;
            operate();
        }
    }

    /** New two-party calls, at most 50 a tick, while the live channels are under the target. */
    private void topUp() {
        int missing = targetChannels - tech.openCount() - creating;
        for (int i = 0; i < Math.min(50, missing / 2); i++) {
            Channel x = newChannel("x");
            Channel y = newChannel("y");
            Bridge b = core.createBridge(BridgeOptions.call());
            Call call = new Call(b, x, y);
            creating += 2;
            CompletionStage<Void> both = b.join(x, JoinOptions.HANG_UP_AFTER)
                    .thenCombine(b.join(y, JoinOptions.HANG_UP_AFTER), (u, v) -> null);
            track(NEW_CALL, both, ok -> {
                creating -= 2;
                if (ok) {
                    calls.add(call);
                } else {
                    x.hangup(HangupCause.NORMAL_CLEARING);
                    y.hangup(HangupCause.NORMAL_CLEARING);
                }
            });
        }
    }

    private void operate() {
        int dice = random.nextInt(100);
        if (dice < 15 && !conferences.isEmpty()) {
            conferenceOp();
            return;
        }
        Call call = pickCall();
        if (call == null) {
            return;
        }
        if (dice < 35) {
            calls.remove(call); // the far end of x hangs up; the bridge dissolves and hangs y up
            SoakChannel far = tech.of(call.x);
            if (far != null) {
                far.remote().hangup(HangupCause.NORMAL_CLEARING);
            }
            count("hang-up from the far end");
            issued.increment();
        } else if (dice < 55) {
            calls.remove(call);
            track("hang-up by the core", call.y.hangup(HangupCause.NORMAL_CLEARING), ok -> { });
        } else if (dice < 78) {
            call.busy = true;
            try {
                CompletableFuture<Channel> transfer = core.blindTransfer(call.x, target("blind"))
                        .toCompletableFuture();
                track("blind transfer", transfer, ok -> {
                    if (ok) {
                        call.x = transfer.getNow(null); // the target took x's place
                    }
                    settle(call);
                });
            } catch (CommandRejectedException e) {
                count("blind transfer rejected at once: " + e.reason());
                call.busy = false;
            }
        } else {
            call.busy = true;
            boolean cancel = random.nextInt(4) == 0;
            try {
                CompletableFuture<AttendedTransfer> started = core.attendedTransfer(call.x, target("consult"))
                        .toCompletableFuture();
                CompletableFuture<TransferOutcome> ended = started
                        .thenCompose(t -> cancel ? t.cancel() : t.complete()).toCompletableFuture();
                track(cancel ? "attended transfer, cancel" : "attended transfer, complete", ended, ok -> {
                    if (ok) {
                        TransferOutcome o = ended.getNow(null);
                        count("attended transfer ended " + o);
                        if (o == TransferOutcome.COMPLETED) {
                            call.x = started.getNow(null).target(); // the target took x's place
                        }
                    }
                    settle(call);
                });
            } catch (CommandRejectedException e) {
                count("attended transfer rejected at once: " + e.reason());
                call.busy = false;
            }
        }
    }

    /** After an operation: the call stays in the model while both its parties are live. */
    private void settle(Call call) {
        call.busy = false;
        if (call.x.state().isEnded() || call.y.state().isEnded()) {
            calls.remove(call);
        }
    }

    private Call pickCall() {
        for (int attempt = 0; attempt < 4 && !calls.isEmpty(); attempt++) {
            Call c = calls.get(random.nextInt(calls.size()));
            if (!c.busy) {
                return c;
            }
        }
        return null;
    }

    private Conference pickConference(int minSize, int maxSize, Conference not) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Conference c = conferences.get(random.nextInt(conferences.size()));
            if (!c.busy && c != not && c.members.size() >= minSize && c.members.size() <= maxSize) {
                return c;
            }
        }
        return null;
    }

    private void conferenceOp() {
        if (random.nextBoolean()) {
            Conference from = pickConference(4, 5, null);
            Conference to = from == null ? null : pickConference(3, 4, from);
            if (to == null) {
                return;
            }
            Channel m = from.members.get(random.nextInt(from.members.size()));
            from.busy = true;
            to.busy = true;
            track("move between conferences", from.bridge.move(m, to.bridge, JoinOptions.HANG_UP_AFTER), ok -> {
                from.busy = false;
                to.busy = false;
                if (ok) {
                    from.members.remove(m);
                    to.members.add(m);
                } else if (m.state().isEnded()) {
                    from.members.remove(m);
                }
            });
        } else {
            Conference c = pickConference(3, 5, null);
            if (c == null) {
                return;
            }
            Channel m = c.members.remove(random.nextInt(c.members.size()));
            SoakChannel far = tech.of(m);
            if (random.nextBoolean() && far != null) {
                far.remote().hangup(HangupCause.NORMAL_CLEARING);
                count("conference hang-up from the far end");
                issued.increment();
            } else {
                track("conference hang-up by the core", m.hangup(HangupCause.NORMAL_CLEARING), ok -> { });
            }
            Channel joiner = newChannel("m");
            c.busy = true;
            track("join a conference", c.bridge.join(joiner, JoinOptions.HANG_UP_AFTER), ok -> {
                c.busy = false;
                if (ok) {
                    c.members.add(joiner);
                } else {
                    joiner.hangup(HangupCause.NORMAL_CLEARING);
                }
            });
        }
    }

    private OutboundRequest target(String prefix) {
        return OutboundRequest.of(SoakTech.NAME, prefix + names.incrementAndGet());
    }

    /**
     * Tracks {@code stage} until it completes: counts the outcome by name and reason, then runs {@code after} (true
     * on success) on the churn thread.
     */
    private void track(String op, CompletionStage<?> stage, Consumer<Boolean> after) {
        long id = opIds.incrementAndGet();
        pending.put(id, op);
        if (!op.equals(NEW_CALL)) {
            issued.increment();
        }
        stage.whenComplete((v, error) -> {
            count(error == null ? op + ": ok" : op + ": failed, " + reason(error));
            completed.add(() -> after.accept(error == null));
            pending.remove(id);
        });
    }

    private static String reason(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof CommandRejectedException r ? r.reason().toString() : t.getClass().getSimpleName();
    }

    private void count(String what) {
        outcomes.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    /** Operations by outcome, sorted by name. */
    Map<String, Long> outcomes() {
        Map<String, Long> out = new TreeMap<>();
        outcomes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Stages not completed yet. */
    int pendingCount() {
        return pending.size();
    }

    /** Stops issuing operations, waits up to 30 s for the pending ones, then stops the thread. */
    @Override
    public void close() {
        stopping = true;
        boolean drained = TestCores.await(pending::isEmpty, Duration.ofSeconds(30));
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Runnable r; (r = completed.poll()) != null; ) {
            r.run(); // the last follow-ups, now that the churn thread has stopped
        }
        if (!drained) {
            throw new AssertionError(pending.size() + " operations never completed (a command vanished?): "
                    + pending.values().stream().limit(20).toList());
        }
    }
}
