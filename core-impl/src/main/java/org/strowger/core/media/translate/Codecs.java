package org.strowger.core.media.translate;

import java.util.List;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.media.Translator;
import org.strowger.spi.Codec;

/*
 * The codecs a core translates through, and the translators between their formats. Built in: G.711 mu-law and A-law,
 * 16-bit linear at 8, 16, 24 and 48 kHz, G.722; more come from the builder and from ServiceLoader. For a format that
 * several codecs claim, the one of lower cost serves. A translation is decode (to linear at the codec's rate),
 * resample when the rates differ, encode; its cost is the two codecs' costs plus the resampler's, and 0 between equal
 * formats. Immutable once built; any thread.
 */
public final class Codecs {
    private Codecs() {
        throw new UnsupportedOperationException("to be written");
    }

    /** The built-in codecs. */
    public static Codecs builtIn() {
        throw new UnsupportedOperationException("to be written");
    }

    /** These codecs and {@code more}; for a format both claim, the cheaper. */
    public Codecs with(List<Codec> more) {
        throw new UnsupportedOperationException("to be written");
    }

    /** The formats any codec here decodes, built-ins first. */
    public List<MediaFormat> formats() {
        throw new UnsupportedOperationException("to be written");
    }

    /** True if {@code format} can be translated from and to. */
    public boolean translates(MediaFormat format) {
        throw new UnsupportedOperationException("to be written");
    }

    /**
     * A new translator (one stream's state) from {@code from} to {@code to}; the identity when they are equal.
     *
     * @throws org.strowger.api.InvalidArgumentException if either is not translatable
     */
    public Translator translator(MediaFormat from, MediaFormat to) {
        throw new UnsupportedOperationException("to be written");
    }

    /** What translating one 20 ms frame from {@code from} to {@code to} costs; 0 if equal; MAX_VALUE if impossible. */
    public int cost(MediaFormat from, MediaFormat to) {
        throw new UnsupportedOperationException("to be written");
    }

    /**
     * Of {@code candidates} (a channel's native formats, in its order of preference), the one {@code from} translates
     * into most cheaply: {@code from} itself if it is one; ties go to the earlier candidate. Null if none is reachable.
     */
    public MediaFormat cheapestTarget(MediaFormat from, List<MediaFormat> candidates) {
        throw new UnsupportedOperationException("to be written");
    }

    /** The 16-bit linear format at {@code rate} (8000, 16000, 24000 or 48000). */
    public static MediaFormat linear(int rate) {
        throw new UnsupportedOperationException("to be written");
    }
}
