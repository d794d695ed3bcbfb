package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchChannelException;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * An inbound channel goes UP when its tech confirms the answer, not when the tech's {@code answer} callback returns:
 * a SIP tech confirms once its 200 OK has left, and a CANCEL handled by its protocol thread in between must leave a
 * call that was never answered (before, it was recorded as answered while the caller got 487).
 */
class ConfirmedAnswerTest {

    @Test
    void theChannelGoesUpWhenTheTechConfirmsAndTheStageCompletesThen() {
        Simulation sim = new Simulation(3);
        FakeTech fake = new FakeTech().confirmAnswersLater();
        RecordingApp app = new RecordingApp();
        ChannelCore core = sim.coreBuilder().tech(fake).inboundHandler(ch -> app).build();
        FakeChannel alice = fake.inbound("alice", "100");
        sim.runUntilQuiescent();
        CompletableFuture<Void> answered = alice.channel().answer().toCompletableFuture();
        sim.runFor(Duration.ofMillis(50));
        assertEquals(1, alice.count("answer"), "the tech was asked");
        assertEquals(ChannelState.RING, alice.channel().state(), "not up before the tech confirms");
        assertTrue(!answered.isDone());
        assertEquals(0, alice.channel().snapshot().answeredAtMillis());
        assertInstanceOf(CommandRejectedException.class, sim.awaitFailure(alice.channel().answer()),
                "a second answer while the first is on its way is refused");

        alice.remote().answered(); // the 200 OK went out
        sim.runUntilQuiescent();
        assertTrue(answered.isDone() && !answered.isCompletedExceptionally());
        assertEquals(ChannelState.UP, alice.channel().state());
        assertTrue(alice.channel().snapshot().answeredAtMillis() > 0);
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, fake);
    }

    @Test
    void aConfirmationNobodyAskedForIsIgnored() {
        Simulation sim = new Simulation(4);
        FakeTech fake = new FakeTech().confirmAnswersLater();
        ChannelCore core = sim.coreBuilder().tech(fake).inboundHandler(ch -> new RecordingApp()).build();
        FakeChannel alice = fake.inbound("alice", "100");
        sim.runUntilQuiescent();
        alice.remote().answered();
        sim.runUntilQuiescent();
        assertEquals(ChannelState.RING, alice.channel().state(), "an inbound call is answered by the core only");
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, fake);
    }

    /** The confirmation and the caller's cancel at the same instant, in either order: one outcome, never both. */
    @Test
    void aCancelRacingTheConfirmationHasExactlyOneOutcome() {
        Map<String, Integer> seen = new HashMap<>();
        Seeds.forEach("answer confirmation racing a cancel", 15_000, 500, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech().confirmAnswersLater();
            RecordingApp app = new RecordingApp();
            ChannelCore core = sim.coreBuilder().tech(fake).inboundHandler(ch -> app).build();
            FakeChannel alice = fake.inbound("alice", "100");
            sim.runUntilQuiescent();
            CompletableFuture<Void> answered = alice.channel().answer().toCompletableFuture();
            sim.runUntilQuiescent();
            long at = sim.random().nextInt(3);
            sim.schedule(() -> sim.fork(() -> alice.remote().answered()), at, TimeUnit.MILLISECONDS);
            sim.schedule(() -> sim.fork(() -> alice.remote().hangup(HangupCause.ORIGINATOR_CANCEL)),
                    sim.random().nextInt(3), TimeUnit.MILLISECONDS);
            sim.runFor(Duration.ofSeconds(1));
            assertTrue(answered.isDone(), "the answer's stage completed");
            boolean up = app.log(alice.channel()).contains(
                    "event " + new ChannelEvent.StateChanged(ChannelState.RING, ChannelState.UP));
            long answeredAt = alice.channel().snapshot().answeredAtMillis();
            if (answered.isCompletedExceptionally()) {
                seen.merge("cancelled first", 1, Integer::sum);
                assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(answered));
                assertTrue(!up && answeredAt == 0, "a call whose caller cancelled first was never answered");
            } else {
                seen.merge("answered first", 1, Integer::sum);
                assertTrue(up && answeredAt > 0, "an answered call says so");
            }
            Invariants.assertSimulationClean(sim, core, fake);
        });
        assertTrue(seen.size() == 2 || Integer.getInteger("strowger.seeds", 500) < 50, "both orders seen: " + seen);
    }
}
