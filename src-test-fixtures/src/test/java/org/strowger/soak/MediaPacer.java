package org.strowger.soak;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;

/**
 * Plays the far end of every live {@link SoakTech} channel: every 20 ms one 160-byte mu-law voice frame into each
 * channel's sink, as a network thread would. Slice {@code i} of the tech's channels is paced by its own fixed-rate
 * task, started {@code i * 20 / slices} ms after the first, so the load is spread over the period; the tasks share
 * {@code threads} platform threads. A slice task that falls behind is not run concurrently with itself (fixed rate):
 * late ticks are counted.
 */
final class MediaPacer implements AutoCloseable {
    static final long PERIOD_MICROS = 20_000;
    private static final int SAMPLES = 160;

    private final SoakTech tech;
    private final ScheduledExecutorService timer;
    private final byte[] silence = new byte[SAMPLES];
    final LongAdder injected = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder ticks = new LongAdder();
    final LongAdder lateTicks = new LongAdder();
    private final long[] timestamps;
    private volatile long startNanos;
    private volatile long stopNanos;

    MediaPacer(SoakTech tech, int threads) {
        this.tech = tech;
        this.timestamps = new long[tech.slices];
        AtomicInteger n = new AtomicInteger();
        this.timer = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "soak-media-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        startNanos = System.nanoTime();
        long offset = PERIOD_MICROS / tech.slices;
        for (int i = 0; i < tech.slices; i++) {
            int slice = i;
            timer.scheduleAtFixedRate(() -> tick(slice), i * offset, PERIOD_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    private void tick(int slice) {
        long begin = System.nanoTime();
        VoiceFrame frame = new VoiceFrame(MediaFormat.ULAW, silence, SAMPLES, timestamps[slice]);
        timestamps[slice] += SAMPLES;
        long in = 0;
        long out = 0;
        for (SoakChannel ch : tech.slice(slice)) {
            if (!ch.paced) {
                continue;
            }
            if (ch.remote().receive(frame)) {
                ch.injected = ch.injected + 1;
                in++;
            } else {
                out++;
            }
        }
        injected.add(in);
        refused.add(out);
        ticks.increment();
        if (System.nanoTime() - begin > TimeUnit.MICROSECONDS.toNanos(PERIOD_MICROS)) {
            lateTicks.increment();
        }
    }

    /** Frames per second injected from {@link #start()} to {@link #close()} (or to now). */
    double framesPerSecond() {
        long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
        return injected.sum() / ((end - startNanos) / 1e9);
    }

    /** Stops pacing and waits for a tick in progress: afterwards no frame is injected and every count is final. */
    @Override
    public void close() {
        timer.shutdownNow();
        stopNanos = System.nanoTime();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the media pacer did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the media pacer", e);
        }
    }
}
