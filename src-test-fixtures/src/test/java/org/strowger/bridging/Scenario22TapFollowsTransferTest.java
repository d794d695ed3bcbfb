package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.FrameTap;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.TransferOutcome;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * RELIABILITY.md #22 (FreeSWITCH #629: a recording followed a transfer while both parties hung up, and was torn down
 * twice). A recording tap ({@link FrameTap}) on the transferee — and one on the transferer — stays with its channel
 * through a blind or an attended transfer while the transferer, the transferee and the target hang up at random
 * moments, and the tap itself is added at a random moment (possibly racing the hang-up). Each tap is closed exactly
 * once (or its {@code addTap} stage failed and it is never called), runs only on its channel's executor, sees nothing
 * after its close, and keeps recording the transferee's new party after the transfer. At every millisecond every
 * channel has exactly one owner and bridges agree with channels; once the transfer has ended the call bridge is never
 * left with the target (or anyone) alone.
 */
@ExtendWith(NoLeakExtension.class)
class Scenario22TapFollowsTransferTest {

    /** Frames from the transfer target carry timestamps from here on, so the transferee's tap can tell them apart. */
    private static final long TARGET_TS = 1_000_000_000L;

    /** A recorder that checks where and when it is called. */
    static final class Recorder implements FrameTap {
        final Channel expected;
        final List<String> problems;
        final List<Long> writtenTimestamps = new ArrayList<>();
        final List<CloseReason> closes = new ArrayList<>();
        int frames;

        Recorder(Channel expected, List<String> problems) {
            this.expected = expected;
            this.problems = problems;
        }

        private void check(Channel channel, String what) {
            if (channel != expected) {
                problems.add(what + " for " + channel.id() + " on the tap of " + expected.id());
            }
            if (!channel.inExecutor()) {
                problems.add(what + " of the tap of " + expected.id() + " ran off its executor");
            }
            if (!closes.isEmpty()) {
                problems.add(what + " of the tap of " + expected.id() + " after its close " + closes);
            }
            ChannelSnapshot s = channel.snapshot();
            if ((s.ownerKind() == OwnerKind.BRIDGE) != (s.bridge() != null)) {
                problems.add("the channel of a tap has an incoherent owner: " + s);
            }
        }

        @Override
        public Frame onFrame(Channel channel, Direction direction, Frame frame) {
            check(channel, "onFrame");
            frames++;
            if (direction == Direction.WRITE && frame instanceof VoiceFrame v) {
                writtenTimestamps.add(v.timestamp());
            }
            return frame;
        }

        @Override
        public void onClose(Channel channel, CloseReason reason) {
            check(channel, "onClose");
            closes.add(reason);
        }
    }

    @Test
    void aRecordingTapFollowsItsChannelThroughTransfersAndHangupsAndClosesOnce() {
        Seeds.forEach("scenario 22", 22_000, 1_000, seed -> runOnce(seed, true, false));
    }

    @Test
    void theConsultationBridgeEndsWhenTheTransferEndsWithoutATarget() {
        Seeds.forEach("scenario 22 (bridge leak)", 22_000, 1_000, seed -> runOnce(seed, true, true));
    }

    private static void runOnce(long seed, boolean checkStranded, boolean bridgesMustDissolve) {
        StringBuilder ctx = new StringBuilder();
        BridgeInvariants.withContext(ctx, () -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            List<String> problems = new ArrayList<>();
            boolean targetAnswers = sim.random().nextInt(5) != 0;
            long answerAt = sim.random().nextInt(20);
            fake.on("call", (fc, arg) -> {
                if (fc.resource().startsWith("t") && targetAnswers) {
                    sim.schedule(() -> fc.remote().answered(), answerAt, TimeUnit.MILLISECONDS);
                }
            });
            Channel a = BridgeInvariants.answered(sim, core, fake, "a");
            Channel b = BridgeInvariants.answered(sim, core, fake, "b");
            Bridge home = BridgeInvariants.call(sim, core, a, b);
            FakeChannel fa = BridgeInvariants.fakeOf(fake, a);
            FakeChannel fb = BridgeInvariants.fakeOf(fake, b);
            boolean attended = sim.random().nextBoolean();
            boolean early = sim.random().nextBoolean(); // taps added before the transfer, or racing it
            ctx.append(attended ? "attended" : "blind").append(early ? ", taps first" : ", taps racing");
            Recorder onB = new Recorder(b, problems);
            Recorder onA = new Recorder(a, problems);
            List<CompletionStage<Cancellable>> added = new ArrayList<>(List.of(new CompletableFuture<>(),
                    new CompletableFuture<>()));
            Runnable addTaps = () -> {
                added.set(0, b.addTap(onB));
                added.set(1, a.addTap(onA));
            };
            if (early) {
                addTaps.run();
                sim.runUntilQuiescent();
            } else {
                BridgeInvariants.later(sim, sim.random().nextInt(10), addTaps);
            }
            // Random hang-ups: each party (transferer, transferee, target) may hang up at a random millisecond.
            Map<String, Long> hangups = new HashMap<>();
            for (String who : List.of("a", "b", "t")) {
                if (sim.random().nextInt(3) == 0) {
                    hangups.put(who, sim.random().nextBoolean() ? 0L : (long) sim.random().nextInt(60));
                }
            }
            ctx.append(", target ").append(targetAnswers ? "answers at " + answerAt : "never answers")
                    .append(", hang-ups ").append(hangups);
            List<CompletionStage<?>> stages = new ArrayList<>();
            Channel[] target = new Channel[1];
            CompletableFuture<TransferOutcome>[] outcome = new CompletableFuture[1];
            sim.fork(() -> {
                if (attended) {
                    CompletionStage<AttendedTransfer> s = core.attendedTransfer(a, OutboundRequest.of("Fake", "t"));
                    stages.add(s);
                    s.thenAccept(t -> {
                        target[0] = t.target();
                        outcome[0] = t.outcome().toCompletableFuture();
                        sim.schedule(() -> sim.fork(() -> stages.add(t.complete())), 5 + sim.random().nextInt(30),
                                TimeUnit.MILLISECONDS);
                    });
                } else {
                    CompletionStage<Channel> s = core.blindTransfer(a, OutboundRequest.of("Fake", "t"));
                    stages.add(s);
                    s.thenAccept(t -> target[0] = t);
                }
            });
            hangups.forEach((who, at) -> {
                Runnable hangup = () -> {
                    switch (who) {
                        case "a" -> fa.remote().hangup(HangupCause.NORMAL_CLEARING);
                        case "b" -> b.hangup(HangupCause.NORMAL_CLEARING);
                        default -> {
                            if (target[0] != null) {
                                target[0].hangup(HangupCause.NORMAL_CLEARING);
                            }
                        }
                    }
                };
                if (at == 0) { // at once: racing the transfer's messages and the taps being added
                    BridgeInvariants.later(sim, sim.random().nextInt(16), hangup);
                } else {
                    sim.schedule(() -> sim.fork(hangup), at, TimeUnit.MILLISECONDS);
                }
            });
            // Everyone talks every 5 ms for 100 ms; the target's frames are marked.
            for (int ms = 0; ms < 100; ms += 5) {
                long ts = ms * 8L;
                sim.schedule(() -> {
                    fa.remote().receive(BridgeInvariants.voice(ts));
                    fb.remote().receive(BridgeInvariants.voice(ts));
                    if (target[0] != null) {
                        fake.channels().stream().filter(x -> x.channel() == target[0]).findFirst()
                                .ifPresent(ft -> ft.remote().receive(BridgeInvariants.voice(TARGET_TS + ts)));
                    }
                }, ms, TimeUnit.MILLISECONDS);
            }
            for (int ms = 0; ms < 120; ms++) {
                sim.runFor(Duration.ofMillis(1));
                BridgeInvariants.assertAtRest(core);
            }
            assertTrue(!stages.isEmpty());
            Throwable transferFailure = BridgeInvariants.failureOf(stages.get(0));
            ctx.append(", transfer ")
                    .append(transferFailure == null ? "ok" : transferFailure.getClass().getSimpleName());
            assertTrue(transferFailure == null || transferFailure instanceof CommandRejectedException
                    || transferFailure instanceof NoSuchChannelException
                    || transferFailure instanceof NoSuchBridgeException,
                    "a failure without a reason: " + transferFailure);
            if (outcome[0] != null) {
                assertTrue(outcome[0].isDone(), "the attended transfer has no outcome");
                ctx.append(", outcome ").append(outcome[0].join());
            }
            // The tap moved with the transfer: while b and the target both live and are bridged together, b's
            // recorder hears the target.
            if (!hangups.containsKey("b") && !hangups.containsKey("t") && target[0] != null
                    && BridgeInvariants.succeeded(added.get(0)) && b.snapshot().isLive()
                    && target[0].snapshot().isLive()
                    && b.snapshot().bridge() != null && b.snapshot().bridge().equals(target[0].snapshot().bridge())) {
                BridgeInvariants.fakeOf(fake, target[0]).remote().receive(BridgeInvariants.voice(TARGET_TS + 99));
                sim.runFor(Duration.ofMillis(1));
                assertTrue(onB.writtenTimestamps.contains(TARGET_TS + 99),
                        "the transferee's recorder does not hear the transfer target: " + onB.writtenTimestamps);
            }
            if (checkStranded && (outcome[0] == null || outcome[0].isDone())) {
                BridgeInvariants.assertNoStrandedCallBridge(core, List.of(home));
            }
            BridgeInvariants.hangUpEverything(sim, core, bridgesMustDissolve);
            for (int i = 0; i < 2; i++) {
                Recorder r = i == 0 ? onB : onA;
                CompletableFuture<Cancellable> f = added.get(i).toCompletableFuture();
                assertTrue(f.isDone(), "addTap neither succeeded nor failed");
                if (f.isCompletedExceptionally()) {
                    assertInstanceOf(NoSuchChannelException.class, BridgeInvariants.failureOf(f));
                    assertEquals(List.of(), r.closes, "a tap that was never added was closed");
                    assertEquals(0, r.frames, "a tap that was never added saw frames");
                } else {
                    assertEquals(List.of(FrameTap.CloseReason.HANGUP), r.closes, "closed exactly once, by the hang-up");
                }
            }
            assertEquals(List.of(), problems);
            Invariants.assertClean(sim, core, fake);
        });
    }
}
