package org.strowger.codec.opus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jaredmdobson.concentus.OpusEncoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.spi.Codec;

/** reset() forgets a stream: after it, a decoder and an encoder work exactly as new ones, with the same settings. */
class OpusResetTest {
    private static final int FRAME = OpusCodec.FRAME_SAMPLES;
    private final OpusCodec codec = new OpusCodec();

    private static List<byte[]> encode(Codec.Encoder encoder, short[] pcm) {
        List<byte[]> packets = new ArrayList<>();
        byte[] out = new byte[OpusCodec.MAX_PACKET_BYTES];
        for (int at = 0; at + FRAME <= pcm.length; at += FRAME) {
            int n = encoder.encode(pcm, at, FRAME, out, 0);
            packets.add(java.util.Arrays.copyOf(out, n));
        }
        return packets;
    }

    private static short[] decode(Codec.Decoder decoder, List<byte[]> packets) {
        short[] out = new short[packets.size() * OpusCodec.MAX_PACKET_SAMPLES];
        int written = 0;
        for (byte[] p : packets) {
            written += decoder.decode(p, 0, p.length, out, written);
        }
        return java.util.Arrays.copyOf(out, written);
    }

    private static byte[] bytes(List<byte[]> packets) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        packets.forEach(all::writeBytes);
        return all.toByteArray();
    }

    @Test
    void aResetEncoderEncodesANewStreamAsANewEncoderDoes() {
        short[] first = Tones.sine(1000, -10, OpusCodec.SAMPLE_RATE, 25 * FRAME);
        short[] second = Tones.sine(440, -20, OpusCodec.SAMPLE_RATE, 25 * FRAME);
        Codec.Encoder used = codec.newEncoder();
        encode(used, first);
        byte[] out = new byte[OpusCodec.MAX_PACKET_BYTES];
        assertEquals(0, used.encode(first, 0, 500, out, 0), "half a frame waiting");
        used.reset();
        assertEquals(0, ((OpusStreamEncoder) used).waiting(), "the waiting samples are forgotten too");
        assertArrayEquals(bytes(encode(codec.newEncoder(), second)), bytes(encode(used, second)));
    }

    @Test
    void aResetEncoderKeepsItsSettings() {
        OpusStreamEncoder encoder = (OpusStreamEncoder) codec.withBitrate(20_000).withInbandFec(5).newEncoder();
        encode(encoder, Tones.sine(440, -10, OpusCodec.SAMPLE_RATE, 10 * FRAME));
        encoder.reset();
        OpusEncoder e = encoder.encoder();
        assertEquals(20_000, e.getBitrate());
        assertTrue(e.getUseInbandFEC());
        assertEquals(5, e.getPacketLossPercent());
        assertEquals(5, e.getComplexity());
    }

    @Test
    void aResetDecoderDecodesANewStreamAsANewDecoderDoes() {
        List<byte[]> first = encode(codec.newEncoder(), Tones.sine(1000, -10, OpusCodec.SAMPLE_RATE, 25 * FRAME));
        List<byte[]> second = encode(codec.newEncoder(), Tones.sine(440, -20, OpusCodec.SAMPLE_RATE, 25 * FRAME));
        Codec.Decoder used = codec.newDecoder();
        decode(used, first);
        used.reset();
        short[] fresh = decode(codec.newDecoder(), second);
        assertArrayEquals(fresh, decode(used, second));
        // without the reset, the old stream's state shows at the start of the new one
        Codec.Decoder carried = codec.newDecoder();
        decode(carried, first);
        assertTrue(!java.util.Arrays.equals(fresh, decode(carried, second)), "the reset did something");
    }

    @Test
    void aResetDecoderConcealsAsANewOneDoes() {
        Codec.Decoder decoder = codec.newDecoder();
        Codec.Encoder encoder = codec.newEncoder();
        short[] pcm = Tones.sine(440, -10, OpusCodec.SAMPLE_RATE, 3 * FRAME);
        byte[] packet = new byte[OpusCodec.MAX_PACKET_BYTES];
        int bytes = encoder.encode(pcm, 0, pcm.length, packet, 0); // 60 ms
        short[] out = new short[OpusCodec.MAX_PACKET_SAMPLES];
        assertEquals(3 * FRAME, decoder.decode(packet, 0, bytes, out, 0));
        decoder.reset();
        assertEquals(FRAME, decoder.decode(packet, 0, 0, out, 0), "a loss after a reset is 20 ms again, silent");
        for (int i = 0; i < FRAME; i++) {
            assertEquals(0, out[i]);
        }
    }
}
