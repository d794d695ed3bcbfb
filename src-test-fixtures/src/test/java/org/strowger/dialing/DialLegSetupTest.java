package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.Party;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
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
 * What a dial gives the legs it creates and what it makes of legs it could not create (docs/dialing.md): variables
 * from the request, the dial string and the target (the narrower wins), the caller's identity unless the request
 * names one; a leg refused at creation is a NOT_CREATED leg that does not stop the others, and one refused by its
 * endpoint's usage limit makes the dial BUSY; a caller gone before the dial begins creates no leg at all.
 */
@ExtendWith(NoLeakExtension.class)
class DialLegSetupTest {

    @Test
    void legsGetTheVariablesOfRequestDialStringAndTargetAndTheCallersIdentity(TestCores cores) {
        Simulation sim = new Simulation(91);
        FakeTech fakeTech = new FakeTech();
        RecordingApp ivr = new RecordingApp();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> ivr), fakeTech);
        FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
        Party aliceId = alice.channel().snapshot().caller();
        DialString ds = DialString.of(fake("bob").withVariables(Map.of("z", "target")), fake("carol"))
                .withVariables(Map.of("y", "dial", "z", "dial"));
        var dial = core.dial(DialRequest.of(ds).withCaller(alice.channel())
                .withVariables(Map.of("x", "request", "y", "request")));
        sim.runUntilQuiescent();
        Channel bob = DialFixtures.leg(fakeTech, "bob").channel();
        Channel carol = DialFixtures.leg(fakeTech, "carol").channel();
        assertEquals(Map.of("x", "request", "y", "dial", "z", "target"), Map.of("x", bob.variable("x").orElse("-"),
                "y", bob.variable("y").orElse("-"), "z", bob.variable("z").orElse("-")));
        assertEquals(Map.of("x", "request", "y", "dial", "z", "dial"), Map.of("x", carol.variable("x").orElse("-"),
                "y", carol.variable("y").orElse("-"), "z", carol.variable("z").orElse("-")));
        assertEquals(aliceId, bob.snapshot().caller(), "a leg shows the caller's identity");
        done(sim, dial.cancel());

        Party named = Party.of("Reception", "100");
        var withId = core.dial(DialRequest.of(DialString.of(fake("dave"))).withCaller(alice.channel())
                .withCallerId(named));
        sim.runUntilQuiescent();
        assertEquals(named, DialFixtures.leg(fakeTech, "dave").channel().snapshot().caller(),
                "the request's caller id wins over the caller's");
        done(sim, withId.cancel());
        done(sim, alice.channel().hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aLegThatCouldNotBeCreatedDoesNotStopAnotherFromWinning(TestCores cores) {
        Simulation sim = new Simulation(92);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.ringing()).at("bob", 5, s -> s.answered());
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(DialTarget.of("Nope", "x"), fake("bob"))))
                .result());
        assertEquals(DialResult.Outcome.ANSWERED, r.outcome());
        assertEquals(List.of(DialLeg.Outcome.NOT_CREATED, DialLeg.Outcome.ANSWERED), DialFixtures.outcomes(r));
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aDialWhoseOnlyTargetIsAtItsUsageLimitIsBusy(TestCores cores) {
        Simulation sim = new Simulation(93);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        core.setUsageLimit("Fake/bob", 0);
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob")))).result());
        assertEquals(DialResult.Outcome.BUSY, r.outcome(), "like a busy phone, not a failure: " + r);
        assertEquals(DialLeg.Outcome.NOT_CREATED, r.legs().get(0).outcome());
        assertEquals(HangupCause.USER_BUSY, r.legs().get(0).cause());
    }

    @Test
    void aCallerThatHungUpBeforeTheDialBeganCancelsItBeforeAnyLegIsCreated() {
        Seeds.forEach("caller gone before the dial began", 74_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            RecordingApp ivr = new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> ivr).tech(fakeTech).build();
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            alice.remote().hangup(HangupCause.NORMAL_CLEARING);
            var dial = core.dial(DialRequest.of(DialString.of(fake("bob"))).withCaller(alice.channel())
                    .withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
            DialResult r = sim.await(dial.result());
            assertEquals(DialResult.Outcome.CANCELLED, r.outcome());
            assertEquals(List.of(), r.legs(), "no leg was created");
            assertTrue(DialFixtures.legs(fakeTech, "bob").isEmpty());
            sim.runAll();
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }
}
