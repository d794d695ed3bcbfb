package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * The channel's side of the bridge protocol refuses an ownership change that does not fit where the channel is, with
 * WRONG_STATE and a message naming what was expected, and changes nothing: a join of a member of another bridge (use
 * move), a swap-in of a channel already in the bridge, a move or swap of a non-member, and a pickup of a member that
 * is not an outbound call still ringing (an answered call, an inbound call).
 */
@ExtendWith(NoLeakExtension.class)
class OwnershipChangeRefusalsTest {
    private final Simulation sim = new Simulation(41);
    private final FakeTech fake = new FakeTech();
    private ChannelCore core;

    private Channel parked(String resource) {
        Channel c = core.request(OutboundRequest.of("Fake", resource));
        sim.runAll();
        return c;
    }

    private Bridge bridged(Channel... members) {
        Bridge b = core.createBridge(BridgeOptions.call());
        for (Channel c : members) {
            sim.await(b.join(c, JoinOptions.HANG_UP_AFTER));
        }
        return b;
    }

    private String refused(CompletionStage<?> stage) {
        CommandRejectedException e = assertInstanceOf(CommandRejectedException.class, sim.awaitFailure(stage));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, e.reason(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void joinsMovesAndSwapsThatDoNotFitAreRefusedWithWhatTheyNeed(TestCores cores) {
        core = cores.simulated(sim, b -> { }, fake);
        Channel a = parked("a");
        Channel b = parked("b");
        Channel c = parked("c");
        Channel d = parked("d");
        Bridge ab = bridged(a, b);
        Bridge cd = bridged(c, d);
        Channel loose = parked("e");

        String m = refused(cd.join(a, JoinOptions.HANG_UP_AFTER));
        assertTrue(m.contains("is already in bridge " + ab.id() + "; use move"), m);
        m = refused(ab.swap(a, b, null));
        assertTrue(m.contains(b.id() + " is already in bridge " + ab.id()), m);
        m = refused(cd.move(a, ab, null));
        assertTrue(m.contains("move needs a member of bridge " + cd.id()), m);
        m = refused(ab.move(loose, cd, null));
        assertTrue(m.contains("move needs a member of bridge " + ab.id()), m);
        m = refused(ab.swap(c, loose, null));
        assertTrue(m.contains("swap needs a member of bridge " + ab.id()), m);

        assertEquals(List.of(a.id(), b.id()), ab.snapshot().members());
        assertEquals(List.of(c.id(), d.id()), cd.snapshot().members());
        assertEquals(null, loose.snapshot().bridge());
        sim.await(ab.swap(a, loose, null)); // and the channels still take a change that fits
        assertEquals(Set.of(loose.id(), b.id()), Set.copyOf(ab.snapshot().members()));
        sim.await(ab.destroy());
        sim.await(cd.destroy());
        sim.runAll();
    }

    @Test
    void anOwnershipChangeIssuedWhileAnotherIsInFlightIsRefusedAndTheFirstCompletes(TestCores cores) {
        core = cores.simulated(sim, b -> { }, fake);
        RecordingApp app = new RecordingApp();
        Channel p = parked("p");
        sim.await(p.attach(app));
        Bridge holding = core.createBridge(BridgeOptions.conference());
        CompletionStage<Void> joining = holding.join(p, JoinOptions.HANG_UP_AFTER);
        String m = refused(p.detach()); // queued behind the reservation, before the commit
        assertTrue(m.contains("detach of channel " + p.id() + " conflicts with its move into bridge " + holding.id()),
                m);
        sim.await(joining);
        assertEquals(List.of(p.id()), holding.snapshot().members());

        Channel a = parked("a");
        Channel in = parked("in");
        sim.await(holding.join(a, JoinOptions.PARK_AFTER));
        CompletionStage<Void> swapping = holding.swap(a, in, null);
        m = refused(a.attach(app)); // queued behind the swap's lock of a
        assertTrue(m.contains("attach of channel " + a.id() + " conflicts with its replacement in bridge "
                + holding.id()), m);
        sim.await(swapping);
        assertEquals(Set.of(p.id(), in.id()), Set.copyOf(holding.snapshot().members()));
        assertEquals(null, a.snapshot().bridge(), "parked after the swap");
        sim.await(holding.destroy());
        sim.await(a.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void onlyAnOutboundMemberStillRingingCanBePickedUp(TestCores cores) {
        core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fake);
        Channel answered = parked("answered");
        sim.await(answered.call());
        fake.channelOf(answered).remote().answered();
        Channel inbound = fake.inbound("in", "100").channel();
        sim.runAll();
        sim.await(inbound.detach());
        Channel dialing = parked("dialing");
        sim.await(dialing.call());
        Bridge one = bridged(parked("x"), answered);
        Bridge two = bridged(parked("y"), inbound);
        Bridge three = bridged(parked("z"), dialing);

        String m = refused(core.pickup(parked("p1"), answered));
        assertTrue(m.contains("pickup needs an outbound channel that is still ringing"), m);
        m = refused(core.pickup(parked("p2"), inbound));
        assertTrue(m.contains("pickup needs an outbound channel that is still ringing"), m);
        assertEquals(ChannelState.UP, answered.state());
        assertEquals(ChannelState.RING, inbound.state());

        Channel picker = parked("p3");
        sim.await(core.pickup(picker, dialing));
        assertEquals(HangupCause.ANSWERED_ELSEWHERE, dialing.snapshot().hangupCause());
        assertTrue(three.snapshot().members().contains(picker.id()));

        for (Channel ch : core.channels().stream().map(s -> core.requireChannel(s.id())).toList()) {
            ch.hangup(HangupCause.NORMAL_CLEARING);
        }
        sim.runAll();
        assertTrue(one.snapshot().destroyed() && two.snapshot().destroyed() && three.snapshot().destroyed());
    }
}
