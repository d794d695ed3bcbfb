package org.strowger.codec.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
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
import org.strowger.api.media.Translator;
import org.strowger.core.Strowger;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.Simulation;

/**
 * A core with the Opus module on its class path translates between Opus and G.711 by content: its translators, and a
 * two-party bridge between a PCMU channel and an Opus one (the core translates each side's audio for the other).
 */
class OpusCoreIntegrationTest {
    private static final double[] PROBES = {300, 440, 1000, 2000, 3400};
    private final List<ChannelCore> cores = new ArrayList<>();

    @AfterEach
    void shutDown() {
        cores.forEach(c -> c.shutdown().toCompletableFuture().join());
    }

    private ChannelCore core(Strowger.Builder builder) {
        ChannelCore core = builder.build();
        cores.add(core);
        return core;
    }

    /** {@code frames} 20 ms frames of a {@code hz} tone at -14 dBFS in 16-bit linear at {@code rate}. */
    private static List<VoiceFrame> linearTone(double hz, int rate, int frames) {
        MediaFormat format = switch (rate) {
            case 8000 -> MediaFormat.SLIN8;
            case 48000 -> MediaFormat.SLIN48;
            default -> throw new IllegalArgumentException();
        };
        int n = rate / 50;
        List<VoiceFrame> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            short[] s = Tones.sine(hz, -14, rate, (long) f * n, n);
            byte[] b = new byte[2 * n];
            for (int i = 0; i < n; i++) {
                b[2 * i] = (byte) s[i];
                b[2 * i + 1] = (byte) (s[i] >> 8);
            }
            out.add(new VoiceFrame(format, b, n, (long) f * n));
        }
        return out;
    }

    private static List<VoiceFrame> translate(Translator t, List<VoiceFrame> in) {
        List<VoiceFrame> out = new ArrayList<>();
        for (VoiceFrame v : in) {
            VoiceFrame o = t.translate(v);
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    /** Linear frames' samples, in order. */
    private static short[] samples(List<VoiceFrame> linear) {
        int total = linear.stream().mapToInt(VoiceFrame::payloadLength).sum() / 2;
        short[] s = new short[total];
        int at = 0;
        for (VoiceFrame v : linear) {
            byte[] b = v.payloadCopy();
            for (int i = 0; i + 1 < b.length; i += 2) {
                s[at++] = (short) ((b[i] & 0xff) | (b[i + 1] << 8));
            }
        }
        return s;
    }

    /** Opus frames decoded by a decoder of the codec's own (not the core's), at 48 kHz. */
    private static short[] decodeOpus(List<VoiceFrame> opus) {
        var decoder = new OpusCodec().newDecoder();
        short[] out = new short[opus.size() * OpusCodec.MAX_PACKET_SAMPLES];
        int at = 0;
        for (VoiceFrame v : opus) {
            assertEquals(MediaFormat.OPUS, v.format());
            at += decoder.decode(v.payloadCopy(), 0, v.payloadLength(), out, at);
        }
        return java.util.Arrays.copyOf(out, at);
    }

    private static void assertTone(double hz, short[] s, int rate) {
        int from = rate / 5; // past the first 200 ms: resampler, encoder and decoder delays
        int length = rate / 2;
        assertTrue(s.length >= from + length, "enough audio: " + s.length);
        assertEquals(hz, Tones.dominant(s, from, length, rate, PROBES), "the tone's frequency");
        assertEquals(-14, Tones.level(s, from, length, hz, rate), 1.5, "the tone's level (dBFS)");
    }

    @Test
    void serviceLoaderAddsOpusToTheFormatsACoreTranslates() {
        ChannelCore core = core(Strowger.builder());
        assertTrue(core.translatableFormats().contains(MediaFormat.OPUS), core.translatableFormats().toString());
        assertTrue(core.translatableFormats().contains(MediaFormat.ULAW));
    }

    @Test
    void ulawToOpusCarriesATone() {
        ChannelCore core = core(Strowger.builder());
        List<VoiceFrame> ulaw = translate(core.translator(MediaFormat.SLIN8, MediaFormat.ULAW),
                linearTone(1000, 8000, 50));
        List<VoiceFrame> opus = translate(core.translator(MediaFormat.ULAW, MediaFormat.OPUS), ulaw);
        assertTrue(opus.size() >= 48, "about a packet per 20 ms frame: " + opus.size());
        assertTrue(opus.stream().allMatch(v -> v.format().equals(MediaFormat.OPUS)));
        assertTrue(opus.stream().allMatch(v -> v.samples() >= 900 && v.samples() <= 1020),
                "each about 20 ms at the 48 kHz clock");
        assertTone(1000, decodeOpus(opus), 48000);
    }

    @Test
    void opusToUlawCarriesATone() {
        ChannelCore core = core(Strowger.builder());
        List<VoiceFrame> opus = translate(core.translator(MediaFormat.SLIN48, MediaFormat.OPUS),
                linearTone(440, 48000, 50));
        assertEquals(50, opus.size(), "20 ms in, one packet out");
        List<VoiceFrame> ulaw = translate(core.translator(MediaFormat.OPUS, MediaFormat.ULAW), opus);
        assertTrue(ulaw.stream().allMatch(v -> v.format().equals(MediaFormat.ULAW) && v.samples() == 160),
                "20 ms of PCMU for each packet");
        short[] linear = samples(translate(core.translator(MediaFormat.ULAW, MediaFormat.SLIN8), ulaw));
        assertTone(440, linear, 8000);
    }

    @Test
    void aCodecGivenToTheBuilderServesOverTheOneServiceLoaderFound() {
        ChannelCore core = core(Strowger.builder().codec(new OpusCodec().withBitrate(12_000).withInbandFec(0)));
        List<VoiceFrame> opus = translate(core.translator(MediaFormat.SLIN48, MediaFormat.OPUS),
                linearTone(440, 48000, 50));
        double meanBytes = opus.stream().mapToInt(VoiceFrame::payloadLength).average().orElseThrow();
        assertTrue(meanBytes < 45, "12 kbit/s is 30 bytes a packet, 32 kbit/s 80: " + meanBytes);
    }

    @Test
    void pcmuAndOpusChannelsHearEachOtherThroughABridge() {
        Simulation sim = new Simulation(7);
        FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
        FakeTech webrtc = new FakeTech("Webrtc").speaking(MediaFormat.OPUS);
        ChannelCore core = sim.coreBuilder().tech(pcmu).tech(webrtc).build();
        FakeChannel alice = call(sim, core, pcmu, "alice");
        FakeChannel bob = call(sim, core, webrtc, "bob");
        Bridge bridge = core.createBridge(BridgeOptions.call());
        sim.await(bridge.join(alice.channel(), JoinOptions.HANG_UP_AFTER));
        sim.await(bridge.join(bob.channel(), JoinOptions.HANG_UP_AFTER));
        sim.runUntilQuiescent();

        ChannelCore helper = core(Strowger.builder());
        List<VoiceFrame> fromAlice = translate(helper.translator(MediaFormat.SLIN8, MediaFormat.ULAW),
                linearTone(1000, 8000, 50));
        List<VoiceFrame> fromBob = translate(helper.translator(MediaFormat.SLIN48, MediaFormat.OPUS),
                linearTone(440, 48000, 50));
        for (int i = 0; i < 50; i++) {
            alice.remote().receive(fromAlice.get(i));
            bob.remote().receive(fromBob.get(i));
            sim.runFor(Duration.ofMillis(20));
        }
        List<VoiceFrame> toBob = written(bob);
        List<VoiceFrame> toAlice = written(alice);
        assertTrue(toBob.size() >= 48 && toBob.stream().allMatch(v -> v.format().equals(MediaFormat.OPUS)),
                "bob's tech gets Opus: " + toBob.size());
        assertTrue(toAlice.size() == 50 && toAlice.stream().allMatch(v -> v.format().equals(MediaFormat.ULAW)),
                "alice's tech gets PCMU: " + toAlice.size());
        assertTone(1000, decodeOpus(toBob), 48000);
        assertTone(440, samples(translate(helper.translator(MediaFormat.ULAW, MediaFormat.SLIN8), toAlice)), 8000);

        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, pcmu, webrtc);
    }

    private static FakeChannel call(Simulation sim, ChannelCore core, FakeTech tech, String who) {
        Channel c = core.request(OutboundRequest.of(tech.name(), who));
        c.call();
        sim.runUntilQuiescent();
        FakeChannel f = tech.channelOf(c);
        f.remote().answered();
        sim.runUntilQuiescent();
        return f;
    }

    private static List<VoiceFrame> written(FakeChannel fake) {
        List<VoiceFrame> out = new ArrayList<>();
        for (Callback cb : fake.callbacks()) {
            if (cb.name().equals("write") && cb.argument() instanceof VoiceFrame v) {
                out.add(v);
            }
        }
        return out;
    }
}
