package org.strowger.api.media;

import java.time.Duration;
import org.strowger.api.InvalidArgumentException;

/**
 * How a playback ended.
 *
 * @param played how much of the source was played (whole 20 ms frames), e.g. where a barge-in cut a prompt
 * @param end why it ended
 */
public record PlaybackResult(Duration played, End end) {
    /** Why a playback ended. */
    public enum End {
        /** The source ended. */
        FINISHED,
        /** {@link Playback#stop()}. */
        STOPPED,
        /** A digit stopped it ({@link DigitCollection#bargeIn()}). */
        INTERRUPTED,
        /** Another playback started on the same channel or bridge. */
        REPLACED,
        /** The channel hung up, or the bridge was destroyed. */
        GONE
    }

    public PlaybackResult {
        if (played == null || end == null || played.isNegative()) {
            throw new InvalidArgumentException("played (>= 0) and end must not be null");
        }
    }
}
