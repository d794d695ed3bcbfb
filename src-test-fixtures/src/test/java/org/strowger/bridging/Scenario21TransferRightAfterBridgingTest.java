package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.TransferOutcome;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.TextFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * RELIABILITY.md #21 (FreeSWITCH #2317/#3177: a transfer right after bridging freed callback data still in use). A
 * blind transfer, or an attended transfer that is then completed, is issued 0, 1, 5, 10 or 20 ms (virtual time)
 * after a two-party bridge forms, while both parties send voice, DTMF and text, and sometimes while the transferee
 * hangs up. What the tech of each channel is told must stay coherent: no callback after {@code close} (checked by
 * {@link Invariants}), {@code bridged}/{@code unbridged} alternate and stop at {@code hangup}, and each of them reaches
 * a channel only while its own snapshot says it is in a bridge. At every millisecond bridges and channels agree.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario21TransferRightAfterBridgingTest {

    private static final long[] DELAYS_MS = {0, 1, 5, 10, 20};

    @Test
    void transferAtEachDelayAfterTheBridgeFormsKeepsEveryTechCallbackCoherent() {
        Seeds.forEach("scenario 21", 21_000, 1_000, seed -> runOnce(seed, false));
    }

    @Test
    void bridgedIsNeverToldAfterTheChannelLeftItsBridge() {
        Seeds.forEach("scenario 21 (bridged after leaving)", 21_000, 1_000, seed -> runOnce(seed, true));
    }

    private static void runOnce(long seed, boolean strict) {
        StringBuilder ctx = new StringBuilder();
        BridgeInvariants.withContext(ctx, () -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            List<String> problems = new ArrayList<>();
            List<Bridge> bridges = new ArrayList<>();
            // Transfer targets answer 0..15 ms after being called, or (1 in 6) never.
            fake.on("call", (fc, arg) -> {
                if (fc.resource().startsWith("t") && sim.random().nextInt(6) != 0) {
                    sim.schedule(() -> fc.remote().answered(), sim.random().nextInt(16), TimeUnit.MILLISECONDS);
                }
            });
            // What the tech is told about bridging must match the channel's own view, and (strict) the bridge's.
            fake.on("bridged", (fc, arg) -> {
                ChannelSnapshot self = fc.channel().snapshot();
                if (self.bridge() == null || self.ownerKind() != OwnerKind.BRIDGE || !self.isLive()) {
                    problems.add("bridged told to " + self.name() + " which is not in a bridge: " + self);
                } else if (strict) {
                    BridgePeer peer = (BridgePeer) arg;
                    BridgeSnapshot b = core.bridge(self.bridge()).map(Bridge::snapshot).orElse(null);
                    boolean peerLive = core.channel(peer.channelId()).map(c -> c.snapshot().isLive()).orElse(false);
                    if (b == null || b.destroyed() || !b.members().contains(self.id())) {
                        problems.add("at " + sim.elapsedNanos() / 1_000_000 + " ms " + self.name() + " told bridged("
                                + peer.channelId() + ", live=" + peerLive + ") but its bridge is " + b);
                    }
                }
            });
            fake.on("unbridged", (fc, arg) -> {
                ChannelSnapshot self = fc.channel().snapshot();
                if (self.bridge() == null || !self.isLive()) {
                    problems.add("unbridged told to " + self.name() + " which is not in a bridge: " + self);
                }
                // (unbridged is the notice of having left, so it may follow the bridge's removal of the member)
            });
            long delay = DELAYS_MS[(int) (seed % DELAYS_MS.length)];
            boolean attended = (seed / DELAYS_MS.length) % 2 == 1;
            boolean transfereeHangsUp = sim.random().nextInt(3) == 0;
            long hangupAt = sim.random().nextBoolean() ? 0 : sim.random().nextInt(26);
            int hangupHops = sim.random().nextInt(4);
            ctx.append(attended ? "attended" : "blind").append(" at ").append(delay).append(" ms");
            if (transfereeHangsUp) {
                ctx.append(", transferee hangs up at ").append(hangupAt).append(" ms")
                        .append(hangupAt == 0 ? " after " + hangupHops + " hops" : "");
            }
            Channel a = BridgeInvariants.answered(sim, core, fake, "a");
            Channel b = BridgeInvariants.answered(sim, core, fake, "b");
            List<Channel> talkers = new ArrayList<>(List.of(a, b));
            Bridge home = core.createBridge(BridgeOptions.call());
            bridges.add(home);
            long start = sim.elapsedNanos();
            pump(sim, fake, talkers, start, 0);
            List<CompletionStage<?>> stages = new ArrayList<>();
            List<AttendedTransfer> transfers = new ArrayList<>();
            Map<AttendedTransfer, CompletableFuture<TransferOutcome>> outcomes = new HashMap<>();
            CompletableFuture<Void> joinA = new CompletableFuture<>();
            CompletableFuture<Void> joinB = new CompletableFuture<>();
            sim.fork(() -> home.join(a, JoinOptions.HANG_UP_AFTER).whenComplete((v, e) -> complete(joinA, e)));
            sim.fork(() -> home.join(b, JoinOptions.HANG_UP_AFTER).whenComplete((v, e) -> complete(joinB, e)));
            CompletableFuture.allOf(joinA, joinB).thenRun(() -> {
                Runnable transfer = () -> {
                    if (attended) {
                        CompletionStage<AttendedTransfer> s = core.attendedTransfer(a, OutboundRequest.of("Fake", "t"));
                        stages.add(s);
                        s.thenAccept(t -> {
                            transfers.add(t);
                            outcomes.put(t, t.outcome().toCompletableFuture());
                            talkers.add(t.target());
                            sim.schedule(() -> sim.fork(() -> stages.add(t.complete())), sim.random().nextInt(31),
                                    TimeUnit.MILLISECONDS);
                        });
                    } else {
                        CompletionStage<Channel> s = core.blindTransfer(a, OutboundRequest.of("Fake", "t"));
                        stages.add(s);
                        s.thenAccept(talkers::add);
                    }
                };
                if (delay == 0) {
                    sim.fork(transfer);
                } else {
                    sim.schedule(() -> sim.fork(transfer), delay, TimeUnit.MILLISECONDS);
                }
                if (transfereeHangsUp && hangupAt == 0) { // at once: racing the bridge's own notifications
                    BridgeInvariants.later(sim, hangupHops, () -> b.hangup(HangupCause.NORMAL_CLEARING));
                } else if (transfereeHangsUp) {
                    sim.schedule(() -> sim.fork(() -> b.hangup(HangupCause.NORMAL_CLEARING)), hangupAt,
                            TimeUnit.MILLISECONDS);
                }
            });
            for (int ms = 0; ms < 300; ms++) {
                sim.runFor(Duration.ofMillis(1));
                BridgeInvariants.assertAtRest(core);
            }
            for (AttendedTransfer t : transfers) {
                if (!outcomes.get(t).isDone()) {
                    stages.add(t.complete());
                }
            }
            sim.runFor(Duration.ofMillis(50));
            assertTrue(joinA.isDone() && joinB.isDone(), "the bridge never formed");
            for (AttendedTransfer t : transfers) {
                assertTrue(outcomes.get(t).isDone(), "the attended transfer has no outcome");
                ctx.append(", outcome ").append(outcomes.get(t).join());
            }
            assertTrue(!stages.isEmpty(), "the transfer was never issued");
            for (CompletionStage<?> s : stages) {
                Throwable f = BridgeInvariants.failureOf(s);
                if (f != null) {
                    ctx.append(", ").append(f.getClass().getSimpleName());
                }
                assertTrue(f == null || f instanceof CommandRejectedException || f instanceof NoSuchChannelException
                        || f instanceof NoSuchBridgeException, "a failure without a reason: " + f);
            }
            if (!transfereeHangsUp && BridgeInvariants.succeeded(stages.get(0)) && !attended) {
                Channel target = (Channel) stages.get(0).toCompletableFuture().join();
                if (target.snapshot().isLive()) {
                    assertEquals(List.of(b.id(), target.id()), home.snapshot().members(), "the target took a's place");
                }
            }
            BridgeInvariants.assertAtRest(core);
            BridgeInvariants.hangUpEverything(sim, core, true);
            assertEquals(List.of(), problems);
            BridgeInvariants.assertBridgeNotificationsWellFormed(fake);
            Invariants.assertClean(sim, core, fake);
        });
    }

    private static void complete(CompletableFuture<Void> f, Throwable e) {
        if (e == null) {
            f.complete(null);
        } else {
            f.completeExceptionally(e);
        }
    }

    /** Media from every live talker's far end every 1..20 ms for 250 ms; now and then DTMF or text. */
    private static void pump(Simulation sim, FakeTech fake, List<Channel> talkers, long start, long ts) {
        if (sim.elapsedNanos() - start > 250_000_000L) {
            return;
        }
        for (Channel c : List.copyOf(talkers)) {
            FakeChannel fc = fake.channels().stream().filter(x -> x.channel() == c).findFirst().orElse(null);
            if (fc == null) {
                continue; // its tech side is not created yet
            }
            int what = sim.random().nextInt(12);
            if (what == 0) {
                fc.remote().receive(new DtmfEnd('1', Duration.ofMillis(60)));
            } else if (what == 1) {
                fc.remote().receive(new TextFrame("hi"));
            } else {
                fc.remote().receive(BridgeInvariants.voice(ts));
            }
        }
        sim.schedule(() -> pump(sim, fake, talkers, start, ts + 160), 1 + sim.random().nextInt(20),
                TimeUnit.MILLISECONDS);
    }
}
