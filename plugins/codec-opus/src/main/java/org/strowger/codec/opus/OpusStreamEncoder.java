package org.strowger.codec.opus;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import org.strowger.spi.Codec;

/*
 * One stream's Opus encoder: mono 48 kHz, VoIP application. Samples wait in a fixed buffer until they make a 20 ms
 * frame; each call that completes frames writes them as one packet of 20, 40 or 60 ms (a valid Opus frame size, so
 * one packet per call) and keeps the rest. Past MAX_PENDING_SAMPLES waiting, the oldest are dropped. Heap only: its
 * buffer is allocated once (Concentus allocates scratch arrays of its own per call); one thread at a time.
 */
final class OpusStreamEncoder implements Codec.Encoder {
    private final OpusEncoder encoder;
    private final short[] pending = new short[OpusCodec.MAX_PENDING_SAMPLES];
    private int waiting;
    private long dropped;

    OpusStreamEncoder(int bitrate, int complexity, boolean inbandFec, int expectedLossPercent) {
        try {
            encoder = new OpusEncoder(OpusCodec.SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder: " + e.getMessage(), e); // 48 kHz mono is always valid
        }
        encoder.setBitrate(bitrate);
        encoder.setComplexity(complexity);
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        encoder.setUseVBR(true);
        encoder.setUseConstrainedVBR(true);
        encoder.setUseDTX(false);
        encoder.setUseInbandFEC(inbandFec);
        encoder.setPacketLossPercent(expectedLossPercent);
    }

    @Override
    public int encode(short[] in, int offset, int samples, byte[] out, int outOffset) {
        take(in, offset, samples);
        int frames = Math.min(waiting, OpusCodec.MAX_ENCODE_SAMPLES) / OpusCodec.FRAME_SAMPLES;
        if (frames == 0) {
            return 0;
        }
        int n = frames * OpusCodec.FRAME_SAMPLES;
        int bytes;
        try {
            bytes = encoder.encode(pending, 0, n, out, outOffset, OpusCodec.MAX_PACKET_BYTES);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder failed on " + n + " samples: " + e.getMessage(), e);
        }
        waiting -= n;
        System.arraycopy(pending, n, pending, 0, waiting);
        return bytes;
    }

    /** Appends {@code samples} to the waiting ones, dropping the oldest beyond the buffer. */
    private void take(short[] in, int offset, int samples) {
        int capacity = pending.length;
        if (samples >= capacity) {
            dropped += waiting + samples - capacity;
            System.arraycopy(in, offset + samples - capacity, pending, 0, capacity);
            waiting = capacity;
            return;
        }
        int excess = waiting + samples - capacity;
        if (excess > 0) {
            dropped += excess;
            System.arraycopy(pending, excess, pending, 0, waiting - excess);
            waiting -= excess;
        }
        System.arraycopy(in, offset, pending, waiting, samples);
        waiting += samples;
    }

    /** At most one packet, whatever the samples. */
    @Override
    public int maxBytes(int samples) {
        return OpusCodec.MAX_PACKET_BYTES;
    }

    @Override
    public void reset() {
        encoder.resetState();
        waiting = 0;
    }

    /** Samples waiting for a whole frame; for tests. */
    int waiting() {
        return waiting;
    }

    /** Samples dropped so far because too many were waiting; for tests. */
    long dropped() {
        return dropped;
    }

    /** The Concentus encoder, for tests to read its settings. */
    OpusEncoder encoder() {
        return encoder;
    }
}
