package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;
import static org.strowger.dialing.DialFixtures.outcomes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.LegOutcome;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Forwarding (like SIP 302): the dial follows a leg's redirect to the next hop, up to the dial string's limit. */
@ExtendWith(NoLeakExtension.class)
class ForwardingTest {

    @Test
    void aForwardedLegIsFollowedToItsNewTargetWhichInheritsItsTimeoutAndVariables(TestCores cores) {
        Simulation sim = new Simulation(31);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 2, s -> s.redirected("Fake/bob-mobile"))
                .at("bob-mobile", 3, s -> s.answered());
        DialString ds = DialString.of(fake("bob", 40).withVariables(Map.of("PICKUP_GROUP", "7")));
        DialResult r = done(sim, core.dial(DialRequest.of(ds)).result());
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        assertEquals(List.of(LegOutcome.FORWARDED, LegOutcome.ANSWERED), outcomes(r));
        DialLeg first = r.legs().get(0);
        DialLeg hop = r.legs().get(1);
        assertEquals(HangupCause.REDIRECTED_TO_NEW_DESTINATION, first.cause());
        assertEquals(DialFixtures.leg(fakeTech, "bob").argumentOf("hangup"), HangupCause.REDIRECTED_TO_NEW_DESTINATION);
        assertEquals(1, hop.hop());
        assertEquals(first.channelId(), hop.forwardedFrom());
        assertEquals("bob-mobile", hop.target().resource());
        assertEquals(Duration.ofMillis(40), hop.target().timeout());
        assertEquals("7", r.winner().variable("PICKUP_GROUP").orElse(null));
        assertEquals(0, hop.group());
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aForwardingLoopStopsAtTheHopLimit(TestCores cores) {
        Simulation sim = new Simulation(32);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 1, s -> s.redirected("Fake/b"))
                .at("b", 1, s -> s.redirected("Fake/a"));
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("a")).withMaxForwards(3))).result());
        assertEquals(DialOutcome.FAILED, r.outcome());
        assertEquals(List.of(LegOutcome.FORWARDED, LegOutcome.FORWARDED, LegOutcome.FORWARDED,
                LegOutcome.FORWARD_REFUSED), outcomes(r));
        assertEquals(List.of(0, 1, 2, 3), r.legs().stream().map(DialLeg::hop).toList());
        assertTrue(r.legs().get(3).detail().contains("limit of 3"), r.legs().get(3).detail());
        assertEquals(4, fakeTech.channels().size(), "no fifth leg");
    }

    @Test
    void noForwardIsFollowedWithALimitOfZeroNorOneThatIsMalformed(TestCores cores) {
        Simulation sim = new Simulation(33);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        List<String> bad = List.of("garbage", "Fake/", "/bob", "Bad Tech/bob", "Fake/bob\u0007", "Fake/" + "x".repeat(300),
                "F".repeat(DialString.MAX_LENGTH + 1), "Fake/a&Fake/b", "Fake/a|Fake/b", "{timeout=5}");
        DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech).at("z", 1, s -> s.redirected("Fake/y"));
        for (int i = 0; i < bad.size(); i++) {
            String text = bad.get(i);
            far.at("m" + i, 1, s -> s.redirected(text));
        }
        DialResult zero = done(sim, core.dial(DialRequest.of(DialString.of(fake("z")).withMaxForwards(0))).result());
        assertEquals(List.of(LegOutcome.FORWARD_REFUSED), outcomes(zero));
        for (int i = 0; i < bad.size(); i++) {
            DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("m" + i)))).result());
            assertEquals(List.of(LegOutcome.FORWARD_REFUSED), outcomes(r), bad.get(i));
            String detail = r.legs().get(0).detail();
            assertTrue(detail.startsWith("forward not followed"), detail);
            assertTrue(!detail.contains("garbage") && !detail.contains("Bad Tech"), "the untrusted text is not echoed");
        }
    }

    @Test
    void aForwardToAnUnknownTechIsANotCreatedHop(TestCores cores) {
        Simulation sim = new Simulation(34);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 1, s -> s.redirected("Nope/x"));
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("a")))).result());
        assertEquals(List.of(LegOutcome.FORWARDED, LegOutcome.NOT_CREATED), outcomes(r));
        assertEquals(DialOutcome.FAILED, r.outcome());
    }

    @Test
    void aRedirectIsIgnoredAfterTheAnswerAndOnInboundChannelsAndReachesAnOwnerAsAnEvent(TestCores cores) {
        Simulation sim = new Simulation(35);
        FakeTech fakeTech = new FakeTech();
        RecordingApp app = new RecordingApp();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> app), fakeTech);
        FakeChannel in = DialFixtures.inboundCaller(sim, fakeTech, "alice");
        in.remote().redirected("Fake/x");
        Channel out = core.request(OutboundRequest.of("Fake", "bob"));
        done(sim, out.attach(app));
        done(sim, out.call());
        FakeChannel bob = fakeTech.channelOf(out);
        bob.remote().answered();
        bob.remote().redirected("Fake/x");
        sim.runUntilQuiescent();
        assertEquals(ChannelState.RING, in.channel().state());
        assertEquals(ChannelState.UP, out.state());
        Channel other = core.request(OutboundRequest.of("Fake", "carol"));
        done(sim, other.attach(app));
        done(sim, other.call());
        fakeTech.channelOf(other).remote().redirected("Fake/carol2");
        sim.runUntilQuiescent();
        assertEquals(HangupCause.REDIRECTED_TO_NEW_DESTINATION, other.snapshot().hangupCause());
        assertTrue(app.log(other).contains("event " + new ChannelEvent.Redirected("Fake/carol2")), app.log(other).toString());
        assertThrows(InvalidArgumentException.class, () -> bob.remote().redirected(null));
        assertThrows(InvalidArgumentException.class, () -> new ChannelEvent.Redirected(null));
        DialFixtures.hangUpEverything(sim, core);
    }

    @Test
    void aForwardedHopLosesLikeAnyLegWhenAnotherLegAnswers(TestCores cores) {
        Simulation sim = new Simulation(36);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 1, s -> s.redirected("Fake/a2"))
                .at("b", 10, s -> s.answered());
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("a"), fake("b")))).result());
        assertEquals(List.of(LegOutcome.FORWARDED, LegOutcome.ANSWERED, LegOutcome.ANSWERED_ELSEWHERE),
                outcomes(r));
        assertEquals(HangupCause.ANSWERED_ELSEWHERE, DialFixtures.leg(fakeTech, "a2").argumentOf("hangup"));
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
    }

    /** Random forwarding graphs over five resources (loops included), random limits: bounded, and nothing leaks. */
    @Test
    void randomForwardingChainsAreBoundedByTheLimit() {
        Seeds.forEach("forwarding", 70_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fakeTech).build();
            var random = sim.random();
            DialFixtures.FarEnds far = new DialFixtures.FarEnds(sim, fakeTech);
            StringBuilder plan = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                int what = random.nextInt(4);
                String to = "Fake/r" + random.nextInt(5);
                plan.append("r").append(i).append(what == 0 ? " answers, " : what == 1 ? " busy, " : " -> " + to + ", ");
                far.at("r" + i, random.nextInt(5), switch (what) {
                    case 0 -> s -> s.answered();
                    case 1 -> s -> s.busy();
                    default -> s -> s.redirected(to);
                });
            }
            int limit = random.nextInt(DialString.MAX_FORWARDS_LIMIT + 1);
            int starts = 1 + random.nextInt(3);
            List<org.strowger.api.dial.DialTarget> ts = new java.util.ArrayList<>();
            for (int i = 0; i < starts; i++) {
                ts.add(fake("r" + i));
            }
            DialResult r = done(sim, core.dial(DialRequest.of(new DialString(List.of(
                    new org.strowger.api.dial.DialGroup(ts)), null, null, limit, Map.of()))).result());
            String where = plan + "limit " + limit + ": " + outcomes(r);
            assertTrue(r.legs().size() <= starts * (limit + 1), where);
            assertTrue(r.legs().stream().allMatch(l -> l.hop() <= limit), where);
            for (DialLeg l : r.legs()) {
                if (l.outcome() == LegOutcome.FORWARD_REFUSED) { // at the limit, or racing the winner
                    assertTrue(l.hop() == limit || (r.winner() != null && l.detail().contains("already been decided")),
                            where + " " + l);
                }
            }
            if (r.winner() != null) {
                done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
            } else {
                assertNull(r.winner());
            }
            sim.runAll();
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }
}
