package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.strowger.api.Application;
import org.strowger.api.BridgeId;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
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
 * RELIABILITY.md #10 (Asterisk SLA race, ASTERISK-30258: two ring-group legs answered at once). Alice dials a group of
 * three Local channels; two of the phones behind them answer within a millisecond of each other while alice hangs up
 * at a random moment near them. The phones are either the Local second halves themselves, or Fake channels that a
 * nested dial on each second half rings (Local/pN;2 dials Fake/pN and bridges it with itself). At most one phone is
 * ever connected to alice; every losing Local pair is hung up with ANSWERED_ELSEWHERE on both halves (the cause
 * crosses the pair), and so is a losing phone that had not answered (the nested dial passes its caller's cause on);
 * nothing leaks.
 */
class Scenario10RingGroupThroughLocalChannelsTest {

    /** Owns each Local second half: rings, and either waits to be answered by the test or dials its phone. */
    private static final class LocalPhone implements Application {
        private final ChannelCore core;
        private final boolean nested;

        LocalPhone(ChannelCore core, boolean nested) {
            this.core = core;
            this.nested = nested;
        }

        @Override
        public void onAttach(Channel two) {
            if (nested) {
                core.dial(DialRequest.of(DialString.of(DialTarget.of("Fake", two.snapshot().destination())))
                        .withCaller(two).withOnAnswer(OnAnswer.bridgeWith(two)));
            } else {
                two.indicate(Control.RINGING);
            }
        }
    }

    @Test
    void atMostOnePhoneIsConnectedAndTheOthersAreReleasedWithAnsweredElsewhereThroughTheChain() {
        Map<String, Integer> seen = new HashMap<>();
        Seeds.forEach("scenario 10", 10_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            boolean nested = seed % 2 == 0;
            RecordingApp ivr = new RecordingApp();
            ChannelCore[] holder = new ChannelCore[1];
            ChannelCore core = sim.coreBuilder().tech(fakeTech)
                    .inboundHandler(ch -> ch.techName().equals("Local") ? new LocalPhone(holder[0], nested) : ivr)
                    .build();
            holder[0] = core;
            var random = sim.random();
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech);
            for (String p : List.of("p1", "p2", "p3")) {
                far.at(p, 1, s -> s.ringing());
            }
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            Channel caller = alice.channel();
            CompletableFuture<DialResult> result = core.dial(DialRequest.of(DialString.of(
                    DialTarget.of("Local", "p1"), DialTarget.of("Local", "p2"), DialTarget.of("Local", "p3")))
                    .withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller))).result().toCompletableFuture();
            sim.runFor(Duration.ofMillis(3)); // every phone rings
            Map<org.strowger.api.ChannelId, Channel> locals = new HashMap<>(); // handles keep the final snapshot
            for (ChannelSnapshot s : core.channels()) {
                if (s.tech().equals("Local")) {
                    locals.put(s.id(), core.requireChannel(s.id()));
                }
            }
            assertEquals(6, locals.size(), "three Local pairs");
            long t = random.nextInt(3);
            // the second answer comes in the same instant (racing the first through the executors) or up to 1 ms later
            long second = random.nextBoolean() ? 0 : random.nextInt(1001);
            far.network.after(t, () -> answer(core, fakeTech, nested, "p1"));
            far.network.afterMicros(t * 1000 + second, () -> answer(core, fakeTech, nested, "p2"));
            long hangupMicros = random.nextInt(3) == 0 ? t * 1000 : Math.max(0, t * 1000 + random.nextInt(3001) - 1000);
            far.network.afterMicros(hangupMicros, () -> alice.remote().hangup(HangupCause.NORMAL_CLEARING));
            Set<BridgeId> aliceBridges = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                sim.runFor(Duration.ofMillis(1));
                if (caller.snapshot().bridge() != null) {
                    aliceBridges.add(caller.snapshot().bridge());
                }
            }
            sim.runUntil(result::isDone);
            DialResult r = result.join();
            String where = (nested ? "nested dials" : "phones are ;2") + ", answers at " + t + " ms and +" + second
                    + " us, alice hangs up at " + hangupMicros + " us: " + r;
            seen.merge(r.outcome().name(), 1, Integer::sum);
            assertTrue(aliceBridges.size() <= 1, "alice was in two bridges: " + where);
            assertTrue(r.legs().stream().filter(l -> l.outcome() == LegOutcome.ANSWERED).count() <= 1, where);
            assertTrue(r.outcome() == DialOutcome.ANSWERED || r.outcome() == DialOutcome.CANCELLED,
                    where);
            if (r.winner() != null) {
                assertTrue(r.winner().snapshot().hangupCause() != HangupCause.ANSWERED_ELSEWHERE,
                        "the winner was released as answered elsewhere: " + where);
                assertEquals(LegOutcome.ANSWERED, r.legs().stream()
                        .filter(l -> r.winner().id().equals(l.channelId())).findFirst().orElseThrow().outcome(), where);
            }
            for (DialLeg leg : r.legs()) {
                String p = leg.target().resource();
                ChannelSnapshot one = locals.get(leg.channelId()).snapshot();
                ChannelSnapshot two = secondHalf(locals, one);
                if (leg.outcome() == LegOutcome.ANSWERED_ELSEWHERE) {
                    assertEquals(HangupCause.ANSWERED_ELSEWHERE, one.hangupCause(), where);
                    assertEquals(HangupCause.ANSWERED_ELSEWHERE, two.hangupCause(), p + ";2: " + where);
                    if (nested) {
                        FakeChannel phone = DialFixtures.leg(fakeTech, p);
                        HangupCause c = phone.channel().snapshot().hangupCause();
                        boolean phoneAnswered = phone.channel().snapshot().answeredAtMillis() > 0;
                        // a phone that had answered was cleared by its call, or its answer crossed the release
                        assertTrue(c == HangupCause.ANSWERED_ELSEWHERE || (phoneAnswered
                                && c == HangupCause.NORMAL_CLEARING), p + " behind the chain ended " + c + ": " + where);
                        seen.merge(phoneAnswered ? "losing phone had answered" : "losing phone ringing", 1,
                                Integer::sum);
                    }
                } else if (leg.outcome() == LegOutcome.CANCELLED) {
                    assertEquals(two.hangupCause(), one.hangupCause(), "a pair ends with one cause: " + where);
                }
            }
            DialFixtures.hangUpEverything(sim, core);
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
        DialFixtures.assertAllSeen(seen, "ANSWERED", "CANCELLED", "losing phone had answered",
                "losing phone ringing");
    }

    private static void answer(ChannelCore core, FakeTech fakeTech, boolean nested, String phone) {
        if (nested) {
            DialFixtures.leg(fakeTech, phone).remote().answered();
            return;
        }
        core.channels().stream().filter(s -> s.tech().equals("Local") && s.direction() == Direction.INBOUND
                && s.destination().equals(phone)).findFirst().flatMap(s -> core.channel(s.id()))
                .ifPresent(Channel::answer);
    }

    /** The ;2 of the pair whose ;1 is {@code one}. */
    private static ChannelSnapshot secondHalf(Map<org.strowger.api.ChannelId, Channel> locals, ChannelSnapshot one) {
        return locals.values().stream().map(Channel::snapshot).filter(s -> s.direction() == Direction.INBOUND
                && s.destination().equals(one.destination())).findFirst().orElseThrow();
    }
}
