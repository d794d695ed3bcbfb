package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.strowger.dialing.DialFixtures.fake;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
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
 * bob answers and hangs up at once, before the dial has bridged him with alice: he still answered first and won
 * (LegOutcome.ANSWERED, with his own cause), the hand-over fails, and the loser c is ANSWERED_ELSEWHERE.
 */
class WinnerHangsUpDuringHandOverTest {
    @Test
    void aWinnerThatHangsUpDuringItsHandOverIsStillTheLegThatAnswered() {
        Seeds.forEach("winner hangs up during its hand-over", 75_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            RecordingApp ivr = new RecordingApp();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> ivr).tech(fakeTech).build();
            new DialFixtures.FarEnds(sim, fakeTech).at("c", 1, s -> s.ringing()).at("bob", 5, s -> {
                s.answered();
                s.hangup(HangupCause.NORMAL_UNSPECIFIED);
            });
            FakeChannel alice = DialFixtures.inboundCaller(sim, fakeTech, "alice");
            DialResult r = sim.await(core.dial(DialRequest.of(DialString.of(fake("bob"), fake("c")))
                    .withCaller(alice.channel()).withOnAnswer(OnAnswer.bridgeWith(alice.channel()))).result());
            assertEquals(DialOutcome.FAILED, r.outcome(), "nothing to hand over: " + r);
            assertEquals(List.of(LegOutcome.ANSWERED, LegOutcome.ANSWERED_ELSEWHERE),
                    DialFixtures.outcomes(r), r.toString());
            assertEquals(HangupCause.NORMAL_UNSPECIFIED, r.legs().get(0).cause());
            DialFixtures.hangUpEverything(sim, core);
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }
}
