package org.strowger.api.media;

import java.nio.file.Path;
import java.time.Duration;
import org.strowger.api.InvalidArgumentException;

/**
 * What {@link org.strowger.api.Channel#record} records, and where.
 *
 * @param file the WAV file to write (replaced if it exists); written on a thread of its own, never on an executor
 * @param side what is recorded
 * @param format the file's encoding
 * @param maxDuration the recording stops after this much audio (1 s .. 24 h)
 */
public record RecordOptions(Path file, Side side, Format format, Duration maxDuration) {
    /** Which direction of the channel's audio. */
    public enum Side {
        /** What the far end says (frames from the tech). */
        READ,
        /** What the far end hears (frames toward the tech). */
        WRITE,
        /** Both, mixed into one mono track. */
        BOTH
    }

    /** The WAV encoding. */
    public enum Format {
        /** 16-bit linear PCM at 8 kHz. */
        LINEAR_8K,
        /** 16-bit linear PCM at 16 kHz. */
        LINEAR_16K,
        /** G.711 mu-law, 8 kHz. */
        ULAW,
        /** G.711 A-law, 8 kHz. */
        ALAW
    }

    public RecordOptions {
        if (file == null || side == null || format == null || maxDuration == null) {
            throw new InvalidArgumentException("file, side, format and max duration must not be null");
        }
        if (maxDuration.compareTo(Duration.ofSeconds(1)) < 0 || maxDuration.compareTo(MediaSource.MAX_DURATION) > 0) {
            throw new InvalidArgumentException("max duration must be 1 s .. 24 h");
        }
    }

    /** Both directions, mixed, 16-bit linear at 8 kHz, at most 24 h. */
    public static RecordOptions of(Path file) {
        return new RecordOptions(file, Side.BOTH, Format.LINEAR_8K, MediaSource.MAX_DURATION);
    }

    public RecordOptions withSide(Side newSide) {
        return new RecordOptions(file, newSide, format, maxDuration);
    }

    public RecordOptions withFormat(Format newFormat) {
        return new RecordOptions(file, side, newFormat, maxDuration);
    }

    public RecordOptions withMaxDuration(Duration newMax) {
        return new RecordOptions(file, side, format, newMax);
    }
}
