package org.strowger.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.event.AttendedTransferEnded;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Simulation;

/** The docs' PIN IVR, on the simulation: the right PIN reaches the agent, whose *2 *2 hands the caller on. */
class PinIvrTest {
    private final Simulation sim = new Simulation(1234);
    private final FakeTech desk = new FakeTech("Desk");
    private final ChannelCore core = sim.coreBuilder().tech(desk)
            .inboundHandler(ch -> new PinIvr("1234", DialTarget.of("Desk", "agent"),
                    OutboundRequest.of("Desk", "supervisor")))
            .build();

    private void key(FakeChannel who, String digits) {
        for (char d : digits.toCharArray()) {
            who.remote().receive(new DtmfEnd(d, Duration.ofMillis(80)));
            sim.runFor(Duration.ofMillis(100));
        }
    }

    private FakeChannel leg(String resource) {
        return desk.channels().stream().filter(c -> c.resource().equals(resource)).findFirst().orElseThrow();
    }

    @Test
    void theRightPinReachesTheAgentWhoseStarTwoHandsTheCallerToTheSupervisor() {
        desk.on("call", (fc, arg) -> fc.remote().answered());
        List<AttendedTransferEnded> ended = new ArrayList<>();
        core.subscribe(EventFilter.all().withKinds(EventKind.ATTENDED_TRANSFER_ENDED),
                e -> ended.add((AttendedTransferEnded) e), SubscribeOptions.defaults().onPool());
        FakeChannel alice = desk.inbound("alice", "100");
        sim.runFor(Duration.ofMillis(100));
        assertEquals(ChannelState.UP, alice.channel().state(), "the IVR answers");
        key(alice, "1234");
        FakeChannel agent = leg("agent");
        assertEquals(agent.channel().snapshot().bridge(), alice.channel().snapshot().bridge(),
                "alice talks to the agent");
        key(agent, "*2");
        FakeChannel supervisor = leg("supervisor");
        assertEquals(agent.channel().snapshot().bridge(), supervisor.channel().snapshot().bridge(), "consulting");
        key(agent, "*2");
        sim.runFor(Duration.ofSeconds(1));
        assertEquals(supervisor.channel().snapshot().bridge(), alice.channel().snapshot().bridge(),
                "alice talks to the supervisor");
        assertTrue(!agent.channel().snapshot().isLive(), "the agent dropped out");
        assertEquals(1, ended.size());
        assertEquals(TransferOutcome.COMPLETED, ended.get(0).outcome());
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, desk);
    }

    @Test
    void aWrongPinIsRejectedAndNoPinTimesOut() {
        FakeChannel bob = desk.inbound("bob", "100");
        sim.runFor(Duration.ofMillis(100));
        key(bob, "4321");
        assertEquals(HangupCause.CALL_REJECTED, bob.channel().snapshot().hangupCause());
        FakeChannel carol = desk.inbound("carol", "100");
        sim.runFor(Duration.ofSeconds(11));
        assertEquals(HangupCause.NORMAL_CLEARING, carol.channel().snapshot().hangupCause(), "gave up after 10 s");
        assertEquals(2, desk.channels().size(), "nobody was rung");
        Invariants.assertSimulationClean(sim, core, desk);
    }
}
