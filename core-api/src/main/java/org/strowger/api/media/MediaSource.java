package org.strowger.api.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.DtmfDigit;

/**
 * What a channel or a bridge can play ({@link org.strowger.api.Channel#play}, {@link org.strowger.api.Bridge#play}),
 * paced by the core's clock at one 20 ms frame per tick and translated into each listener's format.
 */
public sealed interface MediaSource {
    /** The longest a source may play at once. */
    Duration MAX_DURATION = Duration.ofHours(24);

    /**
     * A WAV file: 16-bit PCM at 8, 16, 24 or 48 kHz, G.711 mu-law or A-law (8 kHz), mono (a stereo file is mixed
     * down), resampled to the playback's rate. The file is read on a thread of its own, never on an executor, and
     * streamed (about a second of it is held in memory, and a file that short is closed once read); one that does not
     * exist, is not a regular file, cannot be read or decoded, or holds more than {@link #MAX_DURATION} of audio fails
     * the playback with a {@link MediaException} naming the file, as does an error reading it while it plays. A file
     * shorter than its header says (cut off while being copied, say) plays what it holds and finishes.
     */
    record WavFile(Path path) implements MediaSource {
        public WavFile {
            if (path == null) {
                throw new InvalidArgumentException("path must not be null");
            }
        }
    }

    /**
     * A tone plan in the classic indications syntax ({@code 480+620/500,0/500}: segments of one or two summed
     * frequencies, or {@code f1*f2} modulated, or {@code 0} for silence, each with a duration in ms; a leading
     * {@code !} plays a segment on the first pass only), for at most {@code duration}.
     *
     * @param duration how long to play; null: until the plan ends (a plan with a last segment without duration, or
     *     a repeating one, plays until stopped or {@link #MAX_DURATION})
     * @throws InvalidArgumentException at once for a malformed plan (in {@link org.strowger.api.Channel#play}) or a
     *     duration that is negative or over {@link #MAX_DURATION}
     */
    record Tone(String plan, Duration duration) implements MediaSource {
        public Tone {
            if (plan == null || plan.isBlank()) {
                throw new InvalidArgumentException("tone plan must not be empty");
            }
            checkDuration(duration);
        }
    }

    /** A standard call-progress tone. */
    enum ProgressTone { DIAL, RINGBACK, BUSY, CONGESTION, CALL_WAITING }

    /**
     * A call-progress tone as a country's network plays it: {@code us} (the North American precise tone plan),
     * {@code uk} (BT SIN 350), {@code eu} (CEPT), for at most {@code duration} (null: until stopped).
     *
     * @throws InvalidArgumentException for another country, a null tone or a bad duration
     */
    record Progress(String country, ProgressTone tone, Duration duration) implements MediaSource {
        public Progress {
            if (country == null || tone == null) {
                throw new InvalidArgumentException("country and tone must not be null");
            }
            String c = country.trim().toLowerCase(Locale.ROOT);
            if (!List.of("us", "uk", "gb", "eu", "cept").contains(c)) {
                throw new InvalidArgumentException("no call-progress tones for country '" + country
                        + "': known are eu, uk, us");
            }
            checkDuration(duration);
        }
    }

    /**
     * DTMF digits in band (ITU-T Q.23 frequency pairs), each {@code tone} long with {@code gap} of silence after it.
     *
     * @throws InvalidArgumentException for a digit that is not {@code 0-9 * # A-D}, or durations outside 40 ms .. 10 s
     */
    record Digits(String digits, Duration tone, Duration gap) implements MediaSource {
        public Digits {
            if (digits == null || digits.isEmpty() || digits.length() > 64) {
                throw new InvalidArgumentException("1..64 digits");
            }
            StringBuilder upper = new StringBuilder(digits.length());
            for (int i = 0; i < digits.length(); i++) {
                upper.append(DtmfDigit.check(digits.charAt(i)));
            }
            digits = upper.toString();
            for (Duration d : new Duration[] {tone, gap}) {
                if (d == null || d.compareTo(Duration.ofMillis(40)) < 0 || d.compareTo(Duration.ofSeconds(10)) > 0) {
                    throw new InvalidArgumentException("digit tone and gap must be 40 ms .. 10 s");
                }
            }
        }
    }

    /** Silence for {@code duration}. */
    record Silence(Duration duration) implements MediaSource {
        public Silence {
            if (duration == null) {
                throw new InvalidArgumentException("duration must not be null");
            }
            checkDuration(duration);
        }
    }

    /** {@code parts}, one after the other. */
    record Sequence(List<MediaSource> parts) implements MediaSource {
        public Sequence {
            // not parts.contains(null): an immutable list (List.of) throws NullPointerException for that
            if (parts == null || parts.isEmpty() || parts.stream().anyMatch(p -> p == null)) {
                throw new InvalidArgumentException("a sequence needs 1 or more non-null parts");
            }
            parts = List.copyOf(parts);
        }
    }

    /** A WAV file. */
    static MediaSource file(Path path) {
        return new WavFile(path);
    }

    /** A tone plan played until it ends or is stopped. */
    static MediaSource tone(String plan) {
        return new Tone(plan, null);
    }

    /** A country's call-progress tone, until stopped. */
    static MediaSource progress(String country, ProgressTone tone) {
        return new Progress(country, tone, null);
    }

    /** DTMF digits in band, 100 ms each with 100 ms between. */
    static MediaSource digits(String digits) {
        return new Digits(digits, Duration.ofMillis(100), Duration.ofMillis(100));
    }

    /** Silence. */
    static MediaSource silence(Duration duration) {
        return new Silence(duration);
    }

    /** Several sources in turn. */
    static MediaSource sequence(MediaSource... parts) {
        return new Sequence(parts == null ? null : Arrays.asList(parts));
    }

    private static void checkDuration(Duration d) {
        if (d != null && (d.isNegative() || d.compareTo(MAX_DURATION) > 0)) {
            throw new InvalidArgumentException("duration must be 0 .. 24 h");
        }
    }
}
