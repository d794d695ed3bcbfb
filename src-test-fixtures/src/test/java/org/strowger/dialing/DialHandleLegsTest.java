package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.fake;
import static org.strowger.dialing.DialFixtures.groups;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;

/**
 * DialHandle.legs() lists the legs ringing now, as they start and end, so an application can pick one up without
 * scanning the registry; DialResult.bridge() names the bridge the winner was handed into.
 */
class DialHandleLegsTest {

    @Test
    void legsAreTheLegsRingingNowAndAPickupThroughThemWins() {
        Simulation sim = new Simulation(23);
        FakeTech fakeTech = new FakeTech();
        RecordingApp phones = new RecordingApp();
        ChannelCore core = sim.coreBuilder().inboundHandler(ch -> phones).tech(fakeTech).build();
        FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
        DialHandle dial = core.dial(DialRequest.of(groups(DialGroup.of(fake("a", 5_000), fake("b", 5_000)),
                DialGroup.of(fake("c")))).withCaller(alice.channel())
                .withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
        sim.runFor(Duration.ofMillis(10));
        FakeChannel a = DialFixtures.leg(fakeTech, "a");
        FakeChannel b = DialFixtures.leg(fakeTech, "b");
        assertEquals(List.of(a.channel(), b.channel()), dial.legs(), "the first group rings, in starting order");

        b.remote().hangup(HangupCause.USER_BUSY);
        sim.runFor(Duration.ofMillis(10));
        assertEquals(List.of(a.channel()), dial.legs(), "a busy leg is no longer listed");

        sim.runFor(Duration.ofSeconds(5)); // a rings out: the second group starts
        FakeChannel c = DialFixtures.leg(fakeTech, "c");
        assertEquals(List.of(c.channel()), dial.legs());

        FakeChannel picker = DialFixtures.inboundCaller(sim, fakeTech, "picker");
        sim.await(core.pickup(picker.channel(), dial.legs().get(0)));
        DialResult r = sim.await(dial.result());
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        assertEquals(picker.channel(), r.winner());
        assertEquals(LegOutcome.PICKED_UP, DialFixtures.legOf(r, c.channel()).outcome());
        assertEquals(List.of(), dial.legs(), "none once the dial has ended");
        Channel[] inBridge = {alice.channel(), picker.channel()};
        for (Channel ch : inBridge) {
            assertEquals(r.bridge().id(), ch.snapshot().bridge(), ch.name() + " is in the result's bridge");
        }

        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        assertTrue(r.bridge().snapshot().destroyed());
        Invariants.assertSimulationClean(sim, core, fakeTech);
    }

    @Test
    void aDialThatHandsItsWinnerToAnApplicationNamesNoBridge() {
        Simulation sim = new Simulation(29);
        FakeTech fakeTech = new FakeTech();
        fakeTech.on("call", (leg, ignored) -> leg.remote().answered());
        ChannelCore core = sim.coreBuilder().tech(fakeTech).build();
        RecordingApp ivr = new RecordingApp();
        DialHandle dial = core.dial(DialRequest.of(groups(DialGroup.of(fake("bob"))))
                .withOnAnswer(OnAnswer.attach(ivr)));
        DialResult r = sim.await(dial.result());
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        assertNull(r.bridge());
        assertEquals(List.of(), dial.legs());
        r.winner().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, fakeTech);
    }
}
