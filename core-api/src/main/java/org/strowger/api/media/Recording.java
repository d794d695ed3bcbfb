package org.strowger.api.media;

import java.util.concurrent.CompletionStage;

/**
 * A recording of a channel. It follows the channel through bridges, transfers and redirects, as a frame tap does, and
 * ends exactly once. Thread-safe.
 */
public interface Recording {
    /**
     * Completes once the file is complete on disk, with its duration and why the recording ended; fails with a
     * {@link MediaException} if the file cannot be written, or {@link org.strowger.api.NoSuchChannelException} if
     * the channel was gone before the recording started.
     */
    CompletionStage<RecordingResult> result();

    /** Stops it; any thread. True for the call that stopped it, false if it had ended. */
    boolean stop();
}
