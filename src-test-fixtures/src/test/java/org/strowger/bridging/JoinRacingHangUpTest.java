package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * A channel's far end hangs up while the channel is being joined to, moved into or removed from a bridge, at every
 * point of the hand-over (one seed per interleaving): the command completes (a join or move fails with
 * NoSuchChannelException, or succeeds and the channel then leaves), the bridge never keeps the gone channel nor a
 * reservation for it, and takes the next member as usual.
 */
class JoinRacingHangUpTest {

    @Test
    void aHangUpDuringAJoinOrMoveLeavesNoTraceInTheBridges() {
        Seeds.forEach("join racing hang-up", 91_000, 40, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            Channel a = core.request(OutboundRequest.of("Fake", "a"));
            Channel b = core.request(OutboundRequest.of("Fake", "b"));
            Channel x = core.request(OutboundRequest.of("Fake", "x"));
            Channel y = core.request(OutboundRequest.of("Fake", "y"));
            Bridge home = core.createBridge(BridgeOptions.conference());
            Bridge other = core.createBridge(BridgeOptions.conference());
            sim.await(home.join(a, JoinOptions.HANG_UP_AFTER));
            sim.await(other.join(b, JoinOptions.HANG_UP_AFTER));
            sim.await(other.join(y, JoinOptions.PARK_AFTER));
            CompletableFuture<Void> joined = home.join(x, JoinOptions.HANG_UP_AFTER).toCompletableFuture();
            CompletableFuture<Void> moved = other.move(y, home, null).toCompletableFuture();
            CompletableFuture<Void> left = other.leave(b).toCompletableFuture();
            sim.fork(() -> fake.channelOf(x).remote().hangup(HangupCause.NORMAL_CLEARING));
            sim.fork(() -> fake.channelOf(y).remote().hangup(HangupCause.NORMAL_CLEARING));
            sim.fork(() -> fake.channelOf(b).remote().hangup(HangupCause.NORMAL_CLEARING));
            sim.runAll();
            for (CompletableFuture<Void> f : List.of(joined, moved)) {
                assertTrue(f.isDone(), "the command completed");
                if (f.isCompletedExceptionally()) {
                    assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(f));
                }
            }
            assertTrue(left.isDone(), "the leave completed");
            for (Channel gone : List.of(x, y, b)) {
                assertEquals(ChannelState.DESTROYED, gone.state());
            }
            assertEquals(List.of(a.id()), home.snapshot().members(), "only the member that stayed");
            assertTrue(other.snapshot().destroyed() || other.snapshot().members().isEmpty());

            Channel z = core.request(OutboundRequest.of("Fake", "z"));
            sim.await(home.join(z, JoinOptions.HANG_UP_AFTER));
            assertEquals(List.of(a.id(), z.id()), home.snapshot().members(), "the bridge takes the next member");
            sim.await(home.destroy());
            sim.await(other.destroy());
            sim.runAll();
            assertFalse(a.snapshot().isLive());
            Invariants.assertClean(sim, core, fake);
            sim.await(core.shutdown());
        });
    }
}
