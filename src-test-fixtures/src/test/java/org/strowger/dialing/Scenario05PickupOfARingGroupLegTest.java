package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.fake;
import static org.strowger.dialing.DialFixtures.legOf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OwnerKind;
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
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * RELIABILITY.md #5 (Asterisk #2036/#891: pickup masquerade lock inversion). Alice's call rings a group of three.
 * At the same instant (in random order and spacing): a pickup by P1 targets leg r1, the caller cancels (or not),
 * leg r2 answers (or not), and a second pickup by P2 targets r1 or r3. Exactly one of them wins: the dial's coordinator
 * takes the first that reaches it. The losers fail with a reason (WRONG_STATE, or NoSuchChannelException for a leg
 * already gone) and a losing picker is left as it was, with its application. The winner, picker or leg, ends up
 * bridged with alice; a picked-up leg ends PICKED_UP with ANSWERED_ELSEWHERE; nothing leaks.
 */
class Scenario05PickupOfARingGroupLegTest {

    @Test
    void exactlyOneOfThePickupsTheAnswerAndTheCancelWins() {
        Map<String, Integer> seen = new HashMap<>();
        Seeds.forEach("scenario 5", 5_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            RecordingApp phones = new RecordingApp(); // owns alice and the pickers; does not answer
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> phones).tech(fakeTech).build();
            var random = sim.random();
            boolean answers = random.nextBoolean();
            boolean cancels = random.nextBoolean();
            String secondTarget = random.nextBoolean() ? "r1" : "r3";
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech);
            for (String r : List.of("r1", "r2", "r3")) {
                far.at(r, 1, s -> s.ringing());
            }
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            Channel caller = alice.channel();
            DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("r1"), fake("r2"), fake("r3")))
                    .withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller)));
            FakeChannel p1 = DialFixtures.inboundCaller(sim, fakeTech, "p1");
            FakeChannel p2 = DialFixtures.inboundCaller(sim, fakeTech, "p2");
            sim.runFor(java.time.Duration.ofMillis(5)); // everything rings
            List<CompletableFuture<Void>> pickups = new ArrayList<>();
            DialFixtures.Network net = far.network;
            long t = random.nextInt(3);
            net.after(t, () -> pickups.add(0, core.pickup(p1.channel(), DialFixtures.leg(fakeTech, "r1").channel())
                    .toCompletableFuture()));
            net.after(t + random.nextInt(2), () -> pickups.add(core.pickup(p2.channel(),
                    DialFixtures.leg(fakeTech, secondTarget).channel()).toCompletableFuture()));
            if (answers) {
                net.after(t + random.nextInt(2), () -> DialFixtures.leg(fakeTech, "r2").remote().answered());
            }
            if (cancels) {
                net.after(t + random.nextInt(2), () -> alice.remote().hangup(HangupCause.ORIGINATOR_CANCEL));
            }
            CompletableFuture<DialResult> result = dial.result().toCompletableFuture();
            sim.runUntil(() -> result.isDone() && pickups.size() == 2 && pickups.stream().allMatch(f -> f.isDone()));
            sim.runUntilQuiescent();
            DialResult r = result.join();
            List<Channel> pickers = List.of(p1.channel(), p2.channel());
            String where = (answers ? "r2 answers, " : "") + (cancels ? "alice cancels, " : "") + "P2 picks "
                    + secondTarget + ": " + r + ", pickups " + pickups;
            int wonPickups = 0;
            for (int i = 0; i < 2; i++) {
                CompletableFuture<Void> f = pickups.get(i);
                if (!f.isCompletedExceptionally()) {
                    wonPickups++;
                    assertEquals(pickers.get(i), r.winner(), "a pickup that won is the dial's winner: " + where);
                } else {
                    Throwable why = f.handle((v, e) -> e instanceof java.util.concurrent.CompletionException
                            ? e.getCause() : e).join();
                    assertTrue(why instanceof CommandRejectedException || why instanceof NoSuchChannelException,
                            "a pickup failed without a reason: " + why + " " + where);
                    if (r.winner() != pickers.get(i) && pickers.get(i).snapshot().isLive()) {
                        assertEquals(OwnerKind.APPLICATION, pickers.get(i).snapshot().ownerKind(),
                                "a losing picker stays with its application: " + where);
                        assertEquals(ChannelState.RING, pickers.get(i).state(), where);
                    }
                }
            }
            boolean legWon = r.outcome() == DialOutcome.ANSWERED && !pickers.contains(r.winner());
            assertTrue(wonPickups + (legWon ? 1 : 0) <= 1, "more than one winner: " + where);
            if (r.outcome() == DialOutcome.ANSWERED) {
                assertEquals(caller.snapshot().bridge(), r.winner().snapshot().bridge(), where);
                if (caller.snapshot().isLive()) { // else the call may have ended before the picker's answer ran
                    assertEquals(ChannelState.UP, r.winner().state(), "a picker is answered: " + where);
                }
                if (legWon) {
                    assertEquals(DialFixtures.leg(fakeTech, "r2").channel(), r.winner(), where);
                } else {
                    assertEquals(LegOutcome.PICKED_UP,
                            legOf(r, DialFixtures.leg(fakeTech, r.winner() == p1.channel() ? "r1" : secondTarget)
                                    .channel()).outcome(), where);
                }
                seen.merge(legWon ? "answered" : "picked up", 1, Integer::sum);
            } else {
                assertTrue(cancels || wonPickups == 0, where);
                seen.merge(r.outcome().name(), 1, Integer::sum);
            }
            for (DialLeg leg : r.legs()) {
                if (r.winner() == null || !r.winner().id().equals(leg.channelId())) {
                    assertTrue(leg.cause() != null, where);
                    if (leg.outcome() == LegOutcome.PICKED_UP) {
                        assertEquals(HangupCause.ANSWERED_ELSEWHERE, leg.cause(), where);
                    }
                }
            }
            DialFixtures.hangUpEverything(sim, core);
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
        DialFixtures.assertAllSeen(seen, "answered", "picked up", "CANCELLED");
    }
}
