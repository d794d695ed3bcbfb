package org.strowger.core.media.translate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.Translator;
import org.strowger.spi.Codec;

/*
 * The codecs a core translates through, and the translators between their formats. Built in: G.711 mu-law and A-law,
 * 16-bit linear at 8, 16, 24 and 48 kHz, G.722; more come from the builder and from ServiceLoader. For a format that
 * several codecs claim, the one of lower cost serves. A translation is decode (to linear at the codec's rate),
 * resample when the rates differ, encode; its cost is the two codecs' costs plus the resampler's, and 0 between equal
 * formats. Immutable once built; any thread.
 *
 * The resampler's cost grows with the higher of the two rates (its work per 20 ms frame is about 1.3 multiply-adds
 * per hertz of that rate, whichever way it converts): RESAMPLE_COST per 8 kHz of it. Against G.722's 10 that is
 * close to what TranslationBenchmark measures; G.711 (1) is in fact cheaper still, but only the order of the costs
 * matters, for choosing a target format. A codec must work at one of the resampler's rates (8, 16, 24 or 48 kHz).
 */
public final class Codecs {
    /** Cost of resampling per 8000 Hz of the higher rate. */
    static final int RESAMPLE_COST = 6;
    private static final List<Integer> RATES = List.of(8000, 16000, 24000, 48000);
    private static final Codecs BUILT_IN = new Codecs(Map.of()).with(List.of(G711Codec.ULAW, G711Codec.ALAW,
            new LinearCodec(MediaFormat.SLIN8), new LinearCodec(MediaFormat.SLIN16),
            new LinearCodec(MediaFormat.SLIN24), new LinearCodec(MediaFormat.SLIN48), new G722Codec()));

    /** The serving codec of each format, in the order the formats were first claimed. */
    private final Map<MediaFormat, Codec> codecs;
    private final List<MediaFormat> formats;

    private Codecs(Map<MediaFormat, Codec> codecs) {
        this.codecs = codecs;
        this.formats = List.copyOf(codecs.keySet());
    }

    /** The built-in codecs. */
    public static Codecs builtIn() {
        return BUILT_IN;
    }

    /**
     * These codecs and {@code more}; for a format both claim, the cheaper (on equal costs, the one in {@code more},
     * and there the later: so what is added last overrides).
     *
     * @throws InvalidArgumentException if {@code more} or one of its codecs is null, or a codec has no audio format,
     *         a rate other than 8000, 16000, 24000 or 48000 Hz, or a negative cost
     */
    public Codecs with(List<Codec> more) {
        if (more == null) {
            throw new InvalidArgumentException("codecs must not be null");
        }
        Map<MediaFormat, Codec> all = new LinkedHashMap<>(codecs);
        for (int i = 0; i < more.size(); i++) {
            Codec c = check(more.get(i), i);
            Codec present = all.get(c.format());
            if (present == null || c.cost() <= present.cost()) {
                all.put(c.format(), c); // a replaced format keeps its place
            }
        }
        return new Codecs(Collections.unmodifiableMap(all));
    }

    /** The formats any codec here decodes, built-ins first. */
    public List<MediaFormat> formats() {
        return formats;
    }

    /** True if {@code format} can be translated from and to. */
    public boolean translates(MediaFormat format) {
        return format != null && codecs.containsKey(format);
    }

    /**
     * A new translator (one stream's state) from {@code from} to {@code to}; the identity when they are equal.
     *
     * @throws org.strowger.api.InvalidArgumentException if either is not translatable
     */
    public Translator translator(MediaFormat from, MediaFormat to) {
        Codec source = codec(from, "from");
        Codec target = codec(to, "to");
        if (from.equals(to)) {
            return new IdentityTranslator(from);
        }
        int rate = source.sampleRate();
        return new CodecTranslator(new LinearDecoder(source, rate), new LinearEncoder(target, rate));
    }

    /**
     * A new decoder (one stream's state) of frames in {@code format} to 16-bit linear at {@code rate} Hz, resampling
     * when that is not the codec's rate; for a mixer that reads its members at the mix's rate.
     *
     * @throws InvalidArgumentException if {@code format} is not translatable or {@code rate} is not one of 8000,
     *         16000, 24000, 48000
     */
    public LinearDecoder decoder(MediaFormat format, int rate) {
        return new LinearDecoder(codec(format, "decoded"), checkRate(rate));
    }

    /**
     * A new encoder (one stream's state) of 16-bit linear at {@code rate} Hz into frames in {@code format},
     * resampling when that is not the codec's rate; for a mixer that writes each member's mix.
     *
     * @throws InvalidArgumentException if {@code format} is not translatable or {@code rate} is not one of 8000,
     *         16000, 24000, 48000
     */
    public LinearEncoder encoder(MediaFormat format, int rate) {
        return new LinearEncoder(codec(format, "encoded"), checkRate(rate));
    }

    /**
     * The rate in Hz of the linear samples {@code format}'s codec decodes to (e.g. 16000 for G.722), for choosing a
     * mix rate that loses nothing.
     *
     * @throws InvalidArgumentException if {@code format} is not translatable
     */
    public int sampleRate(MediaFormat format) {
        return codec(format, "format").sampleRate();
    }

    /** What translating one 20 ms frame from {@code from} to {@code to} costs; 0 if equal; MAX_VALUE if impossible. */
    public int cost(MediaFormat from, MediaFormat to) {
        if (from == null || to == null) {
            throw new InvalidArgumentException("formats to cost must not be null");
        }
        if (from.equals(to)) {
            return 0;
        }
        Codec source = codecs.get(from);
        Codec target = codecs.get(to);
        if (source == null || target == null) {
            return Integer.MAX_VALUE;
        }
        long cost = (long) source.cost() + target.cost() + resampleCost(source.sampleRate(), target.sampleRate());
        return (int) Math.min(cost, Integer.MAX_VALUE - 1);
    }

    /**
     * Of {@code candidates} (a channel's native formats, in its order of preference), the one {@code from} translates
     * into most cheaply: {@code from} itself if it is one; ties go to the earlier candidate. Null if none is reachable.
     */
    public MediaFormat cheapestTarget(MediaFormat from, List<MediaFormat> candidates) {
        if (from == null || candidates == null) {
            throw new InvalidArgumentException("the format and the candidates must not be null");
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i) == null) {
                throw new InvalidArgumentException("candidate format " + i + " is null");
            }
        }
        if (candidates.contains(from)) {
            return from;
        }
        MediaFormat best = null;
        int bestCost = Integer.MAX_VALUE;
        for (MediaFormat candidate : candidates) {
            int cost = cost(from, candidate);
            if (cost < bestCost) {
                best = candidate;
                bestCost = cost;
            }
        }
        return best;
    }

    /** The 16-bit linear format at {@code rate} (8000, 16000, 24000 or 48000). */
    public static MediaFormat linear(int rate) {
        return switch (rate) {
            case 8000 -> MediaFormat.SLIN8;
            case 16000 -> MediaFormat.SLIN16;
            case 24000 -> MediaFormat.SLIN24;
            case 48000 -> MediaFormat.SLIN48;
            default -> throw new InvalidArgumentException(
                    "no 16-bit linear format at " + rate + " Hz: the rates are 8000, 16000, 24000 and 48000");
        };
    }

    @Override
    public String toString() {
        return "Codecs" + names();
    }

    /** The cost of resampling a 20 ms frame between {@code a} and {@code b} Hz; 0 if they are equal. */
    static int resampleCost(int a, int b) {
        return a == b ? 0 : RESAMPLE_COST * Math.max(a, b) / 8000;
    }

    /** Rejects a null frame or one that is not in {@code expected}. */
    static void checkFrame(VoiceFrame frame, MediaFormat expected) {
        if (frame == null) {
            throw new InvalidArgumentException("frame to translate must not be null");
        }
        if (!frame.format().equals(expected)) {
            throw new InvalidArgumentException("frame in " + describe(frame.format()) + ", expected one in "
                    + describe(expected));
        }
    }

    /** A format as in SDP: name/clock rate, and /channels when not mono. */
    static String describe(MediaFormat f) {
        return f.name() + "/" + f.clockRate() + (f.channels() == 1 ? "" : "/" + f.channels());
    }

    private Codec codec(MediaFormat format, String role) {
        if (format == null) {
            throw new InvalidArgumentException("the " + role + " format must not be null");
        }
        Codec c = codecs.get(format);
        if (c == null) {
            throw new InvalidArgumentException("no codec for " + describe(format) + " (the " + role
                    + " format); translatable: " + names());
        }
        return c;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (MediaFormat f : formats) {
            names.add(describe(f));
        }
        return names;
    }

    private static int checkRate(int rate) {
        if (!RATES.contains(rate)) {
            throw new InvalidArgumentException(
                    "linear rate " + rate + " Hz: must be one of 8000, 16000, 24000, 48000");
        }
        return rate;
    }

    private static Codec check(Codec c, int index) {
        if (c == null) {
            throw new InvalidArgumentException("codec " + index + " is null");
        }
        MediaFormat f = c.format();
        if (f == null || f.kind() != MediaFormat.Kind.AUDIO) {
            throw new InvalidArgumentException("codec " + index + " (" + c.getClass().getName() + ") has "
                    + (f == null ? "no format" : "the video format " + describe(f)) + "; a codec needs an audio one");
        }
        if (!RATES.contains(c.sampleRate())) {
            throw new InvalidArgumentException("codec " + index + " for " + describe(f) + " works at "
                    + c.sampleRate() + " Hz; the resampler's rates are 8000, 16000, 24000 and 48000 Hz");
        }
        if (c.cost() < 0) {
            throw new InvalidArgumentException("codec " + index + " for " + describe(f) + " has a negative cost "
                    + c.cost());
        }
        return c;
    }
}
