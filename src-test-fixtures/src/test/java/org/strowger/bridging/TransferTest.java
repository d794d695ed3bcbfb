package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.TransferOutcome;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Blind, attended and blond transfers and pickup, without masquerade (RELIABILITY.md #7, #8, #9, #19). */
@ExtendWith(NoLeakExtension.class)
class TransferTest {

    private static <T> T done(Simulation sim, CompletionStage<T> stage) {
        return sim.await(stage);
    }

    private static Throwable failure(Simulation sim, CompletionStage<?> stage) {
        return sim.awaitFailure(stage);
    }

    private static FakeChannel fakeOf(FakeTech fake, Channel ch) {
        return fake.channelOf(ch);
    }

    /** a and b answered, in a call bridge, both hang up after it. */
    private static Channel[] call(Simulation sim, ChannelCore core, FakeTech fake) {
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel b = core.request(OutboundRequest.of("Fake", "b"));
        a.call();
        b.call();
        sim.runUntilQuiescent();
        fakeOf(fake, a).remote().answered();
        fakeOf(fake, b).remote().answered();
        Bridge bridge = core.createBridge(BridgeOptions.call());
        bridge.join(a, JoinOptions.HANG_UP_AFTER);
        bridge.join(b, JoinOptions.HANG_UP_AFTER);
        sim.runUntilQuiescent();
        return new Channel[] {a, b};
    }

    /** The invariant of RELIABILITY.md: each live channel in at most one bridge, and bridges agree with channels. */
    private static void assertOneOwner(ChannelCore core) {
        Map<ChannelId, String> where = new HashMap<>();
        for (BridgeSnapshot b : core.bridges()) {
            for (ChannelId id : b.members()) {
                String before = where.put(id, b.id().value());
                assertTrue(before == null, id + " is in two bridges: " + before + " and " + b.id());
            }
        }
        for (ChannelSnapshot s : core.channels()) {
            if (s.isLive() && s.ownerKind() == OwnerKind.BRIDGE) {
                assertEquals(s.bridge().value(), where.get(s.id()), s.id() + " points at a bridge that lacks it");
            }
        }
    }

    @Test
    void blindTransferSwapsTheTargetInAndTheTransfereeHearsItRing(TestCores cores) {
        Simulation sim = new Simulation(11);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, x -> { }, fake);
        Channel[] ab = call(sim, core, fake);
        Channel a = ab[0];
        Channel b = ab[1];
        Channel c = done(sim, core.blindTransfer(a, OutboundRequest.of("Fake", "carol")));
        assertEquals(a.linkedId(), c.linkedId(), "the linked id survives the transfer");
        assertEquals(ChannelState.DESTROYED, a.state(), "the transferer left with its after-bridge policy");
        assertEquals(b.snapshot().bridge(), c.snapshot().bridge());
        fakeOf(fake, c).remote().ringing();
        sim.runUntilQuiescent();
        assertTrue(fakeOf(fake, b).callbacks().stream().anyMatch(x -> x.name().equals("indicate")
                && x.argument().equals(ControlFrame.of(Control.RINGING))), "b hears the target ring");
        fakeOf(fake, c).remote().answered();
        sim.runUntilQuiescent();
        assertEquals(ChannelState.UP, c.state());
        assertOneOwner(core);
        done(sim, b.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
        assertEquals(ChannelState.DESTROYED, c.state());
        CommandRejectedException e = assertInstanceOf(CommandRejectedException.class,
                failure(sim, core.blindTransfer(core.request(OutboundRequest.of("Fake", "lonely")),
                        OutboundRequest.of("Fake", "x"))));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, e.reason());
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING)));
    }

    @Test
    void twoBlindTransfersOfOneChannelWithinMillisecondsRunInOrderOrTheSecondIsRejected() {
        Seeds.forEach("scenario 19", 19_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            Channel[] ab = call(sim, core, fake);
            List<CompletionStage<Channel>> transfers = new ArrayList<>();
            sim.fork(() -> transfers.add(core.blindTransfer(ab[0], OutboundRequest.of("Fake", "t1"))));
            sim.schedule(() -> sim.fork(() -> transfers.add(core.blindTransfer(ab[0], OutboundRequest.of("Fake", "t2")))),
                    sim.random().nextInt(21), java.util.concurrent.TimeUnit.MILLISECONDS);
            sim.runFor(Duration.ofMillis(50));
            int won = 0;
            for (CompletionStage<Channel> t : transfers) {
                CompletableFuture<Channel> f = t.toCompletableFuture();
                assertTrue(f.isDone(), "a transfer was neither executed nor rejected");
                if (!f.isCompletedExceptionally()) {
                    won++;
                }
            }
            assertEquals(1, won, "exactly one transfer of the one transferer can succeed");
            assertOneOwner(core);
            core.channels().forEach(s -> core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING)));
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
        });
    }

    @Test
    void attendedTransferCompleteConnectsTargetWithTransfereeAndUnholds(TestCores cores) {
        Simulation sim = new Simulation(12);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, x -> { }, fake);
        Channel[] ab = call(sim, core, fake);
        Channel a = ab[0];
        Channel b = ab[1];
        Bridge home = core.bridge(b.snapshot().bridge()).orElseThrow();
        AttendedTransfer t = done(sim, core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        Channel c = t.target();
        assertEquals(List.of(b.id()), home.snapshot().members(), "the transferee waits at home");
        assertEquals(c.snapshot().bridge(), a.snapshot().bridge(), "transferer and target consult");
        assertTrue(fakeOf(fake, b).callbacks().stream().anyMatch(x -> ControlFrame.of(Control.HOLD).equals(x.argument())));
        fakeOf(fake, c).remote().answered();
        assertEquals(TransferOutcome.COMPLETED, done(sim, t.complete()));
        sim.runUntilQuiescent();
        assertEquals(List.of(b.id(), c.id()), home.snapshot().members());
        assertEquals(ChannelState.DESTROYED, a.state());
        assertTrue(fakeOf(fake, b).callbacks().stream().anyMatch(x -> ControlFrame.of(Control.UNHOLD).equals(x.argument())));
        assertEquals(1, core.bridgeCount());
        assertInstanceOf(CommandRejectedException.class, failure(sim, t.cancel()), "the transfer has ended");
        assertOneOwner(core);
        done(sim, b.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void attendedTransferCancelAndTargetHangupReturnTheTransferer(TestCores cores) {
        Simulation sim = new Simulation(13);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, x -> { }, fake);
        Channel[] ab = call(sim, core, fake);
        Bridge home = core.bridge(ab[1].snapshot().bridge()).orElseThrow();
        AttendedTransfer cancelled = done(sim, core.attendedTransfer(ab[0], OutboundRequest.of("Fake", "carol")));
        assertEquals(TransferOutcome.CANCELLED, done(sim, cancelled.cancel()));
        sim.runUntilQuiescent();
        assertEquals(ChannelState.DESTROYED, cancelled.target().state());
        assertEquals(List.of(ab[1].id(), ab[0].id()), home.snapshot().members());
        AttendedTransfer refused = done(sim, core.attendedTransfer(ab[0], OutboundRequest.of("Fake", "dave")));
        fakeOf(fake, refused.target()).remote().hangup(HangupCause.USER_BUSY);
        assertEquals(TransferOutcome.TARGET_HUNG_UP, done(sim, refused.outcome()));
        sim.runUntilQuiescent();
        assertEquals(List.of(ab[1].id(), ab[0].id()), home.snapshot().members());
        assertEquals(1, core.bridgeCount(), "the consultation bridges are gone");
        assertOneOwner(core);
        done(sim, ab[0].hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void blondTransferToATargetThatNeverAnswersLeaksNothing(TestCores cores) {
        Simulation sim = new Simulation(14);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, x -> { }, fake);
        Channel[] ab = call(sim, core, fake);
        AttendedTransfer t = done(sim, core.attendedTransfer(ab[0], OutboundRequest.of("Fake", "carol")));
        done(sim, ab[0].hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(TransferOutcome.BLOND, done(sim, t.outcome()));
        sim.runUntilQuiescent();
        assertEquals(ab[1].snapshot().bridge(), t.target().snapshot().bridge(), "the ringing target is with b");
        fakeOf(fake, t.target()).remote().hangup(HangupCause.NO_ANSWER);
        sim.runAll();
        assertEquals(0, core.channelCount());
        assertEquals(0, core.bridgeCount());
    }

    @Test
    void attendedTransferUnderEveryRaceEndsInExactlyOneValidOutcome() {
        Seeds.forEach("scenarios 7, 8, 9", 7_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            Channel[] ab = call(sim, core, fake);
            Channel a = ab[0];
            Channel b = ab[1];
            CompletionStage<AttendedTransfer> started = core.attendedTransfer(a, OutboundRequest.of("Fake", "carol"));
            Set<String> events = new HashSet<>();
            // Transferee hang-up at a random 10 ms step of 0..2 s (scenario 7), and other parties' actions at random.
            int step = sim.random().nextInt(201);
            sim.schedule(() -> sim.fork(() -> {
                events.add("b hangs up");
                b.hangup(HangupCause.NORMAL_CLEARING);
            }), step * 10L, java.util.concurrent.TimeUnit.MILLISECONDS);
            started.thenAccept(t -> {
                FakeChannel target = fakeOf(fake, t.target());
                for (int i = 0; i < 3; i++) {
                    int what = sim.random().nextInt(6);
                    long at = sim.random().nextInt(2_000);
                    sim.schedule(() -> sim.fork(() -> {
                        events.add("action " + what);
                        switch (what) {
                            case 0 -> t.complete();
                            case 1 -> t.cancel();
                            case 2 -> target.remote().answered();
                            case 3 -> target.remote().hangup(HangupCause.NO_ANSWER);
                            case 4 -> a.hangup(HangupCause.NORMAL_CLEARING); // scenario 8: transferer mid-way
                            default -> target.remote().ringing();
                        }
                    }), at, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            });
            sim.runFor(Duration.ofSeconds(3));
            CompletableFuture<AttendedTransfer> f = started.toCompletableFuture();
            assertTrue(f.isDone(), "the transfer neither started nor failed");
            if (!f.isCompletedExceptionally()) {
                CompletableFuture<TransferOutcome> outcome = f.join().outcome().toCompletableFuture();
                sim.runFor(Duration.ofSeconds(1));
                if (!outcome.isDone()) { // nobody ended it: the transferer completes
                    f.join().complete();
                    sim.runFor(Duration.ofSeconds(1));
                }
                assertTrue(outcome.isDone(), "no outcome after " + events);
            }
            assertOneOwner(core);
            core.channels().forEach(s -> core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING)));
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
        });
    }

    @Test
    void pickupHasExactlyOneWinnerAmongPickupsAndARealAnswer() {
        Seeds.forEach("pickup", 5_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp()).tech(fake).build();
            Channel caller = core.request(OutboundRequest.of("Fake", "x"));
            Channel ringing = core.request(OutboundRequest.of("Fake", "r"));
            ringing.call();
            Bridge early = core.createBridge(BridgeOptions.call());
            early.join(caller, JoinOptions.HANG_UP_AFTER);
            early.join(ringing, JoinOptions.HANG_UP_AFTER);
            sim.runUntilQuiescent();
            FakeChannel p1 = fake.inbound("p1", "*8");
            FakeChannel p2 = fake.inbound("p2", "*8");
            sim.runUntilQuiescent();
            List<CompletionStage<Void>> pickups = new ArrayList<>();
            sim.fork(() -> pickups.add(core.pickup(p1.channel(), ringing)));
            sim.fork(() -> pickups.add(core.pickup(p2.channel(), ringing)));
            boolean answers = sim.random().nextBoolean();
            if (answers) {
                sim.fork(() -> fakeOf(fake, ringing).remote().answered());
            }
            sim.runUntilQuiescent();
            long won = pickups.stream().filter(p -> !p.toCompletableFuture().isCompletedExceptionally()).count();
            assertTrue(pickups.stream().allMatch(p -> p.toCompletableFuture().isDone()));
            if (ringing.snapshot().hangupCause() == HangupCause.ANSWERED_ELSEWHERE) {
                assertEquals(1, won);
                assertEquals(2, early.snapshot().members().size());
                assertTrue(early.snapshot().members().contains(caller.id()));
                assertTrue(early.snapshot().members().contains(p1.channel().id())
                        ^ early.snapshot().members().contains(p2.channel().id()), "exactly one picker is with the caller");
            } else {
                assertTrue(answers, "nobody won although nobody answered");
                assertEquals(0, won, "a pickup won against a real answer");
                assertEquals(ChannelState.UP, ringing.state());
            }
            assertOneOwner(core);
            core.channels().forEach(s -> core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING)));
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
        });
    }
}
