package org.strowger.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;

/**
 * A channel's snapshot names the endpoint it counts against for usage limits, so an operator (or a test) can tell
 * which counter a channel holds without knowing how the tech chose it: an explicit endpoint, else tech/resource, and
 * none for the second half of a Local pair.
 */
class SnapshotEndpointTest {

    @Test
    void theSnapshotNamesTheEndpointTheChannelCountsAgainst() {
        Simulation sim = new Simulation(17);
        FakeTech fake = new FakeTech();
        RecordingApp app = new RecordingApp();
        ChannelCore core = sim.coreBuilder().tech(fake).inboundHandler(ch -> app).build();
        Channel bob = core.request(OutboundRequest.of("Fake", "bob"));
        Channel viaTrunk = core.request(OutboundRequest.of("Fake", "+4930123").withEndpoint("trunk-berlin"));
        FakeChannel alice = fake.inbound("alice", "100");
        FakeChannel carol = fake.inbound(InboundCall.of("carol", "100").withEndpoint("office-pbx"));
        Channel local = core.request(OutboundRequest.of("Local", "200/n"));
        local.call();
        sim.runFor(Duration.ofMillis(10));

        assertEquals("Fake/bob", bob.snapshot().endpoint());
        assertEquals("trunk-berlin", viaTrunk.snapshot().endpoint());
        assertEquals("Fake/alice", alice.channel().snapshot().endpoint());
        assertEquals("office-pbx", carol.channel().snapshot().endpoint());
        assertEquals("Local/200/n", local.snapshot().endpoint());
        ChannelSnapshot second = core.channels().stream()
                .filter(s -> s.tech().equals("Local") && s.direction() == Direction.INBOUND).findFirst().orElseThrow();
        assertNull(second.endpoint(), "the second half of a Local pair counts on no endpoint");
        for (String endpoint : new String[] {"Fake/bob", "trunk-berlin", "Fake/alice", "office-pbx", "Local/200/n"}) {
            core.setUsageLimit(endpoint, 5);
            assertEquals(1, core.usage(endpoint).orElseThrow().inUse(), endpoint + " counts the one channel named");
        }

        core.channels().forEach(s -> core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
        sim.runFor(Duration.ofSeconds(1));
        assertEquals("Fake/bob", bob.snapshot().endpoint(), "the final snapshot still names it");
        Invariants.assertSimulationClean(sim, core, fake);
    }
}
