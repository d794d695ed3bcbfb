package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;
import static org.strowger.dialing.DialFixtures.groups;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.LegOutcome;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * A dial cancels its overall and per-leg timers as soon as they can no longer matter (a leg ended, a leg won, the
 * dial ended), so a long timeout does not keep a finished dial in the core's timer queue. On the virtual clock a
 * timer left behind shows: running everything that is left moves the clock on to it.
 */
@ExtendWith(NoLeakExtension.class)
class DecidedDialLeavesNoTimerTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    private static DialString withLongTimeouts(String... resources) {
        DialGroup group = DialGroup.of(java.util.Arrays.stream(resources).map(r -> fake(r, 30_000)).toList()
                .toArray(new org.strowger.api.dial.DialTarget[0]));
        return groups(group).withTimeout(LONG);
    }

    /** Runs what is left, with no channel to end; the clock must not have moved. */
    private static void assertNoTimerLeft(Simulation sim) {
        long before = sim.elapsedNanos();
        sim.runAll();
        assertEquals(0, Duration.ofNanos(sim.elapsedNanos() - before).toMillis(), "a timer was left behind");
    }

    @Test
    void anAnsweredDialCancelsItsOwnAndItsLegsTimers(TestCores cores) {
        Simulation sim = new Simulation(81);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 1, s -> s.ringing()).at("b", 1, s -> s.ringing())
                .at("b", 10, s -> s.answered());
        DialResult r = done(sim, core.dial(DialRequest.of(withLongTimeouts("a", "b"))).result());
        assertEquals(DialOutcome.ANSWERED, r.outcome());
        assertEquals(List.of(LegOutcome.ANSWERED_ELSEWHERE, LegOutcome.ANSWERED), DialFixtures.outcomes(r));
        assertNoTimerLeft(sim); // the winner is still up: its leg timer, too, is gone
        done(sim, r.winner().hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aDialWhoseLegsAllEndedCancelsItsOwnAndTheirTimers(TestCores cores) {
        Simulation sim = new Simulation(82);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 3, s -> s.busy()).at("b", 5, s -> s.busy());
        DialResult r = done(sim, core.dial(DialRequest.of(withLongTimeouts("a", "b"))).result());
        assertEquals(DialOutcome.BUSY, r.outcome());
        assertNoTimerLeft(sim);
    }

    @Test
    void aCancelledDialCancelsItsOwnAndItsLegsTimers(TestCores cores) {
        Simulation sim = new Simulation(83);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("a", 1, s -> s.ringing());
        var dial = core.dial(DialRequest.of(withLongTimeouts("a")));
        sim.runFor(Duration.ofMillis(5));
        done(sim, dial.cancel());
        assertEquals(DialOutcome.CANCELLED, done(sim, dial.result()).outcome());
        assertNoTimerLeft(sim);
    }
}
