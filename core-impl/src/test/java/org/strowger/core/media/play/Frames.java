package org.strowger.core.media.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.strowger.api.media.MediaSource;

/** Opening and draining frame sources in tests, as a channel would: frame by frame, each a full 20 ms but the last. */
final class Frames {
    private Frames() {
    }

    /** {@code source} opened at {@code rate}, waiting at most 10 s. */
    static FrameSource open(MediaSource source, int rate) {
        try {
            return FrameSources.open(source, rate).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the source did not open", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the source failed to open: " + e.getCause(), e.getCause());
        }
    }

    /** Why opening {@code source} failed (it must fail within 10 s). */
    static Throwable failure(MediaSource source, int rate) {
        try {
            FrameSource s = FrameSources.open(source, rate).toCompletableFuture().get(10, TimeUnit.SECONDS);
            s.close();
            throw new AssertionError("opened, but it should have failed");
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the stage did not complete", e);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Opens and plays {@code source} to its end, then closes it. */
    static short[] play(MediaSource source, int rate) {
        FrameSource s = open(source, rate);
        try {
            return drain(s);
        } finally {
            s.close();
        }
    }

    /**
     * Every sample of {@code s}: each next() but the last returns a full frame, the one after the last returns 0.
     * Before each frame it waits (test code may) until a file's read-ahead holds it, so the content does not depend
     * on the reader thread's speed; a source that read ahead in time never played silence for a shortfall.
     */
    static short[] drain(FrameSource s) {
        int frame = s.sampleRate() / 50;
        short[] buffer = new short[frame];
        short[] all = new short[frame * 64];
        int length = 0;
        while (true) {
            awaitReady(s, frame);
            int n = s.next(buffer);
            if (length + n > all.length) {
                all = Arrays.copyOf(all, all.length * 2);
            }
            System.arraycopy(buffer, 0, all, length, n);
            length += n;
            if (n < frame) {
                assertEquals(0, s.next(buffer), "next() after the end");
                break;
            }
        }
        if (s instanceof WavFileSource w) {
            assertEquals(0, w.underrunSamples(), "silence played for a read-ahead that fell short");
        }
        return Arrays.copyOf(all, length);
    }

    static void awaitReady(FrameSource s, int samples) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!((PcmSource) s).ready(samples)) {
            assertTrue(System.nanoTime() < deadline, "the read-ahead did not catch up in 10 s");
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
