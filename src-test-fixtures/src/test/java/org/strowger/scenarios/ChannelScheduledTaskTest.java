package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * {@code Channel.schedule}: the task runs on the channel's executor once its delay has passed on the core's clock,
 * not before; not after a cancel or a hang-up; a throwing task is ignored (the channel stays up). On the simulation.
 */
@ExtendWith(NoLeakExtension.class)
class ChannelScheduledTaskTest {
    private final Simulation sim = new Simulation(7);
    private final FakeTech fake = new FakeTech();
    private final List<String> ran = new ArrayList<>();

    private Channel channel(TestCores cores) {
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.runAll();
        return ch;
    }

    private Runnable note(Channel ch, String what) {
        return () -> ran.add(what + (ch.inExecutor() ? "" : " OFF ITS EXECUTOR"));
    }

    @Test
    void theTaskRunsOnTheChannelsExecutorWhenItsDelayHasPassedAndNotBefore(TestCores cores) {
        Channel ch = channel(cores);
        ch.schedule(Duration.ofMillis(500), note(ch, "late"));
        ch.schedule(Duration.ZERO, note(ch, "now"));
        sim.runFor(Duration.ofMillis(499));
        assertEquals(List.of("now"), ran);
        sim.runFor(Duration.ofMillis(1));
        assertEquals(List.of("now", "late"), ran);
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aCancelledTaskNeverRunsAndTheCancelSaysItStoppedIt(TestCores cores) {
        Channel ch = channel(cores);
        Cancellable c = ch.schedule(Duration.ofSeconds(2), note(ch, "cancelled"));
        ch.schedule(Duration.ofSeconds(3), note(ch, "kept"));
        sim.runFor(Duration.ofSeconds(1));
        assertTrue(c.cancel(), "cancelled before it was due");
        sim.runFor(Duration.ofSeconds(5));
        assertEquals(List.of("kept"), ran);
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aTaskDueAfterTheHangUpDoesNotRun(TestCores cores) {
        Channel ch = channel(cores);
        ch.schedule(Duration.ofSeconds(1), note(ch, "after hang-up"));
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
        sim.runAll();
        assertEquals(List.of(), ran);
        assertEquals(ChannelState.DESTROYED, ch.state());
    }

    @Test
    void aThrowingTaskIsIgnoredTheChannelStaysUpAndLaterTasksRun(TestCores cores) {
        Channel ch = channel(cores);
        ch.schedule(Duration.ofMillis(10), () -> {
            throw new IllegalStateException("IVR bug");
        });
        ch.schedule(Duration.ofMillis(20), note(ch, "next"));
        sim.runFor(Duration.ofMillis(30));
        assertEquals(List.of("next"), ran);
        assertEquals(ChannelState.DOWN, ch.state());
        assertEquals(null, ch.snapshot().hangupCause());
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void theDelayMustBeZeroToADayAndTheTaskPresent(TestCores cores) {
        Channel ch = channel(cores);
        Runnable task = note(ch, "bad");
        for (Duration bad : new Duration[] {null, Duration.ofNanos(-1), Duration.ofHours(24).plusNanos(1)}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ch.schedule(bad, task));
            assertEquals("delay must be 0 .. 24 h", e.getMessage());
        }
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> ch.schedule(Duration.ofSeconds(1), null));
        assertEquals("task must not be null", e.getMessage());
        Cancellable longest = ch.schedule(Duration.ofHours(24), task);
        assertTrue(longest.cancel());
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
        sim.runAll();
        assertFalse(ran.contains("bad"));
    }
}
