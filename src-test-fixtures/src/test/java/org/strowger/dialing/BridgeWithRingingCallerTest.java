package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;

/**
 * {@code OnAnswer.bridgeWith(caller)} for an inbound caller that is still ringing (the "answer late" pattern: ring
 * the destinations before answering the caller): the caller is answered once, when a leg answers, and only then
 * joined.
 */
@ExtendWith(NoLeakExtension.class)
class BridgeWithRingingCallerTest {
    @Test
    void theRingingCallerIsAnsweredOnceWhenALegAnswersAndBridgedToIt() {
        Simulation sim = new Simulation(88_001);
        FakeTech tech = new FakeTech();
        ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new RecordingApp()).tech(tech).build();
        FakeChannel alice = DialFixtures.inboundCaller(sim, tech, "alice");
        assertEquals(ChannelState.RING, alice.channel().state());
        var dial = core.dial(DialRequest.of(DialString.of(fake("bob")))
                .withCaller(alice.channel()).withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
        sim.runUntilQuiescent();
        assertEquals(0, alice.count("answer"), "not answered while the destination rings");
        DialFixtures.leg(tech, "bob").remote().answered();
        DialResult r = done(sim, dial.result());
        sim.runUntilQuiescent();
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        assertEquals(ChannelState.UP, alice.channel().state());
        assertEquals(1, alice.count("answer"), "answered exactly once, by the hand-over");
        assertEquals(r.winner().snapshot().bridge(), alice.channel().snapshot().bridge(), "bridged together");
        alice.channel().hangup(HangupCause.NORMAL_CLEARING);
        sim.runUntilQuiescent();
        Invariants.assertClean(sim, core);
    }
}
