package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.strowger.dialing.DialFixtures.done;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Channel.setAbsoluteTimeout: a per-channel call limit on the core's clock (Asterisk's TIMEOUT(absolute)). */
@ExtendWith(NoLeakExtension.class)
class AbsoluteTimeoutTest {

    private static Channel called(Simulation sim, ChannelCore core) {
        Channel c = core.request(OutboundRequest.of("Fake", "bob"));
        done(sim, c.call());
        return c;
    }

    @Test
    void theChannelIsHungUpWithAllottedTimeoutWhenTheLimitExpires(TestCores cores) {
        Simulation sim = new Simulation(51);
        ChannelCore core = cores.simulated(sim, b -> { }, new FakeTech());
        Channel c = called(sim, core);
        long start = sim.elapsedNanos();
        done(sim, c.setAbsoluteTimeout(Duration.ofSeconds(30)));
        sim.runFor(Duration.ofMillis(29_999));
        assertEquals(ChannelState.DIALING, c.state());
        sim.runFor(Duration.ofMillis(1));
        assertEquals(HangupCause.ALLOTTED_TIMEOUT, c.snapshot().hangupCause());
        assertEquals(Duration.ofSeconds(30), Duration.ofNanos(sim.elapsedNanos() - start));
    }

    @Test
    void settingItAgainReplacesTheLimitAndNullOrZeroClearsIt(TestCores cores) {
        Simulation sim = new Simulation(52);
        ChannelCore core = cores.simulated(sim, b -> { }, new FakeTech());
        Channel c = called(sim, core);
        done(sim, c.setAbsoluteTimeout(Duration.ofSeconds(10)));
        sim.runFor(Duration.ofSeconds(5));
        done(sim, c.setAbsoluteTimeout(Duration.ofSeconds(10))); // now due 10 s from here, at 15 s
        sim.runFor(Duration.ofMillis(9_999));
        assertEquals(ChannelState.DIALING, c.state(), "the first limit no longer applies");
        sim.runFor(Duration.ofMillis(1));
        assertEquals(HangupCause.ALLOTTED_TIMEOUT, c.snapshot().hangupCause());
        for (Duration clear : new Duration[] {null, Duration.ZERO}) {
            Channel d = called(sim, core);
            done(sim, d.setAbsoluteTimeout(Duration.ofSeconds(1)));
            done(sim, d.setAbsoluteTimeout(clear));
            sim.runFor(Duration.ofSeconds(5));
            assertEquals(ChannelState.DIALING, d.state(), "cleared with " + clear);
            done(sim, d.hangup(HangupCause.NORMAL_CLEARING));
        }
    }

    @Test
    void outOfRangeLimitsAreRefusedAndAHungUpChannelFailsTheCommand(TestCores cores) {
        Simulation sim = new Simulation(53);
        ChannelCore core = cores.simulated(sim, b -> { }, new FakeTech());
        Channel c = called(sim, core);
        assertThrows(InvalidArgumentException.class, () -> c.setAbsoluteTimeout(Duration.ofMillis(-1)));
        assertThrows(InvalidArgumentException.class, () -> c.setAbsoluteTimeout(Duration.ofHours(24).plusNanos(1)));
        done(sim, c.setAbsoluteTimeout(Duration.ofHours(24)));
        done(sim, c.hangup(HangupCause.NORMAL_CLEARING));
        assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(c.setAbsoluteTimeout(Duration.ofSeconds(1))));
    }

    /** The limit races hang-ups, re-settings and clears: one hang-up, and only a limit still set can cause it. */
    @Test
    void theLimitRacingOtherHangupsAndResettingsHangsUpOnce() {
        Seeds.forEach("absolute timeout", 80_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fakeTech = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fakeTech).build();
            var random = sim.random();
            Channel c = called(sim, core);
            DialFixtures.Network net = new DialFixtures.Network(sim);
            long limit = 1 + random.nextInt(10);
            c.setAbsoluteTimeout(Duration.ofMillis(limit));
            long change = random.nextInt(12);
            boolean clear = random.nextBoolean();
            net.after(change, () -> c.setAbsoluteTimeout(clear ? null : Duration.ofMillis(20)));
            long hangup = random.nextInt(40);
            net.after(hangup, () -> c.hangup(HangupCause.NORMAL_CLEARING));
            sim.runAll();
            HangupCause cause = c.snapshot().hangupCause();
            String where = "limit " + limit + ", " + (clear ? "cleared" : "set to 20") + " at " + change
                    + ", hang-up at " + hangup + ": " + cause;
            if (cause == HangupCause.ALLOTTED_TIMEOUT) {
                long endedAt = c.snapshot().endedAtMillis() - c.snapshot().createdAtMillis();
                boolean first = endedAt == limit && change >= limit;
                boolean second = !clear && endedAt == change + 20;
                assertEquals(true, first || second, where);
            } else {
                assertEquals(HangupCause.NORMAL_CLEARING, cause, where);
            }
            Invariants.assertClean(sim, core, fakeTech);
            core.shutdown();
            sim.runAll();
        });
    }
}
