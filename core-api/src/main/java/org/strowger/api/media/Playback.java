package org.strowger.api.media;

import java.util.concurrent.CompletionStage;

/**
 * A source being played to a channel or a bridge. Thread-safe.
 */
public interface Playback {
    /**
     * Completes when the playback ends, with how much was played and why it ended; fails with a {@link MediaException}
     * if the source cannot be read. A channel's playback whose channel was gone before it started completes
     * {@link PlaybackResult.End#GONE} with nothing played; a bridge's fails with
     * {@link org.strowger.api.NoSuchBridgeException} if its bridge was gone before it started. Completes on the
     * executor of the code that started it, as every stage.
     */
    CompletionStage<PlaybackResult> result();

    /**
     * Stops it (a message to the channel's or bridge's executor: no frame of it is written after that message runs,
     * and none stays queued). Any thread; returns true for the call that stopped it, false if it had ended.
     */
    boolean stop();
}
