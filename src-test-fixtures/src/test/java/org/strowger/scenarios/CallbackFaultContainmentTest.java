package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.StrowgerException;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * A throwing owner or tech callback is contained where it happens: while the channel lives it hangs the channel up
 * (APPLICATION_FAULT or TECH_FAULT) and fails the command that ran it; while it hangs up, every throw is logged and
 * counted and the hang-up still completes with its original cause. Each throw counts once in the stats.
 */
@ExtendWith(NoLeakExtension.class)
class CallbackFaultContainmentTest {
    private final Simulation sim = new Simulation(19);
    private final FakeTech fake = new FakeTech();

    /** A RecordingApp that throws from the callbacks named, after recording them. */
    private static final class ThrowingApp extends RecordingApp {
        private final Set<String> throwing;
        final List<String> duringHangUp = new ArrayList<>();

        ThrowingApp(String... throwing) {
            this.throwing = Set.of(throwing);
        }

        private void maybeThrow(String callback) {
            if (throwing.contains(callback)) {
                throw new IllegalStateException("app bug in " + callback);
            }
        }

        @Override
        public void onAttach(Channel channel) {
            super.onAttach(channel);
            maybeThrow("onAttach");
        }

        @Override
        public void onEvent(Channel channel, ChannelEvent event) {
            super.onEvent(channel, event);
            if (event instanceof ChannelEvent.HungUp) {
                duringHangUp.add(channel.state() + " " + channel.snapshot().hangupCause());
                maybeThrow("onEvent HungUp");
            }
        }

        @Override
        public boolean onReleaseRequest(Channel channel, String requester) {
            boolean release = super.onReleaseRequest(channel, requester);
            maybeThrow("onReleaseRequest");
            return release;
        }

        @Override
        public void onDetach(Channel channel, DetachReason reason) {
            super.onDetach(channel, reason);
            maybeThrow("onDetach " + reason);
        }
    }

    private ChannelCore core(TestCores cores) {
        return cores.simulated(sim, b -> { }, fake);
    }

    private Channel channel(ChannelCore core, RecordingApp app) {
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        sim.await(ch.attach(app));
        return ch;
    }

    @Test
    void everyThrowWhileHangingUpIsCountedAndTheHangUpCompletesWithItsCause(TestCores cores) {
        ChannelCore core = core(cores);
        fake.failOn("hangup").failOn("close");
        ThrowingApp app = new ThrowingApp("onEvent HungUp", "onDetach HANGUP");
        Channel ch = channel(core, app);
        FakeChannel fc = fake.channelOf(ch);
        fc.remote().hangup(HangupCause.USER_BUSY);
        sim.runAll();
        assertEquals(ChannelState.DESTROYED, ch.state());
        assertEquals(HangupCause.USER_BUSY, ch.snapshot().hangupCause(), "the throws do not change the cause");
        assertEquals(List.of("HUNG_UP USER_BUSY"), app.duringHangUp, "the owner hears of it in state HUNG_UP");
        assertEquals(List.of("attach", "event HungUp[cause=USER_BUSY]", "detach HANGUP"), app.log(ch));
        assertEquals(List.of("newChannel", "hangup", "close"), fc.callbackNames());
        assertEquals(4, core.stats().callbackFaults(), "tech hangup, owner HungUp, owner detach, tech close");
    }

    @Test
    void attachingTheOwnerAgainChangesNothing(TestCores cores) {
        ChannelCore core = core(cores);
        RecordingApp app = new RecordingApp();
        Channel ch = channel(core, app);
        sim.await(ch.attach(app));
        assertEquals(List.of("attach"), app.log(ch), "no second attach, no release request, no detach");
        assertEquals(OwnerKind.APPLICATION, ch.snapshot().ownerKind());
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void anOwnerThrowingWhileHandingOverHangsUpAndTheNewOwnerIsNeverAttached(TestCores cores) {
        ChannelCore core = core(cores);
        ThrowingApp old = new ThrowingApp("onDetach HANDED_OVER");
        Channel ch = channel(core, old);
        RecordingApp next = new RecordingApp();
        NoSuchChannelException e = assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(ch.attach(next)));
        assertEquals(NoSuchChannelException.Reason.DESTROYED, e.reason());
        assertEquals("channel " + ch.id() + " was hung up (APPLICATION_FAULT) and destroyed", e.getMessage());
        assertEquals(HangupCause.APPLICATION_FAULT, ch.snapshot().hangupCause());
        assertEquals(List.of(), next.log(ch));
        assertEquals(1, core.stats().callbackFaults());
    }

    @Test
    void anOwnerThrowingOnAReleaseRequestFailsTheCommandWithItsCauseAndHangsUp(TestCores cores) {
        ChannelCore core = core(cores);
        ThrowingApp old = new ThrowingApp("onReleaseRequest");
        Channel ch = channel(core, old);
        Throwable t = sim.awaitFailure(ch.attach(new RecordingApp()));
        assertInstanceOf(StrowgerException.class, t);
        assertTrue(t.getMessage().contains("onReleaseRequest"), t.getMessage());
        assertInstanceOf(IllegalStateException.class, t.getCause());
        assertEquals(HangupCause.APPLICATION_FAULT, ch.snapshot().hangupCause());
    }

    @Test
    void aNewOwnerThrowingOnAttachFailsTheAttachAndHangsUp(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = core.request(OutboundRequest.of("Fake", "bob"));
        Throwable t = sim.awaitFailure(ch.attach(new ThrowingApp("onAttach")));
        assertInstanceOf(NoSuchChannelException.class, t);
        assertEquals(HangupCause.APPLICATION_FAULT, ch.snapshot().hangupCause());
        assertEquals(ChannelState.DESTROYED, ch.state());
    }

    @Test
    void anOwnerThrowingWhenDetachedHangsTheChannelUp(TestCores cores) {
        ChannelCore core = core(cores);
        Channel ch = channel(core, new ThrowingApp("onDetach DETACHED"));
        sim.runAll();
        ch.detach();
        sim.runAll();
        assertEquals(ChannelState.DESTROYED, ch.state());
        assertEquals(HangupCause.APPLICATION_FAULT, ch.snapshot().hangupCause());
        assertEquals(1, core.stats().callbackFaults());
    }

    @Test
    void aTechReturningNoChannelIsATechFault(TestCores cores) {
        ChannelTech nullTech = new ChannelTech() {
            @Override
            public String name() {
                return "Null";
            }

            @Override
            public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
                return null;
            }
        };
        ChannelCore core = cores.simulated(sim, b -> b.tech(nullTech));
        Channel ch = core.request(OutboundRequest.of("Null", "x"));
        sim.runAll();
        assertEquals(ChannelState.DESTROYED, ch.state());
        assertEquals(HangupCause.TECH_FAULT, ch.snapshot().hangupCause());
        assertEquals(1, core.stats().callbackFaults());
    }
}
