package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.api.media.MediaDirection;
import org.strowger.api.media.MediaSource;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.DirectMedia;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Simulation;

/**
 * Music on hold, with no application code: the peer of a party that puts the call on hold (an indication, or a
 * direction in which its far end stops sending) hears the configured source until the hold ends. And direct media:
 * two channels of the same tech learn what the other offers when they are bridged, and nothing otherwise.
 */
class HoldAndDirectMediaTest {

    @Test
    void thePeerOfAPartyOnHoldHearsMusicUntilTheHoldEnds() {
        Simulation sim = new Simulation(51);
        FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
        ChannelCore core = sim.coreBuilder().tech(pcmu).musicOnHold(MediaSource.tone("400")).build();
        Channel a = core.request(OutboundRequest.of("Pcmu", "a"));
        Channel b = core.request(OutboundRequest.of("Pcmu", "b"));
        for (Channel c : List.of(a, b)) {
            c.call();
            sim.runUntilQuiescent();
            pcmu.channelOf(c).remote().answered();
        }
        Bridge call = core.createBridge(BridgeOptions.call());
        sim.await(call.join(a, JoinOptions.HANG_UP_AFTER));
        sim.await(call.join(b, JoinOptions.HANG_UP_AFTER));
        FakeChannel fa = pcmu.channelOf(a);
        FakeChannel fb = pcmu.channelOf(b);

        fa.remote().receive(ControlFrame.of(Control.HOLD)); // a's phone pressed hold
        sim.runFor(Duration.ofMillis(400));
        List<VoiceFrame> music = Audio.written(fb);
        assertTrue(music.size() >= 18, "b hears music: " + music.size() + " frames");
        assertEquals(400, Audio.dominant(Audio.decode(music, 8000), 8000, 400, 1000));
        assertTrue(fb.callbacks().stream().noneMatch(cb -> cb.argument() instanceof ControlFrame cf
                && cf.control() == Control.HOLD), "b's tech is not told HOLD: it gets the music");
        fa.remote().receive(ControlFrame.of(Control.UNHOLD));
        sim.runFor(Duration.ofMillis(100));
        int afterUnhold = Audio.written(fb).size();
        sim.runFor(Duration.ofMillis(200));
        assertEquals(afterUnhold, Audio.written(fb).size(), "the music stopped");
        for (VoiceFrame v : Audio.tone(1000, MediaFormat.ULAW, 5)) {
            fa.remote().receive(v);
        }
        sim.runUntilQuiescent();
        assertEquals(afterUnhold + 5, Audio.written(fb).size(), "a's voice reaches b again");

        ChannelMedia sendOnly = ChannelMedia.of(MediaFormat.ULAW).withDirection(MediaDirection.SEND_ONLY);
        fa.remote().mediaChanged(sendOnly); // a re-INVITE with a=sendonly: the other way to hold
        sim.runFor(Duration.ofMillis(200));
        assertTrue(Audio.written(fb).size() >= afterUnhold + 5 + 8, "music again");
        fa.remote().mediaChanged(ChannelMedia.of(MediaFormat.ULAW));
        sim.runFor(Duration.ofMillis(100));
        int resumed = Audio.written(fb).size();
        sim.runFor(Duration.ofMillis(200));
        assertEquals(resumed, Audio.written(fb).size(), "and it ends with sendrecv");
        a.hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, pcmu);
    }

    /** A tech that offers its channels' addresses for direct media and records what its channels are told. */
    static final class GlueTech implements ChannelTech {
        record Address(String host) implements DirectMedia {
        }

        final String name;
        final ConcurrentLinkedQueue<String> told = new ConcurrentLinkedQueue<>();

        GlueTech(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            return new TechChannel() {
                @Override
                public void call() {
                    sink.answered();
                }

                @Override
                public void answer() {
                    sink.answered();
                }

                @Override
                public DirectMedia directMedia() {
                    return new Address(setup.resource() + ".example");
                }

                @Override
                public void bridged(BridgePeer peer) {
                    told.add(setup.resource() + " <- " + peer.techName() + " " + peer.directMedia());
                }

                @Override
                public void hangup(HangupCause cause) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void channelsOfOneTechLearnEachOthersDirectMediaWhenBridged() {
        Simulation sim = new Simulation(52);
        GlueTech sip = new GlueTech("Sip");
        GlueTech other = new GlueTech("Other");
        ChannelCore core = sim.coreBuilder().tech(sip).tech(other).build();
        Channel a = core.request(OutboundRequest.of("Sip", "a"));
        Channel b = core.request(OutboundRequest.of("Sip", "b"));
        Channel c = core.request(OutboundRequest.of("Other", "c"));
        List.of(a, b, c).forEach(Channel::call);
        sim.runUntilQuiescent();
        Bridge ab = core.createBridge(BridgeOptions.call());
        sim.await(ab.join(a, JoinOptions.HANG_UP_AFTER));
        sim.await(ab.join(b, JoinOptions.HANG_UP_AFTER));
        sim.runUntilQuiescent();
        assertEquals(List.of("a <- Sip Address[host=b.example]", "b <- Sip Address[host=a.example]"),
                sip.told.stream().sorted().toList());
        sim.await(ab.swap(b, c, JoinOptions.HANG_UP_AFTER));
        sim.runUntilQuiescent();
        assertTrue(sip.told.contains("a <- Other null"), "another tech's channel offers nothing: " + sip.told);
        assertEquals(List.of("c <- Sip null"), List.copyOf(other.told));
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(x -> x.hangup(HangupCause.NORMAL_CLEARING)));
        sim.runFor(Duration.ofSeconds(1));
    }
}
