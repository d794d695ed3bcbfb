package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * Many pairs bridged at once on real threads: every member's tech is told its peer and media crosses every pair.
 * (Races between a bridge's topology messages and its published snapshot only show on real threads.)
 */
@ExtendWith(NoLeakExtension.class)
class RealThreadBridgingTest {
    @Test
    @Timeout(60)
    void everyPairOfThousandsIsBridgedAndCarriesMedia(TestCores cores) {
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.real(b -> { }, fake);
        int pairs = 2_000;
        List<Channel[]> calls = new ArrayList<>();
        try (DeadlockWatchdog w = DeadlockWatchdog.start()) {
            for (int i = 0; i < pairs; i++) {
                Channel a = core.request(OutboundRequest.of("Fake", "a" + i));
                Channel b = core.request(OutboundRequest.of("Fake", "b" + i));
                Bridge bridge = core.createBridge(BridgeOptions.call());
                bridge.join(a, JoinOptions.HANG_UP_AFTER);
                bridge.join(b, JoinOptions.HANG_UP_AFTER);
                calls.add(new Channel[] {a, b});
            }
            // request() returns before the tech's newChannel has run, so under load the fake tech may not know every
            // channel yet: wait for all of them, or the frames below would go only to the ones it knows so far.
            assertTrue(TestCores.await(() -> fake.channels().size() == 2 * pairs
                    && fake.channels().stream().allMatch(c -> c.count("bridged") == 1), Duration.ofSeconds(30)),
                    "some techs were never created or never told their peer: "
                    + (2 * pairs - fake.channels().stream().filter(c -> c.count("bridged") == 1).count()));
            for (FakeChannel c : fake.channels()) {
                if (c.resource().startsWith("a")) {
                    c.remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 42));
                }
            }
            assertTrue(TestCores.await(() -> fake.channels().stream().filter(c -> c.resource().startsWith("b"))
                    .allMatch(c -> c.count("write") == 1), Duration.ofSeconds(30)), "a frame did not cross its pair");
            assertEquals(pairs, core.bridgeCount());
            calls.forEach(p -> p[0].hangup(HangupCause.NORMAL_CLEARING));
        }
    }
}
