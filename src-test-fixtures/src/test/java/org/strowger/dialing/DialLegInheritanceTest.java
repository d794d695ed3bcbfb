package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.Party;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * What a dial gives the legs it creates (docs/dialing.md): variables from the request, the dial string and the
 * target (the narrower wins), and the caller's identity unless the request names one.
 */
@ExtendWith(NoLeakExtension.class)
class DialLegInheritanceTest {

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
}
