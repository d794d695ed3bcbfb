package org.strowger.core.media.play;

import org.strowger.api.media.MediaException;

/**
 * 16-bit linear audio for a playback, 20 ms at a time. Used on one executor at a time; never blocks (a file is read
 * ahead on a thread of its own).
 */
public interface FrameSource {
    /** The rate of the samples it produces, in Hz. */
    int sampleRate();

    /**
     * Fills {@code out} with the next 20 ms ({@code sampleRate() / 50} samples); returns the samples written: fewer
     * at the source's end, 0 once it has ended.
     */
    int next(short[] out);

    /**
     * Why the source ended before its end, or null: a file that could be opened but not read to its end (a disk
     * error, a file cut short while playing). Meaningful once {@link #next} has returned fewer than a frame; the
     * playback then fails with it rather than finishing.
     */
    default MediaException failure() {
        return null;
    }

    /** Releases what it holds (a file reader); idempotent. */
    void close();
}
