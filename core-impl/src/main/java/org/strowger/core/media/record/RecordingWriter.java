package org.strowger.core.media.record;

import java.util.concurrent.CompletionStage;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.RecordingResult;

/*
 * One recording's WAV file, written on a thread of its own. A channel's executor hands it the audio it reads (from the
 * far end) and writes (toward it) as 16-bit linear at sampleRate() (16 kHz for LINEAR_16K, else 8 kHz); handing over
 * never blocks (a bounded queue: what does
 * not fit is counted, and the recording ends MAX_DURATION-like with a MediaException if the disk cannot keep up). For
 * Side.BOTH the two directions are mixed into one mono track, aligned by sample count. finish() flushes and closes the
 * file on the writer's thread and completes with the duration written.
 */
public final class RecordingWriter {
    private RecordingWriter() {
    }

    /** Starts a recording: the file is created on the writer's thread; an error fails {@link #finish}'s stage. */
    public static RecordingWriter start(RecordOptions options) {
        throw new UnsupportedOperationException("to be written");
    }

    /** The rate read() and write() take: 16000 for {@code LINEAR_16K}, else 8000. */
    public int sampleRate() {
        throw new UnsupportedOperationException("to be written");
    }

    /** What the far end said: {@code count} samples at {@link #sampleRate()}. On the channel's executor. */
    public void read(short[] samples, int offset, int count) {
        throw new UnsupportedOperationException("to be written");
    }

    /** What the far end was sent: {@code count} samples at {@link #sampleRate()}. On the channel's executor. */
    public void write(short[] samples, int offset, int count) {
        throw new UnsupportedOperationException("to be written");
    }

    /** True once the recording holds its maximum duration (the channel then finishes it with MAX_DURATION). */
    public boolean full() {
        throw new UnsupportedOperationException("to be written");
    }

    /** Ends the recording with {@code end}: flush, close, then the stage completes (or fails with MediaException). */
    public CompletionStage<RecordingResult> finish(RecordingResult.End end) {
        throw new UnsupportedOperationException("to be written");
    }
}
