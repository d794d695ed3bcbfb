package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.fake;
import static org.strowger.dialing.DialFixtures.legOf;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.EarlyMediaPolicy;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.dial.OnAnswer;
import org.strowger.api.frame.Control;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * RELIABILITY.md #15 (FreeSWITCH #960: B-legs never cleared after early media to parallel targets). An inbound caller
 * originates to three parallel targets: one sends 183 with early media then answers, one sends 183 with early media
 * then 486 (busy), one never answers and runs into its leg timeout. The caller cancels at a random point (or not at
 * all), by hanging up or through the handle. Whatever the order: the dial ends once, every leg but a winner is hung up
 * and destroyed, ringing and progress reach the caller at most once each, and after the call every channel has been
 * hung up once and destroyed once.
 */
class Scenario15EarlyMediaToParallelTargetsTest {

    @Test
    void everyLegIsClearedWhereverTheCallerCancels() {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        Seeds.forEach("scenario 15", 15_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp()).tech(fakeTech).build();
            var random = sim.random();
            long progressA = random.nextInt(10);
            long answerA = progressA + 1 + random.nextInt(40);
            long progressB = random.nextInt(10);
            long busyB = progressB + 1 + random.nextInt(40);
            long timeoutC = 1 + random.nextInt(50);
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech)
                    .at("a", progressA, s -> s.progress()).at("a", progressA, s -> s.receive(DialFixtures.voice(1)))
                    .at("a", answerA, s -> s.answered())
                    .at("b", progressB, s -> s.progress()).at("b", progressB, s -> s.receive(DialFixtures.voice(2)))
                    .at("b", busyB, s -> s.busy())
                    .at("c", 0, s -> s.ringing());
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            Channel caller = alice.channel();
            EarlyMediaPolicy policy = random.nextBoolean() ? EarlyMediaPolicy.RINGBACK : EarlyMediaPolicy.FIRST_PROGRESS;
            DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("a"), fake("b"), fake("c", timeoutC))
                    .withEarlyMedia(policy)).withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller)));
            int how = random.nextInt(3); // hang up, cancel(), or no cancel at all
            long cancelAt = random.nextInt(60);
            if (how == 0) {
                far.network.after(cancelAt, () -> alice.remote().hangup(HangupCause.ORIGINATOR_CANCEL));
            } else if (how == 1) {
                far.network.after(cancelAt, dial::cancel);
            }
            CompletableFuture<DialResult> result = dial.result().toCompletableFuture();
            sim.runUntil(result::isDone);
            DialResult r = result.join();
            String where = "policy " + policy + ", a 183@" + progressA + " 200@" + answerA + ", b 183@" + progressB
                    + " 486@" + busyB + ", c timeout " + timeoutC + ", " + (how == 2 ? "no cancel" : (how == 0
                            ? "hang-up" : "cancel()") + " at " + cancelAt) + ": " + r;
            assertEquals(3, r.legs().size(), where);
            seen.merge(r.outcome().name(), 1, Integer::sum);
            if (r.outcome() == DialOutcome.ANSWERED) {
                FakeChannel a = DialFixtures.leg(fakeTech, "a");
                assertEquals(a.channel(), r.winner(), where);
                assertEquals(caller.snapshot().bridge(), a.channel().snapshot().bridge(), where);
            } else {
                assertTrue(how != 2, "a answers unless the dial is cancelled: " + where);
                assertEquals(DialOutcome.CANCELLED, r.outcome(), where);
            }
            for (String res : new String[] {"a", "b", "c"}) {
                FakeChannel leg = DialFixtures.leg(fakeTech, res);
                if (leg.channel() != r.winner()) {
                    assertEquals(ChannelState.DESTROYED, leg.channel().state(), res + " not cleared: " + where);
                    assertNotNull(legOf(r, leg.channel()).cause(), where);
                }
            }
            DialLeg b = legOf(r, DialFixtures.leg(fakeTech, "b").channel());
            assertTrue(b.outcome() == LegOutcome.BUSY || b.outcome() == LegOutcome.ANSWERED_ELSEWHERE
                    || b.outcome() == LegOutcome.CANCELLED, where);
            assertTrue(DialFixtures.indicated(alice, Control.RINGING) <= 1, where);
            assertTrue(DialFixtures.indicated(alice, Control.PROGRESS) <= 1, where);
            if (policy == EarlyMediaPolicy.RINGBACK) {
                assertEquals(0, DialFixtures.indicated(alice, Control.PROGRESS), where);
            }
            sim.runFor(Duration.ofMillis(100));
            DialFixtures.hangUpEverything(sim, core);
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
        DialFixtures.assertAllSeen(seen, "ANSWERED", "CANCELLED");
    }
}
