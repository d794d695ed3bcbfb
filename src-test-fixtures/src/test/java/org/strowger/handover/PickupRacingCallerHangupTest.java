package org.strowger.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * A pickup of a dial's only ringing leg and the caller's hang-up at the same instant: the dial ends CANCELLED (the
 * caller went away), never FAILED with the caller's own NoSuchChannelException as the failure.
 */
class PickupRacingCallerHangupTest {

    @Test
    void theDialEndsCancelledWhenTheCallerHangsUpAsTheLegIsPickedUp() {
        Seeds.forEach("pickup racing the caller's hang-up", 46_000, 600, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            RecordingApp phones = new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> phones).tech(fake).build();
            FakeChannel alice = fake.inbound("alice", "100");
            FakeChannel picker = fake.inbound("picker", "*8");
            sim.runUntilQuiescent();
            DialHandle dial = core.dial(DialRequest.of(DialString.of(DialTarget.of("Fake", "bob")))
                    .withCaller(alice.channel()).withOnAnswer(OnAnswer.bridgeWith(alice.channel())));
            sim.runFor(Duration.ofMillis(5));
            FakeChannel bob = fake.channels().stream().filter(c -> c.resource().equals("bob")).findFirst().orElseThrow();
            bob.remote().ringing();
            sim.runUntilQuiescent();
            CompletionStage<?>[] pickup = new CompletionStage[1];
            Channel bobCh = bob.channel();
            sim.fork(() -> pickup[0] = core.pickup(picker.channel(), bobCh));
            sim.fork(() -> alice.remote().hangup(HangupCause.NORMAL_CLEARING));
            DialResult r = sim.await(dial.result());
            sim.runFor(Duration.ofSeconds(1));
            if (r.outcome() != DialOutcome.ANSWERED) {
                assertEquals(DialOutcome.CANCELLED, r.outcome(), "the caller hung up: " + r);
            }
            for (var s : core.channels()) {
                core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING));
            }
            sim.runFor(Duration.ofSeconds(1));
            Invariants.assertSimulationClean(sim, core, fake);
            assertEquals(ChannelState.DESTROYED, bobCh.state());
        });
    }
}
