package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Simulation;

/**
 * Two-party bridges between channels that speak different formats: each hears the other, translated into what its
 * tech takes (a tone in, the same tone out), and channels that speak the same format get the very frames the other
 * sent (pass-through, nothing copied). Before the media layer a PCMU frame was forwarded unchanged into a PCMA channel.
 */
class TwoPartyTranslationTest {
    private final Simulation sim = new Simulation(21);
    private final FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
    private final FakeTech pcma = new FakeTech("Pcma").speaking(MediaFormat.ALAW);
    private final FakeTech wide = new FakeTech("Wide").speaking(MediaFormat.G722, MediaFormat.ULAW);
    private final FakeTech plain = new FakeTech("Plain"); // declares nothing: transparent
    private final ChannelCore core = sim.coreBuilder().tech(pcmu).tech(pcma).tech(wide).tech(plain).build();

    private FakeChannel call(FakeTech tech, String who) {
        Channel c = core.request(OutboundRequest.of(tech.name(), who));
        c.call();
        sim.runUntilQuiescent();
        FakeChannel f = tech.channelOf(c);
        f.remote().answered();
        sim.runUntilQuiescent();
        return f;
    }

    private Bridge bridge(FakeChannel a, FakeChannel b) {
        Bridge br = core.createBridge(BridgeOptions.call());
        sim.await(br.join(a.channel(), JoinOptions.HANG_UP_AFTER));
        sim.await(br.join(b.channel(), JoinOptions.HANG_UP_AFTER));
        sim.runUntilQuiescent();
        return br;
    }

    private static void send(FakeChannel from, List<VoiceFrame> frames, Simulation sim) {
        for (VoiceFrame v : frames) {
            from.remote().receive(v);
            sim.runFor(Duration.ofMillis(20));
        }
    }

    @Test
    void aWriteTapsReplacementInAFormatOfItsOwnIsTranslatedForTheTech() {
        FakeChannel alice = call(pcmu, "alice");
        FakeChannel bob = call(pcma, "bob");
        bridge(alice, bob);
        java.util.Iterator<VoiceFrame> wideband = Audio.tone(620, MediaFormat.SLIN16, 25).iterator();
        sim.await(bob.channel().addTap((ch, dir, f) -> dir == org.strowger.api.FrameTap.Direction.WRITE
                && f instanceof VoiceFrame && wideband.hasNext() ? wideband.next() : f));
        send(alice, Audio.tone(1000, MediaFormat.ULAW, 25), sim);
        List<VoiceFrame> toBob = Audio.written(bob);
        assertEquals(25, toBob.size());
        assertTrue(toBob.stream().allMatch(v -> v.format().equals(MediaFormat.ALAW)), "bob's tech still gets PCMA");
        assertEquals(620, Audio.dominant(Audio.decode(toBob, 8000), 8000, 620, 1000), "what the tap put in place");
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, pcmu, pcma, wide, plain);
    }

    @Test
    void pcmuAndPcmaHearEachOtherTranslated() {
        FakeChannel alice = call(pcmu, "alice");
        FakeChannel bob = call(pcma, "bob");
        bridge(alice, bob);
        send(alice, Audio.tone(1000, MediaFormat.ULAW, 25), sim);
        send(bob, Audio.tone(440, MediaFormat.ALAW, 25), sim);
        List<VoiceFrame> toBob = Audio.written(bob);
        List<VoiceFrame> toAlice = Audio.written(alice);
        assertEquals(25, toBob.size());
        assertTrue(toBob.stream().allMatch(v -> v.format().equals(MediaFormat.ALAW)), "bob's tech gets PCMA");
        assertTrue(toAlice.stream().allMatch(v -> v.format().equals(MediaFormat.ULAW)), "alice's tech gets PCMU");
        assertEquals(1000, Audio.dominant(Audio.decode(toBob, 8000), 8000, 440, 1000, 2000), "bob hears alice");
        assertEquals(440, Audio.dominant(Audio.decode(toAlice, 8000), 8000, 440, 1000, 2000), "alice hears bob");
        double sent = Audio.level(Audio.decode(Audio.tone(1000, MediaFormat.ULAW, 25), 8000), 8000, 1000);
        assertEquals(sent, Audio.level(Audio.decode(toBob, 8000), 8000, 1000), 1.0, "at the level it was sent");
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, pcmu, pcma, wide, plain);
    }

    @Test
    void aWidebandChannelHearsANarrowbandOneAt16kHz() {
        FakeChannel alice = call(pcmu, "alice");
        FakeChannel carol = call(wide, "carol");
        bridge(alice, carol);
        send(alice, Audio.tone(1000, MediaFormat.ULAW, 25), sim);
        send(carol, Audio.tone(3000, MediaFormat.G722, 25), sim); // a wideband tone: 3 kHz passes 8 kHz G.711 too
        List<VoiceFrame> toCarol = Audio.written(carol);
        assertTrue(toCarol.stream().allMatch(v -> v.format().equals(MediaFormat.G722)), "carol's tech gets G.722");
        assertEquals(1000, Audio.dominant(Audio.decode(toCarol, 16000), 16000, 440, 1000, 3000));
        assertEquals(3000, Audio.dominant(Audio.decode(Audio.written(alice), 8000), 8000, 440, 1000, 3000));
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, pcmu, pcma, wide, plain);
    }

    @Test
    void equalFormatsAndTransparentChannelsPassTheVeryFramesThrough() {
        FakeChannel alice = call(pcmu, "alice");
        FakeChannel dave = call(pcmu, "dave");
        bridge(alice, dave);
        List<VoiceFrame> sent = Audio.tone(1000, MediaFormat.ULAW, 5);
        send(alice, sent, sim);
        List<VoiceFrame> toDave = Audio.written(dave);
        for (int i = 0; i < sent.size(); i++) {
            assertSame(sent.get(i), toDave.get(i), "pass-through: the frame itself, not a copy");
        }
        FakeChannel erin = call(plain, "erin");
        FakeChannel frank = call(pcma, "frank");
        bridge(erin, frank);
        List<VoiceFrame> ulaw = Audio.tone(1000, MediaFormat.ULAW, 5);
        send(frank, Audio.tone(1000, MediaFormat.ALAW, 5), sim);
        send(erin, ulaw, sim);
        assertTrue(Audio.written(erin).stream().allMatch(v -> v.format().equals(MediaFormat.ALAW)),
                "a transparent channel gets what its peer sent, as it is");
        assertEquals(1000, Audio.dominant(Audio.decode(Audio.written(frank), 8000), 8000, 440, 1000, 2000),
                "and its peer still hears it translated");
        for (FakeChannel f : List.of(alice, erin)) {
            f.remote().hangup(HangupCause.NORMAL_CLEARING);
        }
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, pcmu, pcma, wide, plain);
    }
}
