package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * Local pairs bridged to each other in a ring (;2 of each pair with ;1 of the next, the last ;2 with the first ;1):
 * nothing but Local halves on the ring, so a frame written to any of them would circle without end. The loop is found
 * and what would cross it is dropped, so the core goes idle; a chain that ends at real parties still carries media.
 */
@ExtendWith(NoLeakExtension.class)
class LocalPairsInARingTest {

    /** The first halves of {@code n} answered Local pairs, and their second halves, by index. */
    private static List<Channel[]> pairs(Simulation sim, ChannelCore core, int n, boolean optimise) {
        List<Channel[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Channel one = core.request(OutboundRequest.of("Local", "ring" + i + (optimise ? "" : "/n")));
            sim.await(one.call());
            sim.runUntilQuiescent();
            String dest = "ring" + i;
            Channel two = core.channels().stream()
                    .filter(s -> s.direction() == Direction.INBOUND && s.destination().equals(dest))
                    .map(s -> core.requireChannel(s.id())).findFirst().orElseThrow();
            out.add(new Channel[] {one, two});
        }
        return out;
    }

    private static ChannelCore core(Simulation sim, FakeTech fake) {
        return sim.coreBuilder().tech(fake).inboundHandler(ch -> new Application() {
            @Override
            public void onAttach(Channel channel) {
                if (channel.techName().equals("Local")) {
                    channel.answer();
                }
            }
        }).build();
    }

    @Test
    void framesDoNotCircleARingOfLocalPairs() {
        Seeds.forEach("ring of local pairs", 9_200_000, 200, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            ChannelCore core = core(sim, fake);
            int n = 2 + (int) (seed % 3);
            List<Channel[]> p = pairs(sim, core, n, seed % 2 == 0);
            for (int i = 0; i < n; i++) {
                Bridge b = core.createBridge(BridgeOptions.call());
                b.join(p.get(i)[1], JoinOptions.HANG_UP_AFTER);
                b.join(p.get((i + 1) % n)[0], JoinOptions.HANG_UP_AFTER);
            }
            sim.runUntilQuiescent();
            for (int i = 0; i < 4; i++) {
                p.get(i % n)[i % 2].write(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, i));
            }
            // before the fix the frames circled for ever: the step limit turns that into a failure
            sim.setStepLimit(sim.steps() + 200_000);
            sim.runFor(Duration.ofSeconds(2));
            assertTrue(sim.isQuiescent());
            // hanging up one ends the ring (what optimisation left of it): each hang-up crosses its pair and each
            // bridge dissolves
            assertTrue(core.channelCount() > 0, "a ring never optimises away completely");
            core.requireChannel(core.channels().get(0).id()).hangup(HangupCause.NORMAL_CLEARING);
            sim.runFor(Duration.ofSeconds(3));
            assertEquals(0, core.channelCount(), "channels left on the ring");
            assertEquals(0, core.bridgeCount(), "bridges left on the ring");
        });
    }

    @Test
    void aChainOfLocalPairsBetweenTwoPartiesStillCarriesMedia() {
        Simulation sim = new Simulation(5);
        FakeTech fake = new FakeTech();
        ChannelCore core = core(sim, fake);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel c = core.request(OutboundRequest.of("Fake", "c"));
        sim.runUntilQuiescent();
        List<Channel[]> p = pairs(sim, core, 2, false);
        Bridge b1 = core.createBridge(BridgeOptions.call());
        b1.join(a, JoinOptions.HANG_UP_AFTER);
        b1.join(p.get(0)[0], JoinOptions.HANG_UP_AFTER);
        Bridge b2 = core.createBridge(BridgeOptions.call());
        b2.join(p.get(0)[1], JoinOptions.HANG_UP_AFTER);
        b2.join(p.get(1)[0], JoinOptions.HANG_UP_AFTER);
        Bridge b3 = core.createBridge(BridgeOptions.call());
        b3.join(p.get(1)[1], JoinOptions.HANG_UP_AFTER);
        b3.join(c, JoinOptions.HANG_UP_AFTER);
        sim.runUntilQuiescent();
        fake.channelOf(a).remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 7));
        sim.runUntilQuiescent();
        assertEquals(1, fake.channelOf(c).count("write"), "a's frame reached c through both pairs");
        a.hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
    }
}
