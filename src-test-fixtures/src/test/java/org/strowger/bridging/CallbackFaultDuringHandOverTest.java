package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.events.EventStreams;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * Found by the whole-core simulation (seed 6000042): a member moved to another bridge (here by a plain move; there by
 * an attended transfer taking the transferer into its consultation bridge) whose tech's {@code unbridged} callback
 * throws hangs up with {@code TECH_FAULT} while leaving its old bridge. The channel then went on committing to the new
 * bridge regardless: the destroyed channel was entered into it (BridgeEntered with no OwnerChanged before it, the
 * bridge listing a channel that no longer existed). Now the move fails with {@link NoSuchChannelException} and the
 * new bridge never lists the channel.
 */
class CallbackFaultDuringHandOverTest {
    @Test
    void aMemberWhoseUnbridgedThrowsWhileMovingHangsUpAndNeverEntersTheNewBridge() {
        Seeds.forEach("unbridged throws during a move", 0, 200, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            List<CoreEvent> events = new ArrayList<>();
            ChannelCore core = sim.coreBuilder().tech(fake).build();
            core.subscribe(EventFilter.all(), events::add, SubscribeOptions.defaults().onPool());
            Channel a = BridgeInvariants.answered(sim, core, fake, "a");
            Channel b = BridgeInvariants.answered(sim, core, fake, "b");
            Bridge from = BridgeInvariants.call(sim, core, a, b);
            Bridge to = core.createBridge(BridgeOptions.conference());
            Channel c = BridgeInvariants.answered(sim, core, fake, "c");
            sim.await(to.join(c, JoinOptions.HANG_UP_AFTER));
            fake.failOn("unbridged", "a");

            Throwable failure = sim.awaitFailure(from.move(a, to, null));
            sim.runUntilQuiescent();

            assertInstanceOf(NoSuchChannelException.class, failure);
            assertEquals(HangupCause.TECH_FAULT, fake.channelOf(a).argumentOf("hangup"));
            assertFalse(to.snapshot().members().contains(a.id()), "the hung-up channel entered " + to.snapshot());
            BridgeInvariants.assertAtRest(core);
            assertTrue(events.stream().noneMatch(e -> e instanceof BridgeEntered en
                    && en.bridgeId().equals(to.id()) && en.channel().id().equals(a.id())), "BridgeEntered for a");
            core.channels().forEach(s -> core.channel(s.id()).ifPresent(x -> x.hangup(HangupCause.NORMAL_CLEARING)));
            to.destroy();
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
            assertEquals(List.of(), EventStreams.problems(events));
            core.shutdown();
            sim.runAll();
        });
    }
}
