package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.LegOutcome;
import org.strowger.spi.ChannelSink;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * A leg's outcome is what ended it (docs/dialing.md): a leg whose far end was busy, or forwarded the call, at the
 * instant the dial was cancelled ends BUSY, or FORWARD_REFUSED (a decided dial follows no forward), not CANCELLED.
 * The far end's signal is queued on the leg before the cancel's hang-up, whatever the seed; the seeds vary the rest.
 */
@ExtendWith(NoLeakExtension.class)
class DialCancelMeetsTheFarEndTest {

    /** Rings bob, then cancels the dial in the step in which bob's far end does {@code farEnd}. */
    private static DialResult cancelWhileTheFarEnd(long seed, Consumer<ChannelSink> farEnd, FakeTech fakeTech,
            Simulation sim, ChannelCore core) {
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1, s -> s.ringing());
        DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("bob"))));
        sim.runFor(Duration.ofMillis(5));
        ChannelSink bob = DialFixtures.leg(fakeTech, "bob").remote();
        CompletionStage<Boolean> cancelled = dial.cancel(); // reaches the dial before anything bob says now
        farEnd.accept(bob); // queued on bob before the cancel's hang-up
        assertTrue(done(sim, cancelled), "seed " + seed);
        return done(sim, dial.result());
    }

    @Test
    void aLegBusyAtTheInstantOfTheCancelIsBusy() {
        Seeds.forEach("busy meets cancel", 76_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fakeTech).build();
            DialResult r = cancelWhileTheFarEnd(seed, ChannelSink::busy, fakeTech, sim, core);
            assertEquals(DialOutcome.CANCELLED, r.outcome());
            DialLeg bob = r.legs().get(0);
            assertEquals(LegOutcome.BUSY, bob.outcome(), r.toString());
            assertEquals(HangupCause.USER_BUSY, bob.cause());
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }

    @Test
    void aForwardThatReachesACancelledDialIsNotFollowed() {
        Seeds.forEach("forward meets cancel", 77_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fakeTech).build();
            DialResult r = cancelWhileTheFarEnd(seed, s -> s.redirected("Fake/bob-mobile"), fakeTech, sim, core);
            assertEquals(DialOutcome.CANCELLED, r.outcome());
            assertEquals(1, r.legs().size(), "no hop was called: " + r);
            DialLeg bob = r.legs().get(0);
            assertEquals(LegOutcome.FORWARD_REFUSED, bob.outcome());
            assertEquals(HangupCause.REDIRECTED_TO_NEW_DESTINATION, bob.cause());
            assertTrue(bob.detail().contains("already been decided"), bob.detail());
            assertTrue(DialFixtures.legs(fakeTech, "bob-mobile").isEmpty());
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }

    @Test
    void aRedirectCauseWithoutATargetIsAFailedLeg(TestCores cores) {
        Simulation sim = new Simulation(78);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("bob", 1,
                s -> s.hangup(HangupCause.REDIRECTED_TO_NEW_DESTINATION));
        DialResult r = done(sim, core.dial(DialRequest.of(DialString.of(fake("bob")))).result());
        assertEquals(DialOutcome.FAILED, r.outcome());
        assertEquals(LegOutcome.FAILED, r.legs().get(0).outcome(), "nowhere to forward to: " + r);
    }
}
