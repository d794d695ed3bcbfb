package org.strowger.core.media.play;

import java.util.concurrent.CompletionStage;
import org.strowger.api.media.MediaSource;

/*
 * Opens a MediaSource as a FrameSource: tones, call-progress tones, in-band digits, silence and sequences at once; a
 * WAV file on a virtual thread (never on an executor), failing the stage with a MediaException naming the file when it
 * cannot be read or decoded.
 */
public final class FrameSources {
    private FrameSources() {
    }

    /**
     * Checks {@code source} on the calling thread without I/O (a malformed tone plan throws
     * InvalidArgumentException).
     */
    public static void check(MediaSource source) {
        throw new UnsupportedOperationException("to be written");
    }

    /**
     * Opens {@code source}, producing samples at {@code rate} (8000, 16000, 24000 or 48000; a file at another rate
     * is resampled). The stage completes on the thread that opened it: at once, or the file's reader thread.
     */
    public static CompletionStage<FrameSource> open(MediaSource source, int rate) {
        throw new UnsupportedOperationException("to be written");
    }
}
