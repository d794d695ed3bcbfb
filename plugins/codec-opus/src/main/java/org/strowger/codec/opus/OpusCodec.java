package org.strowger.codec.opus;

import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.spi.Codec;

/**
 * Opus ({@link MediaFormat#OPUS}, RFC 6716; over RTP {@code opus/48000/2} per RFC 7587) as a codec the core
 * translates through: it decodes to mono 16-bit linear at 48 kHz and encodes mono 48 kHz into 20 ms packets with
 * the VoIP application settings. The core finds it with {@link java.util.ServiceLoader} when this module is on the
 * class path or module path; {@code Strowger.builder().codec(new OpusCodec().withBitrate(24_000))} registers one with
 * other settings (the builder's codec serves over the one ServiceLoader found, their costs being equal).
 *
 * <p>The implementation is Concentus, a pure-Java port of libopus 1.1.2 (fixed point), used from the Java heap
 * only: no native library, so nothing to load, nothing to free (no {@code close()} is needed and the SPI has none),
 * and a malformed packet from the network cannot corrupt memory. Why not a JNA binding of libopus: the module's
 * README.
 *
 * <p><b>Decoding.</b> A packet decodes to all the audio it holds (2.5 to 120 ms); a stereo packet is mixed down to
 * mono, as RFC 7587 lets a receiver do. An empty payload is taken as a lost packet: the decoder conceals it (Opus
 * packet loss concealment, fading out) for the duration of the last packet (20 ms before any). A packet the decoder
 * rejects as malformed is concealed the same way. In-band FEC in received packets is not used: recovering a lost
 * packet needs the next one, and a {@link Codec.Decoder} is given one payload at a time.
 *
 * <p><b>Encoding.</b> Samples are gathered into 20 ms frames (960 samples); a call that completes one or more frames
 * writes one packet of 20, 40 or 60 ms, and a call that completes none writes nothing (0 bytes) and keeps its
 * samples for the next call. So 20 ms in gives one 20 ms packet out, and any block size works. More than 60 ms of
 * samples waiting (a caller that hands over more than 60 ms per call, steadily) is cut to the newest 80 ms, so the
 * delay stays bounded. Defaults: 32 kbit/s VBR (constrained), complexity 5, signal type voice, DTX off, and in-band
 * FEC on for an expected 10% loss: the far end (a browser, a softphone) can then rebuild a lost packet from the next
 * one, which is what WebRTC peers ask for ({@code useinbandfec=1}); it costs a few bytes a packet, and at 32 kbit/s
 * leaves wideband speech. Complexity 5 rather than libopus's 10 about halves the encoder's work for a small loss of
 * quality at this rate ({@link #withComplexity(int)} to choose).
 *
 * <p><b>Cost.</b> {@value #COST}: decoding plus encoding a 20 ms frame took 11 to 19 times as long as G.722's (cost
 * 10), measured through the core's translators (thread CPU time, a shared 2-core machine, JDK 25), about 0.25 to
 * 0.45 ms of CPU per 20 ms frame and stream; so one core transcodes on the order of 50 Opus streams, and the core
 * translates into Opus only for a channel that speaks nothing cheaper. Concentus also allocates its scratch arrays
 * on every call (ported from C's stack arrays): about 100 KB per 20 ms encoded and 25 KB per 20 ms decoded, short-lived
 * garbage that a young-generation collection reclaims cheaply, but about 6 MB/s per stream transcoded both ways.
 *
 * <p><b>Threads.</b> An {@code OpusCodec} is immutable and may be shared; {@link #format()}, {@link #sampleRate()}
 * and {@link #cost()} are constant. Each {@link #newDecoder()} and {@link #newEncoder()} holds one stream's state
 * (Concentus keeps no mutable static state) and is used by one thread at a time, as the SPI says; none blocks.
 */
public final class OpusCodec implements Codec {
    /** The rate of the linear samples, in Hz. */
    public static final int SAMPLE_RATE = 48_000;
    /** Samples in one 20 ms frame at {@link #SAMPLE_RATE}. */
    public static final int FRAME_SAMPLES = 960;
    /** The relative cost of a decode plus an encode of 20 ms (G.711 is 1, G.722 is 10). */
    public static final int COST = 150;
    /** The default bitrate, in bit/s. */
    public static final int DEFAULT_BITRATE = 32_000;

    /** The longest audio one Opus packet holds: 120 ms. */
    static final int MAX_PACKET_SAMPLES = 5_760;
    /** The longest frame the encoder writes as one packet: 60 ms. */
    static final int MAX_ENCODE_SAMPLES = 2_880;
    /** Samples the encoder keeps waiting at most: 80 ms. */
    static final int MAX_PENDING_SAMPLES = MAX_ENCODE_SAMPLES + FRAME_SAMPLES;
    /**
     * The most bytes one encoded packet takes: the largest Opus frame (RFC 6716, 3.2.1); an RTP packet of it fits a
     * 1500-byte MTU. The encoder lowers its rate for a packet rather than exceed it.
     */
    static final int MAX_PACKET_BYTES = 1_275;

    private final int bitrate;
    private final int complexity;
    private final boolean inbandFec;
    private final int expectedLossPercent;

    /** Opus with the defaults: 32 kbit/s, complexity 5, in-band FEC on for 10% expected loss. */
    public OpusCodec() {
        this(DEFAULT_BITRATE, 5, true, 10);
    }

    private OpusCodec(int bitrate, int complexity, boolean inbandFec, int expectedLossPercent) {
        this.bitrate = bitrate;
        this.complexity = complexity;
        this.inbandFec = inbandFec;
        this.expectedLossPercent = expectedLossPercent;
    }

    /**
     * This codec encoding at {@code bitsPerSecond} (VBR, constrained).
     *
     * @throws InvalidArgumentException unless 6000 to 510000
     */
    public OpusCodec withBitrate(int bitsPerSecond) {
        if (bitsPerSecond < 6_000 || bitsPerSecond > 510_000) {
            throw new InvalidArgumentException("Opus bitrate " + bitsPerSecond + " bit/s: must be 6000 to 510000");
        }
        return new OpusCodec(bitsPerSecond, complexity, inbandFec, expectedLossPercent);
    }

    /**
     * This codec encoding at {@code complexity} (0 is the cheapest, 10 the best quality per bit).
     *
     * @throws InvalidArgumentException unless 0 to 10
     */
    public OpusCodec withComplexity(int complexity) {
        if (complexity < 0 || complexity > 10) {
            throw new InvalidArgumentException("Opus complexity " + complexity + ": must be 0 to 10");
        }
        return new OpusCodec(bitrate, complexity, inbandFec, expectedLossPercent);
    }

    /**
     * This codec with in-band FEC on, sized for {@code expectedLossPercent} packet loss, or off (0). With FEC on,
     * each packet carries a coarse copy of the one before, for a far end that decodes it.
     *
     * @throws InvalidArgumentException unless 0 to 100
     */
    public OpusCodec withInbandFec(int expectedLossPercent) {
        if (expectedLossPercent < 0 || expectedLossPercent > 100) {
            throw new InvalidArgumentException("expected loss " + expectedLossPercent + "%: must be 0 to 100");
        }
        return new OpusCodec(bitrate, complexity, expectedLossPercent > 0, expectedLossPercent);
    }

    /** The bitrate it encodes at, in bit/s. */
    public int bitrate() {
        return bitrate;
    }

    /** The encoder's complexity, 0 to 10. */
    public int complexity() {
        return complexity;
    }

    /** True if its packets carry in-band FEC. */
    public boolean inbandFec() {
        return inbandFec;
    }

    /** The packet loss the encoder plans for, in percent (0 with FEC off). */
    public int expectedLossPercent() {
        return expectedLossPercent;
    }

    /** {@link MediaFormat#OPUS}: {@code opus/48000/2}, as RTP always signals Opus, whatever it carries. */
    @Override
    public MediaFormat format() {
        return MediaFormat.OPUS;
    }

    /** 48000. */
    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    /** {@value #COST}. */
    @Override
    public int cost() {
        return COST;
    }

    @Override
    public Decoder newDecoder() {
        return new OpusStreamDecoder();
    }

    @Override
    public Encoder newEncoder() {
        return new OpusStreamEncoder(bitrate, complexity, inbandFec, expectedLossPercent);
    }

    @Override
    public String toString() {
        return "Opus (mono 48 kHz, " + bitrate / 1000 + " kbit/s, "
                + (inbandFec ? "FEC for " + expectedLossPercent + "% loss" : "no FEC") + ")";
    }
}
