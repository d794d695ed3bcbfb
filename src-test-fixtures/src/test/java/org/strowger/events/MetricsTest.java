package org.strowger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.CoreMetrics;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.event.SubscriptionStats;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Every metric with an exact expected value, on the simulation's single thread where nothing runs unless stepped. */
@ExtendWith(NoLeakExtension.class)
class MetricsTest {
    private static final VoiceFrame VOICE = new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0);

    @Test
    void metricsCountWhatHappenedExactly(TestCores cores) {
        Simulation sim = new Simulation(3);
        FakeTech fake = new FakeTech();
        fake.failOn("answer", "faulty");
        ChannelCore core = cores.simulated(sim, b -> b.maxChannels(3).mediaQueueCapacity(2)
                .inboundHandler(ch -> new RecordingApp()), fake);
        Channel x = core.request(OutboundRequest.of("Fake", "x"));
        Channel y = core.request(OutboundRequest.of("Fake", "y"));
        Channel faulty = fake.inbound("faulty", "100").channel();
        assertThrows(CommandRejectedException.class, () -> core.request(OutboundRequest.of("Fake", "over")));
        Bridge kept = core.createBridge(BridgeOptions.holding());
        Bridge gone = core.createBridge(BridgeOptions.holding());
        sim.runUntilQuiescent();
        sim.await(gone.destroy());
        sim.await(faulty.answer().exceptionally(t -> null)); // the tech throws: hung up with TECH_FAULT

        // queued but not yet run: 4 commands and 2 frames on x, 2 commands on y; 3 frames over y's capacity of 2
        for (int i = 0; i < 4; i++) {
            x.setVariable("V" + i, "v");
        }
        x.write(VOICE);
        x.write(VOICE);
        y.setVariable("A", "a");
        y.setVariable("B", "b");
        for (int i = 0; i < 5; i++) {
            fake.channelOf(y).remote().receive(VOICE);
        }
        CoreMetrics m = core.metrics();
        assertEquals(2, m.stats().channelsLive());
        assertEquals(3, m.stats().channelsCreated());
        assertEquals(1, m.stats().channelsDestroyed());
        assertEquals(1, m.stats().channelsRejected());
        assertEquals(1, m.stats().callbackFaults());
        assertEquals(0, m.stats().stalls());
        assertEquals(1, m.bridgesLive());
        assertEquals(2, m.bridgesCreated());
        assertEquals(3, m.mediaFramesDropped(), "y's lane holds 2 of its 5 frames");
        assertEquals(6 + 4, m.queueDepthTotal(), "x: 4 commands + 2 frames; y: 2 commands + 2 frames");
        assertEquals(6, m.queueDepthMax());
        assertEquals(0, m.eventsPublished(), "no subscription: no event was even built");
        assertEquals(List.of(), m.subscriptions());

        sim.runUntilQuiescent();
        assertEquals(0, core.metrics().queueDepthTotal());
        assertEquals(3, core.metrics().mediaFramesDropped());

        // one task emits two events (hang-up, destroyed) into an idle queue of capacity 1: one delivered, one dropped
        Subscription tiny = core.subscribe(EventFilter.all(), e -> { },
                SubscribeOptions.defaults().onPool().withName("tiny").withQueueCapacity(1));
        sim.await(y.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
        m = core.metrics();
        assertEquals(3, m.mediaFramesDropped(), "a destroyed channel's drops still count");
        assertEquals(2, m.eventsPublished());
        assertEquals(List.of(new SubscriptionStats("tiny", 2, 1, 1, 0, 0, true)), m.subscriptions());
        assertEquals(1, tiny.dropped());
        tiny.close();
        assertEquals(List.of(), core.metrics().subscriptions());
        x.hangup(HangupCause.NORMAL_CLEARING);
        kept.destroy();
        sim.runUntilQuiescent();
        assertEquals(0, core.metrics().bridgesLive());
        assertEquals(2, core.metrics().bridgesCreated());
    }
}
