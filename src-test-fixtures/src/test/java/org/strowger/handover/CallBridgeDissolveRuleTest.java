package org.strowger.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Simulation;

/**
 * A {@code call()} bridge dissolves once a member has gone and at most one is left, whether or not it ever held two:
 * before the fix a bridge that never had two members was never destroyed, (the docs' connect() example is checked in
 * the benchmarks module, beside it).
 */
class CallBridgeDissolveRuleTest {

    @Test
    void aCallBridgeWhoseOnlyMemberHangsUpIsDestroyed() {
        Simulation sim = new Simulation(7);
        FakeTech fake = new FakeTech();
        ChannelCore core = sim.coreBuilder().tech(fake).build();
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Bridge b = core.createBridge(BridgeOptions.call());
        sim.await(b.join(a, JoinOptions.HANG_UP_AFTER));
        assertEquals(1, core.bridgeCount(), "a bridge with one member waits for the second");
        sim.await(a.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
        assertTrue(b.snapshot().destroyed(), "the member left: the call is over");
        Invariants.assertSimulationClean(sim, core, fake);
    }
}
