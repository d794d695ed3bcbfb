package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.Party;
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
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Originate: one target, each way of handing the winner over, assigned ids, and what a caller gives its legs. */
@ExtendWith(NoLeakExtension.class)
class OriginateTest {

    @Test
    void aSingleTargetThatAnswersIsHandedBackUnowned(TestCores cores) {
        Simulation sim = new Simulation(1);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 5, s -> s.ringing()).at("bob", 20, s -> s.answered());
        DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("bob"))));
        DialResult r = done(sim, dial.result());
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        Channel bob = r.winner();
        assertEquals(ChannelState.UP, bob.state());
        assertEquals(OwnerKind.NONE, bob.snapshot().ownerKind(), "handed back unowned");
        assertEquals(1, r.legs().size());
        DialLeg leg = r.legs().get(0);
        assertEquals(LegOutcome.ANSWERED, leg.outcome());
        assertEquals(bob.id(), leg.channelId());
        assertNull(leg.cause(), "the winner is still live");
        assertEquals(0, leg.hop());
        assertNull(r.failure());
        assertFalse(done(sim, dial.cancel()), "cancel after the end changes nothing");
        assertEquals(ChannelState.UP, bob.state());
        done(sim, bob.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void anAssignedIdIsTheLegsChannelId(TestCores cores) {
        Simulation sim = new Simulation(2);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.answered());
        ChannelId chosen = new ChannelId("crm-4711");
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob").withId(chosen)))).result());
        assertEquals(chosen, r.winner().id());
        assertEquals(chosen, r.legs().get(0).channelId());
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aWinnerAttachedToAnApplicationHearsItsAttach(TestCores cores) {
        Simulation sim = new Simulation(3);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.answered());
        RecordingApp ivr = new RecordingApp();
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob")))
                .withOnAnswer(OnAnswer.attach(ivr))).result());
        Channel bob = r.winner();
        assertEquals(OwnerKind.APPLICATION, bob.snapshot().ownerKind());
        assertEquals(List.of("attach"), ivr.log(bob));
        assertEquals(List.of(), ivr.violations());
        done(sim, bob.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aWinnerJoinsAnExistingBridge(TestCores cores) {
        Simulation sim = new Simulation(4);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.answered());
        Bridge conference = core.createBridge(BridgeOptions.conference());
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob")))
                .withOnAnswer(OnAnswer.join(conference, JoinOptions.HANG_UP_AFTER))).result());
        assertEquals(List.of(r.winner().id()), conference.snapshot().members());
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
        done(sim, conference.destroy());
    }

    /**
     * RETURN_AFTER for a winner that joins a bridge: the winner has no application of its own, so it is parked when
     * the call ends. It used to go back to the finished dial's internal application, which kept it up for ever.
     */
    @Test
    void aWinnerThatJoinedWithReturnAfterIsParkedAfterTheBridge(TestCores cores) {
        Simulation sim = new Simulation(41);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.answered());
        Bridge conference = core.createBridge(BridgeOptions.conference());
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob")))
                .withOnAnswer(OnAnswer.join(conference, JoinOptions.RETURN_AFTER))).result());
        Channel bob = r.winner();
        assertEquals(List.of(bob.id()), conference.snapshot().members());
        done(sim, conference.leave(bob));
        sim.runUntilQuiescent();
        assertEquals(ChannelState.UP, bob.state());
        assertEquals(OwnerKind.NONE, bob.snapshot().ownerKind(), "parked, not back with the dial: "
                + bob.snapshot().ownerName());
        done(sim, bob.hangup(HangupCause.NORMAL_CLEARING));
        done(sim, conference.destroy());
    }

    @Test
    void anInboundCallerIsAnsweredAndBridgedWithTheWinnerAndItsLegsInheritFromIt(TestCores cores) {
        Simulation sim = new Simulation(5);
        FakeTech fakeTech = new FakeTech();
        RecordingApp ivr = new RecordingApp();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> ivr), fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 5, s -> s.ringing()).at("bob", 20, s -> s.answered());
        FakeChannel alice = fakeTech.inbound(new org.strowger.spi.InboundCall("alice", "200",
                Party.of("Alice", "100"), Map.of(), null));
        sim.runUntilQuiescent();
        Channel caller = alice.channel();
        done(sim, caller.setVariable("__ACCOUNT", "7"));
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob"))).withCaller(caller)
                .withOnAnswer(OnAnswer.bridgeWith(caller))).result());
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        Channel bob = r.winner();
        assertEquals(caller.linkedId(), bob.linkedId(), "a leg is created on the caller's behalf");
        assertEquals("7", bob.variable("ACCOUNT").orElse(null));
        assertEquals(Party.of("Alice", "100"), bob.snapshot().caller(), "the caller's identity by default");
        assertEquals(ChannelState.UP, caller.state(), "the ringing caller was answered");
        assertEquals(1, alice.count("answer"));
        assertEquals(1, DialFixtures.indicated(alice, org.strowger.api.frame.Control.RINGING));
        assertTrue(caller.snapshot().bridge() != null && caller.snapshot().bridge().equals(bob.snapshot().bridge()),
                "caller and winner share a bridge");
        assertTrue(ivr.log(caller).contains("detach HANDED_OVER"), ivr.log(caller).toString());
        done(sim, bob.hangup(HangupCause.NORMAL_CLEARING));
        sim.runAll();
        assertEquals(ChannelState.DESTROYED, caller.state(), "the caller hangs up after the bridge by default");
    }

    @Test
    void aPartyThatRefusesToJoinFailsTheHandOverAndTheWinnerIsHungUp(TestCores cores) {
        Simulation sim = new Simulation(6);
        FakeTech fakeTech = new FakeTech();
        RecordingApp stubborn = new RecordingApp().refusingRelease();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> stubborn), fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.answered());
        Channel caller = DialFixtures.inboundCaller(sim, fakeTech, "alice").channel();
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob"))).withCaller(caller)
                .withOnAnswer(OnAnswer.bridgeWith(caller))).result());
        assertEquals(DialOutcome.FAILED, r.outcome());
        assertNull(r.winner());
        CommandRejectedException why = assertInstanceOf(CommandRejectedException.class, r.failure());
        assertEquals(CommandRejectedException.Reason.OWNER_REFUSED, why.reason());
        DialLeg bob = r.legs().get(0);
        assertEquals(LegOutcome.ANSWERED, bob.outcome());
        assertEquals(HangupCause.NORMAL_CLEARING, bob.cause());
        assertEquals(OwnerKind.APPLICATION, caller.snapshot().ownerKind(), "the caller stays with its application");
        assertEquals(0, core.bridgeCount(), "the bridge made for the call is gone");
        done(sim, caller.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aLegThatCannotBeCreatedIsAFailedLegNotAnException(TestCores cores) {
        Simulation sim = new Simulation(7);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        Channel holder = core.request(OutboundRequest.of("Fake", "x").withId(new ChannelId("taken")));
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(
                org.strowger.api.dial.DialTarget.of("Nope", "bob"),
                fake("bob").withId(new ChannelId("taken")),
                fake("carol").withId(new ChannelId("sim-99"))))).result());
        assertEquals(DialOutcome.FAILED, r.outcome());
        assertEquals(List.of(LegOutcome.NOT_CREATED, LegOutcome.NOT_CREATED, LegOutcome.NOT_CREATED),
                DialFixtures.outcomes(r));
        assertTrue(r.legs().get(0).detail().contains("no tech named"), r.legs().get(0).detail());
        assertTrue(r.legs().get(1).detail().contains("already has id"), r.legs().get(1).detail());
        assertTrue(r.legs().get(2).detail().contains("reserved"), r.legs().get(2).detail());
        assertTrue(r.legs().stream().allMatch(l -> l.channelId() == null));
        assertEquals(HangupCause.CHAN_NOT_IMPLEMENTED, r.legs().get(0).cause(), "the cause the refusal carries");
        assertEquals(HangupCause.NORMAL_TEMPORARY_FAILURE, r.legs().get(1).cause());
        assertEquals(1, core.channelCount(), "nothing but the holder of the id");
        done(sim, holder.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aTargetAtItsUsageLimitIsABusyLegAndABusyDial(TestCores cores) {
        Simulation sim = new Simulation(9);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.usageLimit("Fake/bob", 1), fakeTech);
        Channel first = core.request(OutboundRequest.of("Fake", "bob"));
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob")))).result());
        assertEquals(DialOutcome.BUSY, r.outcome());
        assertEquals(List.of(LegOutcome.NOT_CREATED), DialFixtures.outcomes(r));
        assertEquals(HangupCause.USER_BUSY, r.legs().get(0).cause());
        assertEquals(1, core.usage("Fake/bob").orElseThrow().inUse(), "the refused leg took nothing");
        done(sim, first.hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(0, core.usage("Fake/bob").orElseThrow().inUse());
    }

    @Test
    void aWinnerThatHangsUpDuringItsHandOverFailsTheDialCleanly(TestCores cores) {
        Simulation sim = new Simulation(8);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> {
            s.answered();
            s.hangup(HangupCause.NORMAL_CLEARING); // the far end hangs up right after answering
        });
        RecordingApp app = new RecordingApp();
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob")))
                .withOnAnswer(OnAnswer.attach(app))).result());
        assertTrue(r.outcome() == DialOutcome.FAILED || r.outcome() == DialOutcome.ANSWERED, r.toString());
        DialLeg leg = r.legs().get(0);
        assertEquals(LegOutcome.ANSWERED, leg.outcome());
        if (r.outcome() == DialOutcome.FAILED) {
            assertEquals(HangupCause.NORMAL_CLEARING, leg.cause());
            assertTrue(app.log().isEmpty(), "the application never got the channel");
        } else {
            assertSame(r.winner(), fakeTech.channels().get(0).channel());
        }
    }
}
