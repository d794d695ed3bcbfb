package org.strowger.api.media;

import java.nio.file.Path;
import java.time.Duration;
import org.strowger.api.InvalidArgumentException;

/**
 * A finished recording.
 *
 * @param file the WAV file, complete and closed
 * @param duration the audio it holds
 * @param end why it ended
 */
public record RecordingResult(Path file, Duration duration, End end) {
    /** Why a recording ended. */
    public enum End {
        /** {@link Recording#stop()}. */
        STOPPED,
        /** It reached {@link RecordOptions#maxDuration()}. */
        MAX_DURATION,
        /** The channel hung up. */
        GONE
    }

    public RecordingResult {
        if (file == null || duration == null || end == null) {
            throw new InvalidArgumentException("file, duration and end must not be null");
        }
    }
}
