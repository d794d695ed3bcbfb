package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;

/**
 * A conference larger than a channel's media lane: 50 members each send a frame within one mixing period, and the
 * bridge runs late by a tick. Before the fix the bridge's media lane had a channel's capacity (32 frames), so more than
 * 32 members' frames in one tick lost voice.
 */
@ExtendWith(NoLeakExtension.class)
class LargeConferenceTest {
    @Test
    void fiftyMembersSendingInOneTickLoseNothing() {
        Simulation sim = new Simulation(50);
        FakeTech fake = new FakeTech();
        ChannelCore core = sim.coreBuilder().tech(fake).build();
        Bridge conf = core.createBridge(BridgeOptions.conference());
        List<Channel> members = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Channel c = core.request(OutboundRequest.of("Fake", "m" + i));
            members.add(c);
            conf.join(c, JoinOptions.HANG_UP_AFTER);
        }
        sim.runUntilQuiescent();
        assertEquals(50, conf.snapshot().members().size());
        for (int tick = 0; tick < 3; tick++) { // two ticks' worth arrive before the bridge runs: it is late by one
            for (Channel c : members) {
                fake.channelOf(c).remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, tick * 160L));
            }
        }
        sim.runFor(java.time.Duration.ofMillis(100));
        assertEquals(0, core.metrics().mediaFramesDropped(), "voice dropped in a 50-member conference");
        members.forEach(c -> c.hangup(HangupCause.NORMAL_CLEARING));
        sim.runFor(java.time.Duration.ofSeconds(1));
    }
}
