package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * One bad-input case's world: a simulated core with a {@code Fake} tech whose inbound calls go to a
 * {@link RecordingApp}, helpers that build channels and bridges in a known state, and the checks every row of the
 * catalogue (docs/reliability.md) uses. {@link #cleanUp} hangs up and destroys what is left, so the
 * {@code NoLeakExtension} check after the test holds.
 */
final class BadInputWorld {
    /** A row of the catalogue: its name (as in the doc's "test" column) and what it does. */
    record Case(String name, Consumer<BadInputWorld> body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case bad(String name, Consumer<BadInputWorld> body) {
        return new Case(name, body);
    }

    final Simulation sim;
    final FakeTech fake = new FakeTech();
    final RecordingApp app = new RecordingApp();
    final ChannelCore core;
    private final List<Bridge> bridges = new ArrayList<>();

    BadInputWorld(TestCores cores, long seed) {
        sim = new Simulation(seed);
        core = cores.simulated(sim, b -> b.inboundHandler(ch -> app), fake);
    }

    /** Runs one case and then checks nothing leaked. */
    static void run(Case c, TestCores cores) {
        BadInputWorld w = new BadInputWorld(cores, c.name().hashCode());
        c.body().accept(w);
        w.cleanUp();
    }

    /** An inbound channel in state RING owned by {@link #app}. */
    Channel ringing(String resource) {
        FakeChannel f = fake.inbound(resource, "100");
        sim.runUntilQuiescent();
        assertEquals(ChannelState.RING, f.channel().state());
        return f.channel();
    }

    /** An answered inbound channel owned by {@link #app}. */
    Channel up(String resource) {
        Channel ch = ringing(resource);
        sim.await(ch.answer());
        return ch;
    }

    /** An outbound channel in state DOWN, owned by nobody. */
    Channel down(String resource) {
        Channel ch = core.request(OutboundRequest.of("Fake", resource));
        sim.runUntilQuiescent();
        return ch;
    }

    /** A channel that has been hung up and destroyed: its handle is stale. */
    Channel destroyed(String resource) {
        Channel ch = down(resource);
        sim.await(ch.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
        assertTrue(core.channel(ch.id()).isEmpty());
        return ch;
    }

    FakeChannel fakeOf(Channel ch) {
        return fake.channelOf(ch);
    }

    Bridge bridge() {
        Bridge b = core.createBridge(BridgeOptions.call());
        bridges.add(b);
        return b;
    }

    /** A call bridge with two answered members, {@code a} and {@code b}. */
    Bridge bridged(Channel a, Channel b) {
        Bridge br = bridge();
        sim.await(br.join(a, JoinOptions.HANG_UP_AFTER));
        sim.await(br.join(b, JoinOptions.HANG_UP_AFTER));
        return br;
    }

    /** A destroyed bridge. */
    Bridge destroyedBridge() {
        Bridge b = bridge();
        sim.await(b.destroy());
        sim.runUntilQuiescent();
        return b;
    }

    <T> T done(CompletionStage<T> stage) {
        return sim.await(stage);
    }

    /** Thrown at once, synchronously. */
    static InvalidArgumentException invalid(Executable call) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, call);
        assertNotNull(e.getMessage());
        return e;
    }

    /** The stage fails with {@link CommandRejectedException} for {@code reason}. */
    CommandRejectedException rejected(CommandRejectedException.Reason reason, CompletionStage<?> stage) {
        CommandRejectedException e = assertInstanceOf(CommandRejectedException.class, sim.awaitFailure(stage));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    /** The stage fails with {@link NoSuchChannelException} for {@code reason}. */
    NoSuchChannelException gone(NoSuchChannelException.Reason reason, CompletionStage<?> stage) {
        NoSuchChannelException e = assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(stage));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    /** The stage fails with {@link NoSuchChannelException} (hung up or destroyed: whichever the race gives). */
    NoSuchChannelException gone(CompletionStage<?> stage) {
        return assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(stage));
    }

    NoSuchBridgeException bridgeGone(CompletionStage<?> stage) {
        return assertInstanceOf(NoSuchBridgeException.class, sim.awaitFailure(stage));
    }

    /** Loses nothing: the channel still takes commands. */
    void stillUsable(Channel ch) {
        done(ch.setVariable("AFTER", "ok"));
        assertEquals("ok", ch.variable("AFTER").orElseThrow());
    }

    /** Hangs up every live channel and destroys every bridge made here, then lets the core settle. */
    void cleanUp() {
        sim.runUntilQuiescent();
        for (Bridge b : bridges) {
            b.destroy();
        }
        for (var s : core.channels()) {
            core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING));
        }
        sim.runFor(java.time.Duration.ofSeconds(5));
        for (var s : core.bridges()) {
            core.bridge(s.id()).ifPresent(Bridge::destroy);
        }
        sim.runFor(java.time.Duration.ofSeconds(5));
    }
}
