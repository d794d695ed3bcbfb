package org.strowger.core.media.playout;

import java.util.Arrays;
import java.util.function.LongSupplier;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.JitterBufferOptions;
import org.strowger.core.media.translate.Codecs;
import org.strowger.core.media.translate.LinearDecoder;
import org.strowger.core.media.translate.LinearEncoder;

/*
 * The public JitterBuffer: the generic playout buffer over voice frames, with loss concealment done in linear PCM.
 * Every played frame is decoded once, to keep the concealment's history; it is returned untouched unless it follows
 * a loss, when its first 5 ms were cross-faded and it is encoded again. Concealment frames are encoded from the
 * substitute waveform. The codec runs at its own rate (no resampling), so a stateless codec (G.711, linear) round-
 * trips exactly; for an ADPCM codec (G.722) the encoder only ever sees the concealed and cross-faded frames.
 * Single-threaded, like the buffer.
 */
public final class VoiceJitterBuffer implements org.strowger.api.media.JitterBuffer {
    private final MediaFormat format;
    private final int frameSamples;
    private final int linearSamples;
    private final JitterBuffer<VoiceFrame> buffer;
    private final LinearDecoder decoder;
    private final LinearEncoder encoder;
    private final LossConcealment concealment;
    private final short[] pcm;

    /**
     * A buffer as {@code options} say, timing arrivals on {@code nanoClock}.
     *
     * @throws InvalidArgumentException if {@code options} is null or its format is not one {@code codecs} translates
     */
    public VoiceJitterBuffer(JitterBufferOptions options, Codecs codecs, LongSupplier nanoClock) {
        if (options == null) {
            throw new InvalidArgumentException("options must not be null");
        }
        format = options.format();
        if (!codecs.translates(format)) {
            throw new InvalidArgumentException("no codec for " + format.name() + ": a jitter buffer conceals in linear"
                    + " PCM, so its format must be one of the core's translatable formats");
        }
        frameSamples = options.frameSamples();
        int rate = codecs.sampleRate(format);
        linearSamples = (int) (options.frame().toNanos() * rate / 1_000_000_000L);
        decoder = codecs.decoder(format, rate);
        encoder = codecs.encoder(format, rate);
        concealment = new LossConcealment(rate, linearSamples);
        pcm = new short[Math.max(linearSamples, decoder.maxSamples(4 * linearSamples))];
        buffer = new JitterBuffer<>(format.clockRate(), frameSamples, options.minFrames(), options.maxFrames(),
                nanoClock, this::conceal);
    }

    @Override
    public MediaFormat format() {
        return format;
    }

    @Override
    public boolean offer(VoiceFrame frame) {
        if (frame == null || !frame.format().equals(format) || frame.samples() != frameSamples) {
            throw new InvalidArgumentException("a jitter buffer of " + format.name() + " takes frames of "
                    + frameSamples + " samples in that format, was " + (frame == null ? "null"
                    : frame.format().name() + " with " + frame.samples() + " samples"));
        }
        return buffer.offer(frame, frame.timestamp());
    }

    @Override
    public VoiceFrame poll() {
        VoiceFrame f = buffer.poll();
        if (f == null || buffer.lastOutcome() != JitterBuffer.Outcome.PLAYED) {
            return f;
        }
        boolean afterLoss = concealment.missing() > 0;
        int n = decoder.decode(f, pcm, 0);
        if (n < pcm.length) {
            Arrays.fill(pcm, n, pcm.length, (short) 0);
        }
        concealment.good(pcm, 0);
        if (!afterLoss) {
            return f;
        }
        VoiceFrame faded = encoder.encode(pcm, 0, linearSamples, f.timestamp());
        return faded == null ? f : faded;
    }

    private VoiceFrame conceal(long timestamp, int consecutive) {
        short[] substitute = concealment.conceal();
        return java.util.Objects.requireNonNull(encoder.encode(substitute, 0, substitute.length, timestamp),
                "the codec encoded a whole frame into no bytes");
    }

    @Override
    public void reset() {
        buffer.reset();
        concealment.reset();
        decoder.reset();
        encoder.reset();
    }

    @Override
    public Stats stats() {
        return new Stats(buffer.received(), buffer.played(), buffer.concealed(), buffer.lost(), buffer.late(),
                buffer.duplicates(), buffer.dropped(), buffer.resyncs(), buffer.depth(), buffer.targetDepth(),
                buffer.jitterMillis());
    }
}
