package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.fake;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * RELIABILITY.md #20 (FreeSWITCH #2920: uuid_answer raced the caller's CANCEL). An inbound caller still ringing dials
 * a target; when the target answers, the dial answers the caller (the local answer) and bridges them, while the
 * caller's network sends CANCEL at the same instant, a little before or a little after, in either order. Exactly one
 * final outcome: either the caller was answered and connected (and its CANCEL, arriving after, is the end of that
 * call) or the dial was cancelled and the target released; the caller is hung up once, with the cause its network
 * gave, the target once, and nothing is left.
 */
class Scenario20AnswerRacingCancelTest {

    @Test
    void theDialsAnswerOfTheCallerRacesItsCancel() {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        Seeds.forEach("scenario 20", 20_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            RecordingApp ivr = new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> ivr).tech(fakeTech).build();
            var random = sim.random();
            long answerAt = 5 + random.nextInt(20);
            long cancelMicros = answerAt * 1000 + (random.nextInt(3) == 0 ? random.nextInt(2001) - 1000 : 0);
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.ringing())
                    .at("bob", answerAt, s -> s.answered());
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            Channel caller = alice.channel();
            CompletableFuture<DialResult> result = core.dial(DialRequest.of(DialString.of(fake("bob")))
                    .withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller))).result().toCompletableFuture();
            far.network.afterMicros(cancelMicros, () -> alice.remote().hangup(HangupCause.ORIGINATOR_CANCEL));
            sim.runUntil(result::isDone);
            DialResult r = result.join();
            sim.runAll();
            FakeChannel bob = DialFixtures.leg(fakeTech, "bob");
            seen.merge(r.outcome().name(), 1, Integer::sum);
            String where = "answer at " + answerAt + " ms, cancel at " + cancelMicros + " us: " + r + ", alice "
                    + alice.callbackNames() + ", bob " + bob.callbackNames();
            assertEquals(HangupCause.ORIGINATOR_CANCEL, caller.snapshot().hangupCause(), where);
            assertTrue(alice.count("answer") <= 1, where);
            if (r.outcome() == DialOutcome.ANSWERED) {
                assertEquals(1, alice.count("answer"), "connected, so answered: " + where);
                assertTrue(caller.snapshot().answeredAtMillis() > 0, where);
                assertEquals(bob.channel(), r.winner(), where);
                assertEquals(HangupCause.NORMAL_CLEARING, bob.channel().snapshot().hangupCause(),
                        "the call ended when the caller did: " + where);
            } else {
                assertEquals(DialOutcome.CANCELLED, r.outcome(), where);
                DialLeg leg = r.legs().get(0);
                assertTrue(leg.outcome() == LegOutcome.CANCELLED || leg.outcome() == LegOutcome.ANSWERED,
                        where);
                assertTrue(leg.cause() == HangupCause.ORIGINATOR_CANCEL || leg.cause() == HangupCause.NORMAL_CLEARING,
                        where);
                assertEquals(0, bob.count("bridged"), "never connected: " + where);
            }
            assertEquals(ChannelState.DESTROYED, bob.channel().state(), where);
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
        DialFixtures.assertAllSeen(seen, "ANSWERED", "CANCELLED");
    }

    /** The same race without a dial: an application answers the caller while its network cancels. */
    @Test
    void anApplicationsAnswerRacesTheCallersCancel() {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        Seeds.forEach("scenario 20 (application)", 20_500, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            RecordingApp ivr = new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> ivr).tech(fakeTech).build();
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            DialFixtures.Network net = new DialFixtures.Network(sim);
            CompletableFuture<?>[] answered = new CompletableFuture<?>[1];
            net.after(1, () -> answered[0] = alice.channel().answer().toCompletableFuture());
            net.after(1, () -> alice.remote().hangup(HangupCause.ORIGINATOR_CANCEL));
            sim.runAll();
            boolean up = !answered[0].isCompletedExceptionally();
            seen.merge(up ? "answered" : "cancelled", 1, Integer::sum);
            // the tech may have been asked to answer when the cancel came; unconfirmed, the call was never answered
            assertTrue(alice.count("answer") <= 1);
            if (up) {
                assertEquals(1, alice.count("answer"));
            }
            assertEquals(up, alice.channel().snapshot().answeredAtMillis() > 0);
            assertEquals(HangupCause.ORIGINATOR_CANCEL, alice.channel().snapshot().hangupCause());
            assertEquals(1, ivr.log(alice.channel()).stream().filter(e -> e.startsWith("event HungUp")).count());
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
        DialFixtures.assertAllSeen(seen, "answered", "cancelled");
    }
}
