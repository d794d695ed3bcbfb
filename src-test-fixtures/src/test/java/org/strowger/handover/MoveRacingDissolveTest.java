package org.strowger.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * A move of a member and the dissolve of its source bridge at the same instant: the move's stage completes, the
 * destination keeps no phantom reservation, and nothing outlives its members. Before the fix the move's last step
 * threw on the member's executor, its stage never completed, and the destination refused the member forever.
 */
class MoveRacingDissolveTest {

    private static Channel answered(Simulation sim, ChannelCore core, FakeTech fake, String name) {
        Channel c = core.request(OutboundRequest.of("Fake", name));
        c.call();
        sim.runUntilQuiescent();
        fake.channelOf(c).remote().answered();
        sim.runUntilQuiescent();
        return c;
    }

    @Test
    void aMoveRacingTheDissolveOfItsSourceAlwaysCompletesAndLeavesNothing() {
        Seeds.forEach("move racing dissolve", 41_000, 400, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            RecordingApp ivr = new RecordingApp();
            Channel alice = answered(sim, core, fake, "alice");
            Channel bob = answered(sim, core, fake, "bob");
            Channel carol = answered(sim, core, fake, "carol");
            JoinOptions policy = seed % 2 == 0 ? JoinOptions.PARK_AFTER : JoinOptions.RETURN_AFTER;
            sim.await(alice.attach(ivr));
            Bridge home = core.createBridge(BridgeOptions.call());
            sim.await(home.join(alice, policy));
            sim.await(home.join(bob, JoinOptions.HANG_UP_AFTER));
            Bridge other = core.createBridge(BridgeOptions.conference());
            sim.await(other.join(carol, JoinOptions.HANG_UP_AFTER));
            CompletionStage<Void>[] move = new CompletionStage[1];
            sim.fork(() -> move[0] = home.move(alice, other, null));
            sim.fork(() -> bob.hangup(HangupCause.NORMAL_CLEARING));
            sim.runFor(Duration.ofSeconds(1));
            CompletableFuture<Void> f = move[0].toCompletableFuture();
            assertTrue(f.isDone(), "the move's stage never completed");
            if (!f.isCompletedExceptionally()) {
                assertEquals(other.id(), alice.snapshot().bridge(), "a completed move leaves alice in the destination");
            }
            // the destination never keeps a phantom reservation: alice can always get into it (or is in it)
            if (!other.id().equals(alice.snapshot().bridge()) && alice.snapshot().isLive()) {
                sim.await(alice.detach().handle((v, e) -> null));
                sim.await(other.join(alice, JoinOptions.HANG_UP_AFTER));
            }
            assertEquals(2, other.snapshot().members().size(), "alice and carol in the conference");
            sim.await(carol.hangup(HangupCause.NORMAL_CLEARING));
            sim.await(alice.hangup(HangupCause.NORMAL_CLEARING));
            sim.runFor(Duration.ofSeconds(1));
            Invariants.assertSimulationClean(sim, core, fake);
            assertEquals(ChannelState.DESTROYED, alice.state());
        });
    }

    @Test
    void anAttendedTransferWhoseTransfereeHangsUpAsItStartsAlwaysEnds() {
        Seeds.forEach("attended transfer racing the transferee's hang-up", 42_000, 1_200, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            RecordingApp ivr = new RecordingApp();
            Channel transferer = answered(sim, core, fake, "transferer");
            Channel transferee = answered(sim, core, fake, "transferee");
            sim.await(transferer.attach(ivr));
            Bridge home = core.createBridge(BridgeOptions.call());
            sim.await(home.join(transferer, JoinOptions.RETURN_AFTER));
            sim.await(home.join(transferee, JoinOptions.HANG_UP_AFTER));
            CompletionStage<AttendedTransfer>[] started = new CompletionStage[1];
            sim.fork(() -> started[0] = core.attendedTransfer(transferer, OutboundRequest.of("Fake", "target")));
            sim.fork(() -> transferee.hangup(HangupCause.NORMAL_CLEARING));
            sim.runFor(Duration.ofSeconds(1));
            CompletableFuture<AttendedTransfer> s = started[0].toCompletableFuture();
            assertTrue(s.isDone(), "attendedTransfer() never completed");
            if (!s.isCompletedExceptionally()) {
                AttendedTransfer t = s.join();
                CompletableFuture<TransferOutcome> outcome = t.outcome().toCompletableFuture();
                if (fake.channelOf(t.target()) != null && t.target().snapshot().isLive()) {
                    fake.channelOf(t.target()).remote().answered();
                }
                sim.runFor(Duration.ofSeconds(1));
                assertTrue(outcome.isDone(), "the transfer never ended");
            }
            for (var snap : core.channels()) {
                core.channel(snap.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING));
            }
            sim.runFor(Duration.ofSeconds(1));
            Invariants.assertSimulationClean(sim, core, fake);
        });
    }
}
