package org.strowger.spi;

import org.strowger.api.frame.MediaFormat;

/**
 * A codec the core can translate through: it decodes one {@link MediaFormat} to 16-bit signed linear samples at its
 * {@link #sampleRate()} and encodes them back. The core finds codecs with {@link java.util.ServiceLoader} (this
 * interface) and takes more from {@code Strowger.Builder.codec}; for a format several codecs claim, the one of lower
 * {@link #cost()} serves, and on equal costs a builder's codec (the last given) before one found by the service
 * loader, before a built-in one. Built in: G.711 mu-law and A-law, 16-bit linear at 8, 16, 24 and 48 kHz, and G.722.
 *
 * <p>{@link #format()}, {@link #sampleRate()} and {@link #cost()} are called on any thread and must not change.
 * Decoders and encoders hold a stream's state; each is used by one thread at a time (a channel's or a bridge's
 * executor) and must not block.
 */
public interface Codec {
    /** The encoded format. */
    MediaFormat format();

    /** The rate of the linear samples it decodes to and encodes from, in Hz (e.g. 16000 for G.722). */
    int sampleRate();

    /**
     * The relative cost of decoding plus encoding one 20 ms frame (G.711 is 1, G.722 about 10); the core picks the
     * cheapest way when a channel can take several formats.
     */
    int cost();

    /** A decoder for one stream. */
    Decoder newDecoder();

    /** An encoder for one stream. */
    Encoder newEncoder();

    /** Encoded bytes to linear samples. */
    interface Decoder {
        /**
         * Decodes {@code length} bytes of {@code in} from {@code offset} into {@code out} from {@code outOffset};
         * returns the samples written. {@code out} has room for at least {@link #maxSamples(int)}.
         */
        int decode(byte[] in, int offset, int length, short[] out, int outOffset);

        /** The most samples {@code bytes} bytes can decode to. */
        int maxSamples(int bytes);

        /** Forgets the stream's state. */
        void reset();
    }

    /** Linear samples to encoded bytes. */
    interface Encoder {
        /**
         * Encodes {@code samples} samples of {@code in} from {@code offset} into {@code out} from {@code outOffset};
         * returns the bytes written. {@code out} has room for at least {@link #maxBytes(int)}.
         */
        int encode(short[] in, int offset, int samples, byte[] out, int outOffset);

        /** The most bytes {@code samples} samples can encode to. */
        int maxBytes(int samples);

        /** Forgets the stream's state. */
        void reset();
    }
}
