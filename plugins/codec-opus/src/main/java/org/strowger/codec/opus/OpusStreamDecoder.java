package org.strowger.codec.opus;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.Arrays;
import org.strowger.spi.Codec;

/*
 * One stream's Opus decoder: mono at 48 kHz (a stereo packet is mixed down by the decoder). An empty payload is a
 * lost packet and so is one the decoder rejects (OpusException): both are concealed by the decoder's PLC for the
 * duration of the last good packet. An unexpected failure inside the decoder (a RuntimeException on input it did not
 * foresee) resets it, and the packet's time is filled with silence, so a bad packet never ends the stream. Heap
 * only (Concentus allocates scratch arrays per call); one thread at a time.
 */
final class OpusStreamDecoder implements Codec.Decoder {
    private final OpusDecoder decoder;
    /** Samples of the last packet decoded: what a lost one is concealed for. */
    private int lastSamples = OpusCodec.FRAME_SAMPLES;
    private long concealed;

    OpusStreamDecoder() {
        try {
            decoder = new OpusDecoder(OpusCodec.SAMPLE_RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus decoder: " + e.getMessage(), e); // 48 kHz mono is always valid
        }
    }

    @Override
    public int decode(byte[] in, int offset, int length, short[] out, int outOffset) {
        if (length == 0) {
            return conceal(out, outOffset);
        }
        try {
            int samples = decoder.decode(in, offset, length, out, outOffset, OpusCodec.MAX_PACKET_SAMPLES, false);
            lastSamples = samples;
            return samples;
        } catch (OpusException e) {
            return conceal(out, outOffset); // malformed packet: the decoder's state is as before it
        } catch (RuntimeException e) {
            decoder.resetState();
            return silence(out, outOffset);
        }
    }

    private int conceal(short[] out, int outOffset) {
        concealed++;
        try {
            return decoder.decode(null, 0, 0, out, outOffset, lastSamples, false);
        } catch (OpusException | RuntimeException e) {
            decoder.resetState();
            return silence(out, outOffset);
        }
    }

    private int silence(short[] out, int outOffset) {
        Arrays.fill(out, outOffset, outOffset + lastSamples, (short) 0);
        return lastSamples;
    }

    /** At most 120 ms, whatever the payload: an Opus packet's longest, and no concealment is longer. */
    @Override
    public int maxSamples(int bytes) {
        return OpusCodec.MAX_PACKET_SAMPLES;
    }

    @Override
    public void reset() {
        decoder.resetState();
        lastSamples = OpusCodec.FRAME_SAMPLES;
    }

    /** Payloads concealed so far (lost or rejected); for tests. */
    long concealed() {
        return concealed;
    }
}
