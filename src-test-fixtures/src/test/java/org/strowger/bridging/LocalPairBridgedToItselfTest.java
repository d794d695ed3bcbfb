package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Application;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Both halves of one Local pair in one two-party bridge (found by the whole-core simulation, seed 6000090): a frame
 * written to ;1 came out of ;2, was forwarded back to ;1, and so on without end, so the core never went idle.
 */
@ExtendWith(NoLeakExtension.class)
class LocalPairBridgedToItselfTest {
    @Test
    void framesDoNotCircleAPairBridgedToItself() {
        Seeds.forEach("local pair bridged to itself", 9_100_000, 200, seed -> {
            Simulation sim = new Simulation(seed);
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> new Application() {
                @Override
                public void onAttach(Channel channel) {
                    channel.answer();
                }
            }).build();
            Channel one = core.request(OutboundRequest.of("Local", "loop" + (seed % 2 == 0 ? "" : "/n")));
            sim.await(one.call());
            sim.runUntilQuiescent();
            Channel two = core.channels().stream().filter(s -> s.direction() == Direction.INBOUND)
                    .map(s -> core.requireChannel(s.id())).findFirst().orElseThrow();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            bridge.join(one, JoinOptions.HANG_UP_AFTER);
            bridge.join(two, JoinOptions.HANG_UP_AFTER);
            sim.runUntilQuiescent();
            assertEquals(2, bridge.snapshot().members().size());
            for (int i = 0; i < 5; i++) {
                (i % 2 == 0 ? one : two).write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, i));
            }
            // before the fix the frames circled for ever: the step limit turns that into a failure
            sim.setStepLimit(sim.steps() + 100_000);
            sim.runUntilQuiescent();
            assertTrue(sim.isQuiescent());
            one.hangup(HangupCause.NORMAL_CLEARING);
            sim.runUntilQuiescent();
        });
    }
}
