package org.strowger.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * The docs' connect() example leaks nothing when the caller hangs up at any instant: before the dissolve rule was
 * fixed, the callee was left up and alone in the bridge whenever the caller hung up between the two joins.
 */
class ConnectExampleTest {
    /** The connect() example of docs/bridging-and-transfers.md, with the caller hanging up at a random instant. */
    @Test
    void connectLeavesNothingWhenTheCallerHangsUpBetweenTheJoins() {
        Seeds.forEach("connect racing the caller's hang-up", 43_000, 300, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            Channel caller = core.request(OutboundRequest.of("Fake", "caller"));
            Channel callee = core.request(OutboundRequest.of("Fake", "callee"));
            sim.runUntilQuiescent();
            CompletionStage<?>[] connected = new CompletionStage[1];
            sim.fork(() -> connected[0] = BridgingSnippets.connect(core, caller, callee));
            sim.fork(() -> caller.hangup(HangupCause.NORMAL_CLEARING));
            sim.runFor(Duration.ofSeconds(1));
            assertTrue(connected[0].toCompletableFuture().isDone(), "connect never completed");
            assertEquals(0, core.bridgeCount(), "no bridge outlives the call: " + core.bridges());
            assertTrue(!callee.snapshot().isLive(), "the callee is not left up: " + callee.snapshot());
            Invariants.assertSimulationClean(sim, core, fake);
        });
    }
}
