package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.dialing.DialFixtures.done;
import static org.strowger.dialing.DialFixtures.fake;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.LegOutcome;
import org.strowger.core.CoreScheduler;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** What a dial leaves behind when it ends, and that it does end when the core's timers are gone. */
@ExtendWith(NoLeakExtension.class)
class DialTeardownTest {

    /**
     * A caller that stays up and dials again and again (an IVR trying extension after extension) must not keep every
     * finished dial reachable: each dial watches the caller's hang-up, and forgets that watch when it ends.
     */
    @Test
    void aLongLivedCallerDoesNotKeepItsFinishedDialsReachable(TestCores cores) throws InterruptedException {
        Simulation sim = new Simulation(61);
        FakeTech fakeTech = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fakeTech);
        new DialFixtures.FarEnds(sim, fakeTech).at("busy", 1, s -> s.hangup(HangupCause.USER_BUSY));
        Channel caller = core.request(OutboundRequest.of("Fake", "caller"));
        caller.call();
        sim.runUntilQuiescent();
        fakeTech.channelOf(caller).remote().answered();
        sim.runUntilQuiescent();
        List<WeakReference<DialHandle>> dials = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("busy"))).withCaller(caller));
            assertEquals(DialOutcome.BUSY, done(sim, dial.result()).outcome());
            dials.add(new WeakReference<>(dial));
        }
        sim.runUntilQuiescent();
        for (int i = 0; i < 100 && dials.stream().anyMatch(d -> d.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        long reachable = dials.stream().filter(d -> d.get() != null).count();
        assertEquals(0, reachable, "finished dials still reachable (from the caller's hang-up watchers)");
        done(sim, caller.hangup(HangupCause.NORMAL_CLEARING));
    }

    /**
     * The core's scheduler refuses new timers (it has shut down) while a dial with a per-leg timeout starts its leg:
     * the dial ends FAILED with a SHUTTING_DOWN failure and its leg is hung up, instead of never ending.
     */
    @Test
    void aDialWhoseTimerIsRefusedEndsFailed(TestCores cores) {
        Simulation sim = new Simulation(62);
        FakeTech fakeTech = new FakeTech();
        RefusingScheduler scheduler = new RefusingScheduler(sim);
        ChannelCore core = cores.simulated(sim, b -> b.scheduler(scheduler), fakeTech);
        scheduler.refusing = true;
        DialHandle dial = core.dial(DialRequest.of(DialString.of(fake("bob", 5_000))));
        DialResult r = done(sim, dial.result());
        assertEquals(DialOutcome.FAILED, r.outcome());
        CommandRejectedException why = assertInstanceOf(CommandRejectedException.class, r.failure());
        assertEquals(CommandRejectedException.Reason.SHUTTING_DOWN, why.reason());
        assertEquals(1, r.legs().size());
        assertEquals(LegOutcome.CANCELLED, r.legs().get(0).outcome());
        assertEquals(HangupCause.SYSTEM_SHUTDOWN, r.legs().get(0).cause());
        assertTrue(core.channels().isEmpty(), "the leg was hung up");
    }

    /** The simulation's clock, refusing new timers (as a shut-down system scheduler does) once told to. */
    private static final class RefusingScheduler implements CoreScheduler {
        private final Simulation sim;
        volatile boolean refusing;

        RefusingScheduler(Simulation sim) {
            this.sim = sim;
        }

        @Override
        public long nanoTime() {
            return sim.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return sim.currentTimeMillis();
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            if (refusing) {
                throw new RejectedExecutionException("scheduler is shut down");
            }
            return sim.schedule(task, delay, unit);
        }

        @Override
        public void shutdown() {
            refusing = true;
        }
    }
}
