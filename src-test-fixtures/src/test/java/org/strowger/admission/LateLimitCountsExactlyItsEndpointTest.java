package org.strowger.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * A usage limit set while calls are up counts the live channels on exactly its endpoint: {@code tech/resource}, or
 * the explicit endpoint of a request (then never its {@code tech/resource}); a key that differs from a channel's in
 * any part (tech, separator, resource, length) does not count it, and a channel that counts on no endpoint (the
 * second half of a Local pair) is never counted.
 */
@ExtendWith(NoLeakExtension.class)
class LateLimitCountsExactlyItsEndpointTest {

    @Test
    void aLimitSetDuringCallsCountsOnlyTheChannelsOfItsEndpoint(TestCores cores) {
        Simulation sim = new Simulation(13);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fake);
        List<Channel> calls = List.of(
                core.request(OutboundRequest.of("Fake", "alice")),
                core.request(OutboundRequest.of("Fake", "alice").withEndpoint("trunk-1")),
                core.request(OutboundRequest.of("Fake", "alicex")),
                core.request(OutboundRequest.of("Fake", "al")),
                core.request(OutboundRequest.of("Local", "100")));
        calls.get(4).call(); // creates the Local pair's inbound half, which counts on no endpoint
        sim.runAll();
        assertEquals(6, core.channelCount());

        // the near misses first: a channel already counted on a limit is not taken over by a later one
        for (String near : List.of("Fakx/alice", "Fake_alice", "Fake/alicf", "Fake/alice/", "Fake/", "Fake",
                "alice", "Fake/alic", "trunk-")) {
            assertEquals(0, inUseAfterSetting(core, near), near);
        }
        assertEquals(1, inUseAfterSetting(core, "Fake/alicex"));
        assertEquals(1, inUseAfterSetting(core, "Fake/al"));
        assertEquals(1, inUseAfterSetting(core, "Fake/alice"), "the plain alice call, not the one on trunk-1");
        assertEquals(1, inUseAfterSetting(core, "trunk-1"), "the explicit endpoint");
        assertEquals(1, inUseAfterSetting(core, "Local/100"), "the outbound half only");

        for (Channel c : calls) {
            sim.await(c.hangup(HangupCause.NORMAL_CLEARING));
        }
        sim.runAll();
        assertEquals(0, core.channelCount());
        core.usageLimits().forEach(u -> assertEquals(0, u.inUse(), u.endpoint()));
    }

    private static int inUseAfterSetting(ChannelCore core, String endpoint) {
        core.setUsageLimit(endpoint, 10);
        return core.usage(endpoint).orElseThrow().inUse();
    }
}
