package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** The Local (loopback) tech: pairs, crossing frames, and optimisation by bridge swaps (RELIABILITY.md #12). */
@ExtendWith(NoLeakExtension.class)
class LocalChannelTest {

    /** Answers every inbound Local half and records the media it hears. */
    static final class Answering extends RecordingApp {
        final List<Long> media = new ArrayList<>();

        @Override
        public void onAttach(Channel channel) {
            super.onAttach(channel);
            channel.answer();
        }

        @Override
        public void onMedia(Channel channel, MediaFrame frame) {
            media.add(frame.timestamp());
        }
    }

    private static VoiceFrame voice(long ts) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, ts);
    }

    private static <T> T done(Simulation sim, CompletionStage<T> stage) {
        return sim.await(stage);
    }

    @Test
    void aPairCarriesFramesAnswerAndHangupAcrossItsHalves(TestCores cores) {
        Simulation sim = new Simulation(5);
        Answering app = new Answering();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> app));
        Channel one = core.request(OutboundRequest.of("Local", "100"));
        RecordingApp caller = new RecordingApp() {
            final List<Long> heard = new ArrayList<>();

            @Override
            public void onMedia(Channel channel, MediaFrame frame) {
                note(channel, "heard " + frame.timestamp());
            }
        };
        done(sim, one.attach(caller));
        done(sim, one.call());
        sim.runUntilQuiescent();
        Channel two = core.channels().stream().filter(s -> s.direction() == Direction.INBOUND)
                .map(s -> core.requireChannel(s.id())).findFirst().orElseThrow();
        assertEquals("100", two.snapshot().destination());
        assertEquals(one.linkedId(), two.linkedId(), "both halves belong to one call");
        assertEquals(ChannelState.UP, two.state());
        assertEquals(ChannelState.UP, one.state(), "answering ;2 answers ;1");
        one.write(voice(160));
        two.write(voice(320));
        sim.runUntilQuiescent();
        assertEquals(List.of(160L), app.media);
        assertTrue(caller.log(one).contains("heard 320"), caller.log(one).toString());
        done(sim, one.hangup(HangupCause.USER_BUSY));
        sim.runUntilQuiescent();
        assertEquals(HangupCause.USER_BUSY, two.snapshot().hangupCause());
    }

    @Test
    void aBridgedPairOptimisesAwayLeavingTheOuterPartiesBridgedDirectly(TestCores cores) {
        Simulation sim = new Simulation(6);
        FakeTech fake = new FakeTech();
        Answering app = new Answering();
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> app), fake);
        Channel a = core.request(OutboundRequest.of("Fake", "a"));
        Channel c = core.request(OutboundRequest.of("Fake", "c"));
        Channel[] chain = buildChain(sim, core, a, c, 1, "200");
        assertEquals(List.of(a.id(), c.id()), core.bridges().get(0).members());
        assertEquals(1, core.bridgeCount());
        for (Channel local : chain) {
            assertEquals(ChannelState.DESTROYED, local.state());
        }
        FakeChannel fa = fake.channels().stream().filter(x -> x.channel() == a).findFirst().orElseThrow();
        FakeChannel fc = fake.channels().stream().filter(x -> x.channel() == c).findFirst().orElseThrow();
        fa.remote().receive(voice(777));
        sim.runUntilQuiescent();
        assertTrue(fc.callbacks().stream().anyMatch(x -> x.name().equals("write")
                && ((VoiceFrame) x.argument()).timestamp() == 777), "a's media reaches c directly");
        done(sim, a.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void chainsOfOneToEightCollapseUnderMediaAndNoOptimiseChainsStay() {
        Seeds.forEach("scenario 12", 12_000, 1_000, seed -> {
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            Answering app = new Answering();
            ChannelCore core = sim.coreBuilder().inboundHandler(ch -> app).tech(fake).build();
            Channel a = core.request(OutboundRequest.of("Fake", "a"));
            Channel c = core.request(OutboundRequest.of("Fake", "c"));
            int length = 1 + (int) (seed % 8);
            boolean noOptimise = seed % 10 == 0;
            Channel[] chain = buildChain(sim, core, a, c, length, noOptimise ? "300/n" : "300");
            for (int i = 0; i < 10; i++) { // media keeps flowing while the chain collapses
                a.write(voice(i));
                sim.runFor(Duration.ofMillis(20));
            }
            sim.runFor(Duration.ofMillis(200));
            if (noOptimise) {
                assertEquals(length + 1, core.bridgeCount(), "a /n chain must not optimise");
            } else {
                assertEquals(1, core.bridgeCount(), "chain of " + length + " did not collapse: " + core.bridges()
                        + " a=" + a.snapshot() + " c=" + c.snapshot() + " locals=" + java.util.Arrays.stream(chain)
                        .map(x -> x.id() + ":" + x.snapshot().hangupCause()).toList());
                assertEquals(List.of(a.id(), c.id()), core.bridges().get(0).members());
                for (Channel local : chain) {
                    assertEquals(ChannelState.DESTROYED, local.state());
                }
            }
            assertTrue(a.snapshot().isLive() && c.snapshot().isLive(), "observers' handles stay valid");
            a.hangup(HangupCause.NORMAL_CLEARING);
            sim.runUntil(() -> core.channelCount() == 0 && core.bridgeCount() == 0);
            sim.runAll();
            Invariants.assertClean(sim, core, fake);
        });
    }

    /**
     * Builds a -- L1;1 | L1;2 -- L2;1 | ... | Ln;2 -- c, each "--" a two-party call bridge, every Local half answered.
     * Returns the Local channels.
     */
    private static Channel[] buildChain(Simulation sim, ChannelCore core, Channel a, Channel c, int length,
            String destination) {
        List<Channel> locals = new ArrayList<>();
        Channel left = a;
        for (int i = 0; i < length; i++) {
            Channel one = core.request(OutboundRequest.of("Local", destination));
            done(sim, one.call());
            sim.runUntilQuiescent();
            Channel two = core.channels().stream()
                    .filter(s -> s.tech().equals("Local") && s.direction() == Direction.INBOUND)
                    .map(s -> core.requireChannel(s.id()))
                    .filter(ch -> !locals.contains(ch) && ch.linkedId().equals(one.linkedId())).findFirst().orElseThrow();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            bridge.join(left, JoinOptions.HANG_UP_AFTER);
            bridge.join(one, JoinOptions.HANG_UP_AFTER);
            locals.add(one);
            locals.add(two);
            left = two;
        }
        Bridge last = core.createBridge(BridgeOptions.call());
        last.join(left, JoinOptions.HANG_UP_AFTER);
        last.join(c, JoinOptions.HANG_UP_AFTER);
        sim.runFor(Duration.ofMillis(1));
        return locals.toArray(Channel[]::new);
    }

    @Test
    void anUnroutableSecondHalfHangsUpTheFirstWithItsCause(TestCores cores) {
        Simulation sim = new Simulation(8);
        ChannelCore core = cores.simulated(sim, b -> b.inboundHandler(ch -> null));
        Channel one = core.request(OutboundRequest.of("Local", "nowhere"));
        done(sim, one.call());
        sim.runUntilQuiescent();
        assertEquals(HangupCause.NO_ROUTE_DESTINATION, one.snapshot().hangupCause(),
                "an unroutable second half hangs the first up with its cause");
    }
}
