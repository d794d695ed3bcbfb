package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.EarlyMediaPolicy;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Bad input to dialing: each is refused with a clear error, or becomes a failed leg, and leaves nothing behind. */
@ExtendWith(NoLeakExtension.class)
class DialBadInputTest {

    @Test
    void nullsAndMalformedFieldsAreRefusedWhereTheyAreGiven(TestCores cores) {
        Simulation sim = new Simulation(41);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        assertThrows(InvalidArgumentException.class, () -> core.dial(null));
        assertThrows(InvalidArgumentException.class, () -> DialRequest.of(null));
        assertThrows(InvalidArgumentException.class, () -> new DialRequest(null, null, null, null, null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("A", null);
        DialString ds = DialString.of(fake("bob"));
        assertThrows(InvalidArgumentException.class, () -> DialRequest.of(ds).withVariables(nullValue));
        assertThrows(InvalidArgumentException.class, () -> new OnAnswer.Attach(null));
        assertThrows(InvalidArgumentException.class, () -> new OnAnswer.BridgeWith(null, JoinOptions.HANG_UP_AFTER));
        assertThrows(InvalidArgumentException.class, () -> new OnAnswer.JoinBridge(null, JoinOptions.HANG_UP_AFTER));
        DialRequest defaults = new DialRequest(ds, null, null, null, null);
        assertEquals(OnAnswer.handBack(), defaults.onAnswer(), "no hand-over given: hand back");
        assertEquals(Map.of(), defaults.variables());
        // malformed variable names are refused by dial() itself, before anything starts
        assertThrows(InvalidArgumentException.class,
                () -> core.dial(DialRequest.of(ds).withVariables(Map.of("bad name", "x"))));
        assertThrows(InvalidArgumentException.class, () -> core.dial(DialRequest.of(
                DialString.of(fake("bob").withVariables(Map.of("", "x"))))));
        assertThrows(InvalidArgumentException.class, () -> core.dial(DialRequest.of(
                ds.withVariables(Map.of("x".repeat(81), "x")))));
        assertEquals(0, core.channelCount(), "nothing was started");
    }

    @Test
    void zeroAndNegativeTimeoutsAndEmptyGroupsAreRefusedByTheRecords() {
        assertThrows(InvalidArgumentException.class, () -> fake("bob").withTimeout(Duration.ZERO));
        assertThrows(InvalidArgumentException.class, () -> fake("bob").withTimeout(Duration.ofMillis(-5)));
        assertThrows(InvalidArgumentException.class, () -> fake("bob").withTimeout(Duration.ofHours(25)));
        DialString ds = DialString.of(fake("bob"));
        assertThrows(InvalidArgumentException.class, () -> ds.withTimeout(Duration.ZERO));
        assertThrows(InvalidArgumentException.class, () -> ds.withTimeout(Duration.ofSeconds(-1)));
        assertThrows(InvalidArgumentException.class, () -> ds.withMaxForwards(-1));
        assertThrows(InvalidArgumentException.class, () -> ds.withMaxForwards(DialString.MAX_FORWARDS_LIMIT + 1));
        assertThrows(InvalidArgumentException.class, () -> new DialGroup(List.of()));
        assertThrows(InvalidArgumentException.class, () -> new DialGroup(null));
        assertThrows(InvalidArgumentException.class, DialGroup::of);
        assertThrows(InvalidArgumentException.class,
                () -> new DialString(List.of(), null, EarlyMediaPolicy.RINGBACK, 0, Map.of()));
        assertThrows(InvalidArgumentException.class, () -> DialTarget.of("Fake", ""));
        assertThrows(InvalidArgumentException.class, () -> DialTarget.of("Bad Tech", "bob"));
    }

    @Test
    void handlesOfAnotherCoreAreRefused(TestCores cores) {
        Simulation sim = new Simulation(42);
        FakeTech a = new FakeTech();
        FakeTech b = new FakeTech();
        ChannelCore core = cores.simulated(sim, x -> { }, a);
        ChannelCore other = cores.simulated(sim, x -> { }, b);
        Channel foreign = other.request(OutboundRequest.of("Fake", "x"));
        Bridge foreignBridge = other.createBridge(BridgeOptions.call());
        DialRequest r = DialRequest.of(DialString.of(fake("bob")));
        assertThrows(InvalidArgumentException.class, () -> core.dial(r.withCaller(foreign)));
        assertThrows(InvalidArgumentException.class, () -> core.dial(r.withOnAnswer(OnAnswer.bridgeWith(foreign))));
        assertThrows(InvalidArgumentException.class,
                () -> core.dial(r.withOnAnswer(OnAnswer.join(foreignBridge, JoinOptions.HANG_UP_AFTER))));
        assertEquals(0, core.channelCount());
        done(sim, foreign.hangup(HangupCause.NORMAL_CLEARING));
        done(sim, foreignBridge.destroy());
    }

    @Test
    void duplicateIdsInOneDialStringAreRefusedWhenItIsBuiltAndAnIdHeldElsewhereFailsOnlyItsLeg(TestCores cores) {
        Simulation sim = new Simulation(43);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 1, s -> s.answered());
        ChannelId id = new ChannelId("order-1");
        assertThrows(InvalidArgumentException.class, () -> DialString.of(fake("a").withId(id), fake("b").withId(id)));
        Channel holder = core.request(OutboundRequest.of("Fake", "x").withId(new ChannelId("order-2")));
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("a").withId(id),
                fake("b").withId(new ChannelId("order-2"))))).result());
        assertEquals(List.of(LegOutcome.ANSWERED, LegOutcome.NOT_CREATED), DialFixtures.outcomes(r));
        assertTrue(r.legs().get(1).detail().contains("already has id"), r.legs().get(1).detail());
        assertEquals(id, r.winner().id());
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
        done(sim, holder.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void dialingForACallerThatHasHungUpCreatesNoLegAndIsCancelled(TestCores cores) {
        Simulation sim = new Simulation(44);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fakeTech);
        FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runUntilQuiescent();
        DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("bob"))).withCaller(alice.channel()));
        DialResult r = done(sim, dial.result());
        assertEquals(DialOutcome.CANCELLED, r.outcome());
        assertEquals(List.of(), r.legs());
        assertEquals(1, fakeTech.channels().size(), "no leg was created");
        assertFalse(done(sim, dial.cancel()));
    }

    @Test
    void aCallerHangingUpWhileTheDialStartsEitherCancelsItBeforeAnyLegOrCancelsTheLegs(TestCores cores) {
        for (long seed = 0; seed < 200; seed++) {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fakeTech);
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            DialHandle[] dial = new DialHandle[1];
            sim.fork(() -> dial[0] = core.dial(DialRequest.of(DialString.of(fake("bob"))).withCaller(alice.channel())));
            sim.fork(() -> alice.remote().hangup(HangupCause.NORMAL_CLEARING));
            sim.runUntil(() -> dial[0] != null);
            DialResult r = done(sim, dial[0].result());
            assertEquals(DialOutcome.CANCELLED, r.outcome());
            assertTrue(r.legs().stream().allMatch(l -> l.outcome() == LegOutcome.CANCELLED
                    && l.cause() == HangupCause.ORIGINATOR_CANCEL), r.toString());
        }
    }

    @Test
    void cancelIsIdempotentAndANoOpOnceTheDialHasEnded(TestCores cores) {
        Simulation sim = new Simulation(45);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("bob"), fake("carol"))));
        sim.runFor(Duration.ofMillis(1));
        assertTrue(done(sim, dial.cancel()));
        assertFalse(done(sim, dial.cancel()));
        DialResult r = done(sim, dial.result());
        assertEquals(DialOutcome.CANCELLED, r.outcome());
        assertEquals(List.of(LegOutcome.CANCELLED, LegOutcome.CANCELLED), DialFixtures.outcomes(r));
        assertTrue(r.legs().stream().allMatch(l -> l.cause() == HangupCause.ORIGINATOR_CANCEL));
        assertFalse(done(sim, dial.cancel()));
        assertEquals(r, done(sim, dial.result()), "the result does not change");
    }

    @Test
    void aRingingLegCannotBeTakenFromItsDialExceptByAPickup(TestCores cores) {
        Simulation sim = new Simulation(46);
        FakeTech fakeTech = new FakeTech();
        RecordingApp phones = new RecordingApp();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> phones), fakeTech);
        FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
        DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("bob"))).withCaller(alice.channel())
                .withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
        sim.runFor(Duration.ofMillis(1));
        Channel bob = DialFixtures.leg(fakeTech, "bob").channel();
        assertEquals("Dial", bob.snapshot().ownerName());
        CommandRejectedException refused = assertInstanceOf(CommandRejectedException.class,
                sim.awaitFailure(bob.attach(new RecordingApp())));
        assertEquals(CommandRejectedException.Reason.OWNER_REFUSED, refused.reason());
        Bridge bridge = core.createBridge(BridgeOptions.call());
        assertEquals(CommandRejectedException.Reason.OWNER_REFUSED, ((CommandRejectedException) sim.awaitFailure(
                bridge.join(bob, JoinOptions.HANG_UP_AFTER))).reason());
        CommandRejectedException own = assertInstanceOf(CommandRejectedException.class,
                sim.awaitFailure(core.pickup(alice.channel(), bob)));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, own.reason(), "a caller cannot pick up its own dial");
        assertThrows(InvalidArgumentException.class, () -> core.pickup(bob, bob));
        FakeChannel picker = DialFixtures.inboundCaller(sim, fakeTech, "carol");
        done(sim, core.pickup(picker.channel(), bob));
        DialResult r = done(sim, dial.result());
        assertEquals(picker.channel(), r.winner());
        assertEquals(LegOutcome.PICKED_UP, r.legs().get(0).outcome());
        assertEquals(HangupCause.ANSWERED_ELSEWHERE, DialFixtures.leg(fakeTech, "bob").argumentOf("hangup"));
        CommandRejectedException late = assertInstanceOf(CommandRejectedException.class,
                sim.awaitFailure(core.pickup(DialFixtures.inboundCaller(sim, fakeTech, "dave").channel(),
                        picker.channel())));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, late.reason());
        done(sim, bridge.destroy());
        DialFixtures.hangUpEverything(sim, core);
    }
}
