package org.strowger.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Simulation;

/**
 * An attended transfer watches the hang-ups of its parties while it runs; once it has ended, none of them keeps it
 * reachable. Before the fix the watchers stayed on the channels, so every finished transfer lived as long as its
 * transferer and transferees (a long call with many consultations kept them all).
 */
class FinishedTransferIsNotHeldByItsChannelsTest {
    private final Simulation sim = new Simulation(31);
    private final FakeTech fake = new FakeTech();
    private final ChannelCore core = sim.coreBuilder().tech(fake).build();

    private Channel answered(String name) {
        Channel c = core.request(OutboundRequest.of("Fake", name));
        c.call();
        sim.runUntilQuiescent();
        fake.channelOf(c).remote().answered();
        sim.runUntilQuiescent();
        return c;
    }

    /** Runs a transfer from {@code transferer} that is cancelled; returns a weak reference to its handle only. */
    private WeakReference<AttendedTransfer> cancelledTransfer(Channel transferer) {
        AttendedTransfer transfer = sim.await(core.attendedTransfer(transferer, OutboundRequest.of("Fake", "carol")));
        sim.runFor(Duration.ofMillis(50));
        assertEquals(TransferOutcome.CANCELLED, sim.await(transfer.cancel()));
        sim.runFor(Duration.ofMillis(50));
        return new WeakReference<>(transfer);
    }

    @Test
    void aFinishedTransferIsCollectedWhileItsPartiesTalkOn() throws InterruptedException {
        Channel alice = answered("alice");
        Channel bob = answered("bob");
        Bridge call = core.createBridge(BridgeOptions.call());
        call.join(alice, JoinOptions.HANG_UP_AFTER);
        call.join(bob, JoinOptions.HANG_UP_AFTER);
        sim.runUntilQuiescent();

        WeakReference<AttendedTransfer> first = cancelledTransfer(alice);
        WeakReference<AttendedTransfer> second = cancelledTransfer(bob);
        assertEquals(call.id(), alice.snapshot().bridge(), "alice is back with bob");
        assertEquals(call.id(), bob.snapshot().bridge());
        for (int i = 0; i < 100 && (first.get() != null || second.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(first.get() == null && second.get() == null,
                "a finished transfer is still reachable while its parties are live");

        alice.hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, fake);
    }
}
