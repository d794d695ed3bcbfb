package org.strowger.codec.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.spi.Codec;

/**
 * OpusCodec by content: tones encoded and decoded come back at their frequency and level, whatever the block sizes;
 * lost, empty and malformed payloads are concealed; the settings reach the encoder.
 */
class OpusCodecTest {
    private static final int RATE = OpusCodec.SAMPLE_RATE;
    private static final double[] PROBES = {300, 440, 1000, 2000, 3400};
    /** Skip the first 100 ms (the encoder's look-ahead and its start), then measure 600 ms. */
    private static final int SKIP = RATE / 10;
    private static final int MEASURE = 6 * RATE / 10;

    private final OpusCodec codec = new OpusCodec();

    /** Encodes {@code pcm} in blocks of {@code block} samples and decodes every packet; the decoded samples. */
    private static short[] roundTrip(OpusCodec codec, short[] pcm, int block, List<Integer> packetBytes) {
        Codec.Encoder encoder = codec.newEncoder();
        Codec.Decoder decoder = codec.newDecoder();
        byte[] packet = new byte[encoder.maxBytes(block)];
        short[] out = new short[pcm.length + decoder.maxSamples(packet.length)];
        int written = 0;
        for (int at = 0; at < pcm.length; at += block) {
            int n = Math.min(block, pcm.length - at);
            int bytes = encoder.encode(pcm, at, n, packet, 0);
            assertTrue(bytes <= encoder.maxBytes(n), "within maxBytes");
            if (bytes > 0) {
                packetBytes.add(bytes);
                written += decoder.decode(packet, 0, bytes, out, written);
            }
        }
        return Arrays.copyOf(out, written);
    }

    private static void assertTone(double hz, short[] sent, short[] got) {
        double in = Tones.level(sent, SKIP, MEASURE, hz, RATE);
        double out = Tones.level(got, SKIP, MEASURE, hz, RATE);
        assertEquals(hz, Tones.dominant(got, SKIP, MEASURE, RATE, PROBES), "the tone comes back at its frequency");
        assertEquals(in, out, 1.5, "at its level (dBFS)");
        assertEquals(out, Tones.totalLevel(got, SKIP, MEASURE), 0.5,
                "and it is almost all of what comes back (no noise or distortion to speak of)");
    }

    @ParameterizedTest
    @ValueSource(doubles = {440, 1000})
    void aToneComesBackAtItsFrequencyAndLevel(double hz) {
        short[] sent = Tones.sine(hz, -14, RATE, RATE);
        List<Integer> sizes = new ArrayList<>();
        short[] got = roundTrip(codec, sent, OpusCodec.FRAME_SAMPLES, sizes);
        assertEquals(50, sizes.size(), "one packet per 20 ms");
        assertEquals(sent.length, got.length, "each decodes to its 20 ms");
        assertTone(hz, sent, got);
        double meanBytes = sizes.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertTrue(meanBytes > 40 && meanBytes < 120, "about 32 kbit/s (80 bytes a packet): " + meanBytes);
    }

    @ParameterizedTest
    @ValueSource(doubles = {440, 1000})
    void aQuietToneKeepsItsLevelToo(double hz) {
        short[] sent = Tones.sine(hz, -36, RATE, RATE);
        assertTone(hz, sent, roundTrip(codec, sent, OpusCodec.FRAME_SAMPLES, new ArrayList<>()));
    }

    @Test
    void blocksOfAnySizeAreGatheredIntoWholeFrames() {
        short[] sent = Tones.sine(1000, -14, RATE, RATE);
        for (int block : new int[] {160, 441, 1440, 1920, 2880}) {
            List<Integer> sizes = new ArrayList<>();
            short[] got = roundTrip(codec, sent, block, sizes);
            assertEquals(sent.length / OpusCodec.FRAME_SAMPLES * OpusCodec.FRAME_SAMPLES, got.length,
                    "all whole frames of the second come out, block " + block);
            assertTone(1000, sent, got);
        }
    }

    @Test
    void aCallShortOfAFrameWritesNothingAndKeepsItsSamples() {
        OpusStreamEncoder encoder = (OpusStreamEncoder) codec.newEncoder();
        short[] pcm = Tones.sine(440, -14, RATE, 2 * OpusCodec.FRAME_SAMPLES);
        byte[] out = new byte[OpusCodec.MAX_PACKET_BYTES];
        assertEquals(0, encoder.encode(pcm, 0, 500, out, 0));
        assertEquals(500, encoder.waiting());
        assertTrue(encoder.encode(pcm, 500, 500, out, 0) > 0, "1000 samples make a frame");
        assertEquals(40, encoder.waiting());
    }

    @Test
    void sixtyMillisecondsAtOnceAreOnePacketOfSixty() {
        OpusStreamEncoder encoder = (OpusStreamEncoder) codec.newEncoder();
        Codec.Decoder decoder = codec.newDecoder();
        short[] pcm = Tones.sine(440, -14, RATE, 3 * OpusCodec.FRAME_SAMPLES);
        byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
        int bytes = encoder.encode(pcm, 0, pcm.length, packet, 0);
        assertEquals(0, encoder.waiting());
        assertEquals(pcm.length, decoder.decode(packet, 0, bytes, new short[OpusCodec.MAX_PACKET_SAMPLES], 0));
    }

    @Test
    void moreThanSixtyMillisecondsAtEveryCallKeepTheDelayBounded() {
        OpusStreamEncoder encoder = (OpusStreamEncoder) codec.newEncoder();
        short[] pcm = Tones.sine(440, -14, RATE, 5 * OpusCodec.FRAME_SAMPLES); // 100 ms a call
        byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
        for (int i = 0; i < 20; i++) {
            assertTrue(encoder.encode(pcm, 0, pcm.length, packet, 0) > 0);
            assertTrue(encoder.waiting() <= OpusCodec.MAX_PENDING_SAMPLES - OpusCodec.MAX_ENCODE_SAMPLES);
        }
        assertTrue(encoder.dropped() > 0, "what cannot be sent is dropped, not queued without end");
    }

    @Test
    void anEmptyPayloadIsALostPacketAndIsConcealed() {
        Codec.Encoder encoder = codec.newEncoder();
        OpusStreamDecoder decoder = (OpusStreamDecoder) codec.newDecoder();
        short[] out = new short[decoder.maxSamples(0)];
        assertEquals(OpusCodec.FRAME_SAMPLES, decoder.decode(new byte[0], 0, 0, out, 0), "20 ms before any packet");
        assertTrue(isSilent(out, 0, OpusCodec.FRAME_SAMPLES), "of silence");

        short[] pcm = Tones.sine(440, -14, RATE, 20 * OpusCodec.FRAME_SAMPLES);
        byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
        short[] got = new short[pcm.length + OpusCodec.MAX_PACKET_SAMPLES];
        int written = 0;
        for (int f = 0; f < 20; f++) {
            int bytes = encoder.encode(pcm, f * OpusCodec.FRAME_SAMPLES, OpusCodec.FRAME_SAMPLES, packet, 0);
            boolean lost = f == 10 || f == 11;
            written += decoder.decode(packet, 0, lost ? 0 : bytes, got, written);
        }
        assertEquals(pcm.length, written, "each lost packet is concealed for its 20 ms");
        assertEquals(3, decoder.concealed());
        // the concealment continues the tone at first, and the stream goes on at full level after it
        assertEquals(440, Tones.dominant(got, 10 * OpusCodec.FRAME_SAMPLES, OpusCodec.FRAME_SAMPLES, RATE, PROBES));
        double level = Tones.level(got, 14 * OpusCodec.FRAME_SAMPLES, 6 * OpusCodec.FRAME_SAMPLES, 440, RATE);
        assertEquals(-14, level, 1.5, "after the loss");
    }

    @Test
    void aLossIsConcealedForTheLengthOfTheLastPacket() {
        OpusStreamEncoder encoder = (OpusStreamEncoder) codec.newEncoder();
        Codec.Decoder decoder = codec.newDecoder();
        short[] pcm = Tones.sine(440, -14, RATE, 2 * OpusCodec.FRAME_SAMPLES);
        byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
        int bytes = encoder.encode(pcm, 0, pcm.length, packet, 0); // one 40 ms packet
        short[] out = new short[OpusCodec.MAX_PACKET_SAMPLES];
        assertEquals(pcm.length, decoder.decode(packet, 0, bytes, out, 0));
        assertEquals(pcm.length, decoder.decode(packet, 0, 0, out, 0));
    }

    @Test
    void malformedPayloadsAreConcealedNotThrown() {
        OpusStreamDecoder decoder = (OpusStreamDecoder) codec.newDecoder();
        short[] out = new short[decoder.maxSamples(1500)];
        // code 3 (a frame count follows) with a count of 0: invalid by RFC 6716, 3.2.5
        assertEquals(OpusCodec.FRAME_SAMPLES, decoder.decode(new byte[] {0x03, 0x00}, 0, 2, out, 0));
        assertEquals(1, decoder.concealed());
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            byte[] junk = new byte[1 + random.nextInt(1500)];
            for (int k = 0; k < junk.length; k++) {
                junk[k] = (byte) random.nextInt(256);
            }
            int samples = decoder.decode(junk, 0, junk.length, out, 0);
            assertTrue(samples > 0 && samples <= decoder.maxSamples(junk.length), "packet " + i + ": " + samples);
        }
        short[] pcm = Tones.sine(1000, -14, RATE, RATE);
        Codec.Encoder encoder = codec.newEncoder();
        decoder.reset();
        byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
        short[] got = new short[pcm.length];
        int written = 0;
        for (int f = 0; f < 50; f++) {
            int bytes = encoder.encode(pcm, f * OpusCodec.FRAME_SAMPLES, OpusCodec.FRAME_SAMPLES, packet, 0);
            written += decoder.decode(packet, 0, bytes, got, written);
        }
        assertTone(1000, pcm, got);
    }

    @Test
    void aStereoPacketDecodesToMono() throws Exception {
        OpusEncoder stereo = new OpusEncoder(RATE, 2, OpusApplication.OPUS_APPLICATION_VOIP);
        stereo.setBitrate(64_000);
        short[] mono = Tones.sine(440, -14, RATE, RATE);
        short[] interleaved = new short[2 * mono.length];
        for (int i = 0; i < mono.length; i++) {
            interleaved[2 * i] = mono[i];
            interleaved[2 * i + 1] = mono[i];
        }
        Codec.Decoder decoder = codec.newDecoder();
        byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
        short[] got = new short[mono.length];
        int written = 0;
        for (int f = 0; f < 50; f++) {
            int bytes = stereo.encode(interleaved, 2 * f * OpusCodec.FRAME_SAMPLES, OpusCodec.FRAME_SAMPLES, packet, 0,
                    packet.length);
            written += decoder.decode(packet, 0, bytes, got, written);
        }
        assertEquals(mono.length, written);
        assertTone(440, mono, got);
    }

    @Test
    void theSettingsReachTheEncoder() {
        OpusEncoder defaults = ((OpusStreamEncoder) codec.newEncoder()).encoder();
        assertEquals(OpusApplication.OPUS_APPLICATION_VOIP, defaults.getApplication());
        assertEquals(32_000, defaults.getBitrate());
        assertEquals(5, defaults.getComplexity());
        assertTrue(defaults.getUseInbandFEC());
        assertEquals(10, defaults.getPacketLossPercent());
        assertTrue(!defaults.getUseDTX());
        OpusEncoder custom = ((OpusStreamEncoder) codec.withBitrate(24_000).withComplexity(10).withInbandFec(0)
                .newEncoder()).encoder();
        assertEquals(24_000, custom.getBitrate());
        assertEquals(10, custom.getComplexity());
        assertTrue(!custom.getUseInbandFEC());
        assertEquals(0, custom.getPacketLossPercent());
        assertThrows(InvalidArgumentException.class, () -> codec.withBitrate(5_999));
        assertThrows(InvalidArgumentException.class, () -> codec.withComplexity(11));
        assertThrows(InvalidArgumentException.class, () -> codec.withInbandFec(-1));
    }

    @Test
    void theCodecDescribesOpusAt48kHzCostlierThanG722() {
        assertEquals(MediaFormat.OPUS, codec.format());
        assertEquals("opus", codec.format().name());
        assertEquals(48_000, codec.format().clockRate());
        assertEquals(2, codec.format().channels(), "RFC 7587: always opus/48000/2");
        assertEquals(48_000, codec.sampleRate());
        assertTrue(codec.cost() > 10, "costlier than G.722 (10)");
        assertEquals(OpusCodec.MAX_PACKET_SAMPLES, codec.newDecoder().maxSamples(1));
    }

    private static boolean isSilent(short[] s, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (s[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
