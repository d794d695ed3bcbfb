package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;
import static org.strowger.dialing.DialFixtures.groups;
import static org.strowger.dialing.DialFixtures.legOf;
import static org.strowger.dialing.DialFixtures.outcomes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialHandle;
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
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Ring groups: targets of a group at once, groups one after another, per-leg and overall timeouts on the virtual
 * clock, first answer wins and the others are hung up with ANSWERED_ELSEWHERE, and the caller's cancel at every
 * point of a dial.
 */
@ExtendWith(NoLeakExtension.class)
class RingGroupTest {

    @Test
    void twoLegsAnsweringWithinOneMillisecondHaveExactlyOneWinner() {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        Seeds.forEach("two answers within 1 ms", 30_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            RecordingApp ivr = new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> ivr).tech(fakeTech).build();
            long t = 1 + sim.random().nextInt(40);
            boolean byHops = sim.random().nextBoolean();
            int hops = sim.random().nextInt(40);
            long micros = sim.random().nextInt(1001);
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech);
            for (String r : List.of("a", "b", "c")) {
                far.at(r, 0, s -> s.ringing());
            }
            far.at("a", t, s -> s.answered());
            if (byHops) { // b answers while a's answer is still on its way through the executors
                far.at("a", t, s -> DialFixtures.later(sim, hops, () -> DialFixtures.leg(fakeTech, "b").remote()
                        .answered()));
            } else {
                far.atMicros("b", t * 1000 + micros, fc -> fc.remote().answered());
            }
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("a"), fake("b"), fake("c")))
                    .withCaller(alice.channel()).withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
            DialResult r = done(sim, dial.result());
            assertEquals(DialOutcome.ANSWERED, r.outcome());
            Channel winner = r.winner();
            FakeChannel a = DialFixtures.leg(fakeTech, "a");
            FakeChannel b = DialFixtures.leg(fakeTech, "b");
            FakeChannel c = DialFixtures.leg(fakeTech, "c");
            assertTrue(winner == a.channel() || winner == b.channel(), "the winner answered");
            FakeChannel loser = winner == a.channel() ? b : a;
            seen.merge((winner == a.channel() ? "a" : "b") + (loser.channel().snapshot().answeredAtMillis() > 0
                    ? " won, the other answered too" : " won"), 1, Integer::sum);
            assertEquals(1, r.legs().stream().filter(l -> l.outcome() == LegOutcome.ANSWERED).count());
            for (FakeChannel other : List.of(loser, c)) {
                DialLeg leg = legOf(r, other.channel());
                assertEquals(LegOutcome.ANSWERED_ELSEWHERE, leg.outcome());
                assertEquals(HangupCause.ANSWERED_ELSEWHERE, leg.cause());
                assertEquals(HangupCause.ANSWERED_ELSEWHERE, other.argumentOf("hangup"), "the tech is told why");
            }
            assertEquals(1, core.bridgeCount(), "one bridge");
            assertEquals(winner.snapshot().bridge(), alice.channel().snapshot().bridge());
            assertEquals(1, alice.count("answer"));
            assertEquals(1, DialFixtures.indicated(alice, org.strowger.api.frame.Control.RINGING),
                    "ringing reaches the caller once");
            alice.remote().hangup(HangupCause.NORMAL_CLEARING);
            sim.runAll();
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
        DialFixtures.assertAllSeen(seen, "a won, the other answered too", "b won, the other answered too");
    }

    @Test
    void sequentialGroupsMoveOnWhenEveryLegOfAGroupHasEndedAndPerLegTimeoutsRunOnTheCoreClock(TestCores cores) {
        Simulation sim = new Simulation(11);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 1, s -> s.ringing()).at("c", 15, s -> s.busy())
                .at("d", 5, s -> s.answered());
        long start = sim.elapsedNanos();
        DialString ds = groups(DialGroup.of(fake("a", 10)), DialGroup.of(fake("b", 10), fake("c", 20)),
                DialGroup.of(fake("d")));
        DialResult r = done(sim, core.dial(DialRequest.of(ds)).result());
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        assertEquals(List.of(LegOutcome.NO_ANSWER, LegOutcome.NO_ANSWER, LegOutcome.BUSY,
                LegOutcome.ANSWERED), outcomes(r));
        assertEquals(List.of(0, 1, 1, 2), r.legs().stream().map(DialLeg::group).toList());
        assertEquals(HangupCause.NO_ANSWER, r.legs().get(0).cause());
        assertEquals(HangupCause.USER_BUSY, r.legs().get(2).cause());
        // a rings out at 10 ms; b at 20 ms, c is busy at 25 ms; then d is called and answers 5 ms later
        assertEquals(Duration.ofMillis(30), Duration.ofNanos(sim.elapsedNanos() - start));
        ChannelSnapshot d = r.winner().snapshot();
        assertEquals(sim.currentTimeMillis() - 5, d.createdAtMillis(), "d was called only once group 2 had ended");
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void theOverallTimeoutEndsTheDialWhereverItIs(TestCores cores) {
        Simulation sim = new Simulation(12);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        long start = sim.elapsedNanos();
        DialString ds = groups(DialGroup.of(fake("a", 50)), DialGroup.of(fake("b"), fake("c")))
                .withTimeout(Duration.ofMillis(80));
        DialResult r = done(sim, core.dial(DialRequest.of(ds)).result());
        assertEquals(DialOutcome.TIMED_OUT, r.outcome());
        assertEquals(Duration.ofMillis(80), Duration.ofNanos(sim.elapsedNanos() - start));
        assertEquals(List.of(LegOutcome.NO_ANSWER, LegOutcome.TIMED_OUT, LegOutcome.TIMED_OUT),
                outcomes(r));
        assertTrue(r.legs().stream().allMatch(l -> l.cause() == HangupCause.NO_ANSWER));
        assertNull(r.winner());
    }

    @Test
    void theResultSaysWhyNobodyAnswered(TestCores cores) {
        Simulation sim = new Simulation(13);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("busy1", 1, s -> s.busy()).at("busy2", 2, s -> s.busy())
                .at("gone", 1, s -> s.hangup(HangupCause.UNALLOCATED))
                .at("never", 1, s -> s.hangup(HangupCause.NO_USER_RESPONSE));
        assertEquals(DialOutcome.BUSY, done(sim, core.dial(DialRequest.of(
                DialString.of(fake("busy1"), fake("busy2")))).result()).outcome());
        assertEquals(DialOutcome.NO_ANSWER, done(sim, core.dial(DialRequest.of(
                DialString.of(fake("busy1"), fake("never")))).result()).outcome());
        DialResult failed = done(sim, core.dial(DialRequest.of(DialString.of(fake("gone")))).result());
        assertEquals(DialOutcome.FAILED, failed.outcome());
        assertEquals(LegOutcome.FAILED, failed.legs().get(0).outcome());
        assertEquals(HangupCause.UNALLOCATED, failed.legs().get(0).cause());
    }

    /** Where a cancel lands in the dial below, and what the dial must say then. */
    @Test
    void cancellingAtEveryPointOfADialEndsEveryLegAndTheResultMatchesWhenItLanded() {
        // group 0: a rings out after 30 ms, b is busy at 10 ms; group 1: c answers 25 ms after it is called (55 ms)
        int steps = 140; // 0 .. 70 ms in 0.5 ms steps
        Seeds.forEach("cancel sweep", 40_000, 1_120, seed -> {
            long atMicros = (seed % steps) * 500;
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            RecordingApp ivr = new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> ivr).tech(fakeTech).build();
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech).at("a", 2, s -> s.ringing())
                    .at("b", 10, s -> s.busy()).at("c", 3, s -> s.progress()).at("c", 25, s -> s.answered());
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            boolean byHangup = sim.random().nextBoolean();
            DialString ds = groups(DialGroup.of(fake("a", 30), fake("b")), DialGroup.of(fake("c")));
            DialHandle dial = core.dial(DialRequest.of(ds).withCaller(alice.channel())
                    .withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
            List<CompletionStage<Boolean>> cancelled = new ArrayList<>();
            far.network.afterMicros(atMicros, () -> { // races a far end's event due at the same instant
                if (byHangup) {
                    alice.remote().hangup(HangupCause.ORIGINATOR_CANCEL);
                } else {
                    cancelled.add(dial.cancel());
                }
            });
            DialResult r = done(sim, dial.result());
            sim.runFor(Duration.ofMillis(75)); // past the cancel
            String where = "cancel at " + atMicros + " us by " + (byHangup ? "hang-up" : "cancel()") + ": " + r;
            long ms = atMicros / 1000;
            if (r.outcome() == DialOutcome.ANSWERED) {
                assertTrue(atMicros >= 55_000, where);
                assertEquals(LegOutcome.ANSWERED, r.legs().get(2).outcome(), where);
                if (!byHangup) {
                    assertFalse(done(sim, cancelled.get(0)), "a cancel after the answer changes nothing");
                }
            } else {
                assertEquals(DialOutcome.CANCELLED, r.outcome(), where);
                assertTrue(atMicros <= 55_000, where);
                if (!byHangup) {
                    assertTrue(done(sim, cancelled.get(0)), where);
                }
                assertNull(r.winner());
                for (DialLeg leg : r.legs()) { // every leg ended: by its own far end, or cancelled by the dial
                    assertNotNull(leg.cause(), where);
                    if (leg.outcome() == LegOutcome.CANCELLED) {
                        assertEquals(HangupCause.ORIGINATOR_CANCEL, leg.cause(), where);
                    }
                }
                DialLeg b = r.legs().get(1);
                assertEquals(ms > 10 ? LegOutcome.BUSY : ms < 10 ? LegOutcome.CANCELLED : b.outcome(),
                        b.outcome(), where);
                DialLeg a = r.legs().get(0);
                assertEquals(ms > 30 ? LegOutcome.NO_ANSWER : ms < 30 ? LegOutcome.CANCELLED : a.outcome(),
                        a.outcome(), where);
                assertEquals(ms > 30 ? 3 : ms < 30 ? 2 : r.legs().size(), r.legs().size(), where);
            }
            for (FakeChannel leg : fakeTech.channels()) {
                if (leg != alice && (r.winner() == null || leg.channel() != r.winner())) {
                    assertEquals(ChannelState.DESTROYED, leg.channel().state(), "a leg outlived its dial: " + where);
                }
            }
            long ringing = DialFixtures.indicated(alice, org.strowger.api.frame.Control.RINGING);
            assertTrue(ringing <= 1, where);
            DialFixtures.hangUpEverything(sim, core);
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }

    /**
     * Random ring groups (1-3 groups of 1-3 targets, some with timeouts) whose far ends answer, are busy, fail,
     * forward or ring for ever at random times, with a random overall timeout and a random cancel: the result always
     * comes, names at most one winner, every leg but the winner has ended, and a group starts only after the one
     * before it has ended.
     */
    @Test
    void randomRingGroupsAlwaysEndWithAtMostOneWinnerAndNoLeftovers() {
        Seeds.forEach("random ring groups", 50_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            RecordingApp ivr = new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> ivr).tech(fakeTech).build();
            var random = sim.random();
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech);
            List<DialGroup> gs = new ArrayList<>();
            int n = 0;
            StringBuilder plan = new StringBuilder();
            for (int g = 0, groupCount = 1 + random.nextInt(3); g < groupCount; g++) {
                List<org.strowger.api.dial.DialTarget> ts = new ArrayList<>();
                for (int i = 0, targets = 1 + random.nextInt(3); i < targets; i++) {
                    String res = "t" + n++;
                    int what = random.nextInt(6);
                    long at = random.nextInt(40);
                    plan.append(res).append(':').append(what).append('@').append(at).append(' ');
                    switch (what) {
                        case 0 -> far.at(res, at, s -> s.answered());
                        case 1 -> far.at(res, at, s -> s.busy());
                        case 2 -> far.at(res, at, s -> s.hangup(HangupCause.CALL_REJECTED));
                        case 3 -> far.at(res, at, s -> s.redirected("Fake/" + res + "x"));
                        case 4 -> far.at(res, at, s -> s.progress());
                        default -> far.at(res, at, s -> s.ringing());
                    }
                    far.at(res + "x", random.nextInt(20), s -> s.answered());
                    ts.add(random.nextBoolean() ? fake(res) : fake(res, 1 + random.nextInt(50)));
                }
                gs.add(new DialGroup(ts));
            }
            DialString ds = new DialString(gs, random.nextBoolean() ? null : Duration.ofMillis(1 + random.nextInt(120)),
                    random.nextBoolean() ? org.strowger.api.dial.EarlyMediaPolicy.RINGBACK
                            : org.strowger.api.dial.EarlyMediaPolicy.FIRST_PROGRESS, random.nextInt(3),
                    java.util.Map.of());
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            DialHandle dial = core.dial(DialRequest.of(ds).withCaller(alice.channel())
                    .withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
            if (random.nextBoolean()) {
                far.network.after(random.nextInt(150), () -> alice.remote().hangup(HangupCause.NORMAL_CLEARING));
            }
            DialFixtures.at(sim, 300, dial::cancel); // targets that ring for ever, and no timeout or hang-up
            CompletableFuture<DialResult> result = dial.result().toCompletableFuture();
            sim.runUntil(result::isDone);
            DialResult r = result.join();
            String where = plan + "-> " + r;
            long answered = r.legs().stream().filter(l -> l.outcome() == LegOutcome.ANSWERED).count();
            assertTrue(answered <= 1, where);
            assertEquals(r.outcome() == DialOutcome.ANSWERED, r.winner() != null, where);
            for (DialLeg leg : r.legs()) {
                boolean isWinner = r.winner() != null && r.winner().id().equals(leg.channelId());
                if (leg.channelId() != null && !isWinner) {
                    assertNotNull(leg.cause(), "a leg that had not ended when the dial did: " + where);
                    assertTrue(core.channel(leg.channelId()).isEmpty() || !core.channel(leg.channelId()).get()
                            .snapshot().isLive(), where);
                }
            }
            for (int i = 1; i < r.legs().size(); i++) { // group g+1 started only after every leg of group g ended
                DialLeg leg = r.legs().get(i);
                for (DialLeg before : r.legs().subList(0, i)) {
                    if (before.group() < leg.group() && before.channelId() != null && leg.channelId() != null) {
                        assertTrue(before.cause() != null, where);
                    }
                }
            }
            assertTrue(DialFixtures.indicated(alice, org.strowger.api.frame.Control.RINGING) <= 1, where);
            assertTrue(DialFixtures.indicated(alice, org.strowger.api.frame.Control.PROGRESS) <= 1, where);
            DialFixtures.hangUpEverything(sim, core);
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }
}
