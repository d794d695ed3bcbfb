package org.strowger.core.bridge;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.PlaybackResult;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.log.LogText;
import org.strowger.core.media.codec.Resampler;
import org.strowger.core.media.play.FrameSource;
import org.strowger.core.media.play.FrameSources;

/*
 * One source played to a bridge (Bridge.play). The start is a task on the bridge's executor, which makes it the
 * bridge's playback (ending the one before, REPLACED) and opens the source off the executor (FrameSources: a file on
 * a thread of its own) at the bridge's mix rate. It has no clock of its own: the bridge's mixer (BridgeMixing) reads
 * one 20 ms frame of it per tick and adds it to every member's mix, so it is paced by the mixer's drift-free timer and
 * keeps in step with what the members say. If the mix rate changes while it plays (a wideband member joins), its
 * frames are resampled to the new rate from then on rather than the source reopened.
 *
 * It ends exactly once (the CAS on ended decides between the source's end, stop(), a replacement and the bridge's
 * destruction): the source is closed, the bridge told (it stops mixing for it, and its members go back to what they
 * heard before), and the result completed with whole frames played. stop() sets ended at once from any thread, and
 * the frames the mixer sent with this playback in them carry live() as their guard, so once stop() has returned no
 * frame of it reaches a tech, not even one still queued at a member.
 */
final class BridgePlayback implements Playback {
    private static final long FRAME_MILLIS = 20;

    /** What a tick got from {@link #read}. */
    enum Read {
        /** A frame of the source. */
        FRAME,
        /** Nothing this tick: not open yet, or ended and the end on its way. */
        NONE,
        /** The source has ended (or failed): the tick calls {@link #sourceEnded}. */
        ENDED
    }

    private final BridgeImpl bridge;
    private final MediaSource source;
    private final CommandFuture<PlaybackResult> result;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final BooleanSupplier live = () -> !ended.get();

    // Owned by the bridge's executor.
    private FrameSource frames;
    private short[] buffer; // one frame at the source's rate, when that is not the mix rate
    private Resampler resampler; // source rate -> mix rate, while they differ
    private long played;

    BridgePlayback(BridgeImpl bridge, MediaSource source) {
        this.bridge = bridge;
        this.source = source;
        this.result = CommandFuture.forCaller(bridge.rt.pool());
    }

    @Override
    public CompletionStage<PlaybackResult> result() {
        return result;
    }

    @Override
    public boolean stop() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        // from now no frame of it goes out, nor reaches a tech (live); the rest is the executor's
        bridge.executor.execute(() -> finish(PlaybackResult.End.STOPPED)); // a bridge's executor is never closed
        return true;
    }

    /** True until it has ended; the guard of the frames it is in. Any thread. */
    BooleanSupplier live() {
        return live;
    }

    /** True once it has ended. Any thread. */
    boolean hasEnded() {
        return ended.get();
    }

    /** Opens the source at {@code rate} (the bridge's mix rate); it plays once open. Executor only. */
    void open(int rate) {
        assert bridge.executor.inExecutor();
        FrameSources.open(source, rate).whenComplete((opened, failed) -> bridge.executor.execute(() -> {
            if (failed != null) {
                failed(failed);
            } else {
                begin(opened);
            }
        }));
    }

    private void begin(FrameSource opened) {
        assert bridge.executor.inExecutor();
        if (ended.get()) { // stopped, replaced or gone while it opened
            opened.close();
            return;
        }
        frames = opened;
        buffer = new short[opened.sampleRate() / 50];
    }

    private void failed(Throwable failure) {
        assert bridge.executor.inExecutor();
        if (ended.compareAndSet(false, true)) {
            bridge.playbackEnded(this);
            result.fail(failure); // as FrameSources.open failed: a MediaException, or what check() rejects
        }
    }

    /**
     * The next 20 ms of the source into {@code out}, a frame at {@code mixRate}: resampled if the source runs at
     * another rate, the end of a last short frame silent. Executor only (the mixer's tick).
     */
    Read read(short[] out, int mixRate) {
        assert bridge.executor.inExecutor();
        if (ended.get() || frames == null) {
            return Read.NONE;
        }
        int rate = frames.sampleRate();
        short[] in = rate == mixRate ? out : buffer;
        int frame = rate / 50;
        int n = frames.next(in);
        if (n == 0) {
            return Read.ENDED;
        }
        Arrays.fill(in, n, frame, (short) 0);
        if (in != out) {
            if (resampler == null || resampler.outRate() != mixRate) {
                resampler = new Resampler(rate, mixRate);
            }
            int m = resampler.process(in, 0, frame, out, 0);
            Arrays.fill(out, m, mixRate / 50, (short) 0);
        } else {
            resampler = null;
        }
        played++;
        return Read.FRAME;
    }

    /** {@link #read} found the source's end: FINISHED, or failed if the source broke off. Executor only. */
    void sourceEnded() {
        assert bridge.executor.inExecutor();
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        MediaException broke = frames.failure();
        frames.close();
        bridge.playbackEnded(this);
        if (broke != null) {
            result.fail(broke);
        } else {
            result.succeed(outcome(PlaybackResult.End.FINISHED));
        }
    }

    /** Ends it with {@code why} unless it has ended; true if this call ended it. Executor only. */
    boolean end(PlaybackResult.End why) {
        assert bridge.executor.inExecutor();
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        finish(why);
        return true;
    }

    /** The bridge was destroyed before this playback started. Executor only. */
    void notStarted(RuntimeException gone) {
        assert bridge.executor.inExecutor();
        if (ended.compareAndSet(false, true)) {
            result.fail(gone);
        }
    }

    /** After the end was claimed: releases the source, tells the bridge, completes the result. Executor only. */
    private void finish(PlaybackResult.End why) {
        assert bridge.executor.inExecutor();
        if (frames != null) {
            frames.close();
        }
        bridge.playbackEnded(this);
        result.succeed(outcome(why));
    }

    private PlaybackResult outcome(PlaybackResult.End why) {
        return new PlaybackResult(Duration.ofMillis(played * FRAME_MILLIS), why);
    }

    @Override
    public String toString() {
        return "Playback[" + bridge.id() + ", " + LogText.escape(String.valueOf(source)) + "]";
    }
}
