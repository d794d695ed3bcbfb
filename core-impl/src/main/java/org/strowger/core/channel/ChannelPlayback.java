package org.strowger.core.channel;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.PlaybackResult;
import org.strowger.api.media.Translator;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.exec.OwnedTimer;
import org.strowger.core.log.LogText;
import org.strowger.core.media.play.FrameSource;
import org.strowger.core.media.play.FrameSources;
import org.strowger.core.media.translate.Codecs;

/*
 * One source played toward a channel's far end (Channel.play, and music on hold). The start is a command on the
 * channel's executor; the source opens (a file on a thread of its own), then a timer on the core's clock writes one
 * 20 ms frame per tick, at due times counted from the first (a late tick does not shift the rest), in the channel's
 * write format: linear at that format's rate, translated. While it plays, MediaServices keeps what others write to
 * the channel from the tech. It ends exactly once (the CAS on ended decides between the source's end, stop(), a
 * replacement, a barge-in and the hang-up): the timer is cancelled, the source closed, the tech told SRC_UPDATE, and
 * the result completed with whole frames played. Music on hold loops its source until it is stopped.
 */
final class ChannelPlayback implements Playback {
    private static final long TICK_NANOS = 20_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(ChannelPlayback.class);

    private final ChannelImpl c;
    private final MediaSource source;
    private final boolean loop;
    private final CommandFuture<PlaybackResult> result;
    private final AtomicBoolean ended = new AtomicBoolean();

    // Owned by the channel's executor.
    private FrameSource frames;
    private OwnedTimer ticker;
    private Translator toWrite;
    private short[] buffer;
    private long played;
    private long startNanos;
    private long timestamp;

    ChannelPlayback(ChannelImpl c, MediaSource source, boolean loop) {
        this.c = c;
        this.source = source;
        this.loop = loop;
        this.result = CommandFuture.forCaller(c.rt.pool());
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
        // no frame goes out from now (tick checks ended); the rest is the executor's
        c.executor.executeOrElse(() -> finish(PlaybackResult.End.STOPPED), () -> finish(PlaybackResult.End.GONE));
        return true;
    }

    /** True until it has ended. Any thread. */
    boolean playing() {
        return !ended.get();
    }

    /** Opens the source at the channel's rate; the first frame goes out once it is open. Executor only. */
    void start() {
        assert c.executor.inExecutor();
        int rate = rateFor(c.media.writeFormat());
        FrameSources.open(source, rate).whenComplete((opened, failed) -> {
            if (failed != null) {
                if (ended.compareAndSet(false, true)) {
                    logFailure(failed);
                    result.fail(failed);
                    c.executor.execute(() -> c.services().ended(this));
                }
                return;
            }
            c.executor.executeOrElse(() -> begin(opened, rate), () -> { // the channel closed meanwhile
                opened.close();
                if (ended.compareAndSet(false, true)) {
                    result.succeed(new PlaybackResult(Duration.ZERO, PlaybackResult.End.GONE));
                }
            });
        });
    }

    private void begin(FrameSource opened, int rate) {
        assert c.executor.inExecutor();
        if (ended.get() || c.isEnded()) {
            opened.close();
            end(PlaybackResult.End.GONE); // a no-op if stop() or a replacement ended it first
            return;
        }
        frames = opened;
        MediaFormat out = c.media.writeFormat() == null ? MediaFormat.ULAW : c.media.writeFormat();
        if (!c.rt.codecs().translates(out)) {
            fail(new MediaException("cannot play to " + LogText.escape(c.name()) + ": no codec encodes its write format "
                    + LogText.escape(out.name())));
            return;
        }
        buffer = new short[rate / 50];
        toWrite = c.rt.codecs().translator(Codecs.linear(rate), out);
        ticker = new OwnedTimer(c.executor, c.rt.scheduler());
        startNanos = c.rt.scheduler().nanoTime();
        c.services().sourceChanged();
        tick();
    }

    private void tick() {
        assert c.executor.inExecutor();
        if (ended.get()) {
            return;
        }
        int n = frames.next(buffer);
        if (n == 0 && loop) {
            frames.close();
            frames = null;
            FrameSources.open(source, buffer.length * 50).whenComplete((again, failed) -> c.executor.executeOrElse(() -> {
                if (failed == null && !ended.get()) {
                    frames = again;
                    tick();
                } else if (again != null) {
                    again.close();
                } else {
                    fail(failed);
                }
            }, () -> { // the channel closed meanwhile
                if (again != null) {
                    again.close();
                }
            }));
            return;
        }
        if (n == 0) {
            MediaException broken = frames.failure();
            if (broken != null) {
                fail(broken); // a file that failed or was cut short while it played
            } else {
                end(PlaybackResult.End.FINISHED);
            }
            return;
        }
        byte[] pcm = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            pcm[2 * i] = (byte) buffer[i];
            pcm[2 * i + 1] = (byte) (buffer[i] >> 8);
        }
        VoiceFrame linear = new VoiceFrame(toWrite.from(), pcm, n, timestamp);
        timestamp += n;
        played++;
        VoiceFrame encoded = toWrite.translate(linear);
        if (encoded != null) { // null: a resampler keeps a short last frame's samples
            FramePath.fromPlayback(c, encoded);
        }
        long due = startNanos + played * TICK_NANOS;
        try {
            ticker.arm(due - c.rt.scheduler().nanoTime(), this::tick);
        } catch (RejectedExecutionException stopped) { // the core's scheduler has stopped
            end(PlaybackResult.End.GONE);
        }
    }

    /** Fails it with {@code e} unless it has ended. Executor only. */
    private void fail(Throwable e) {
        assert c.executor.inExecutor();
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        release();
        logFailure(e);
        c.services().ended(this);
        result.fail(e);
    }

    /** Music on hold has no caller to fail to: its failure is logged (a playback's fails its stage). */
    private void logFailure(Throwable e) {
        if (loop) {
            LOG.warn("music on hold on {} failed: {}", LogText.escape(c.name()), e.getMessage());
        }
    }

    /** Ends it with {@code why} unless it has ended; true if this call ended it. Executor only. */
    boolean end(PlaybackResult.End why) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        finish(why);
        return true;
    }

    /** After the end was claimed: releases what it holds and completes the result. Executor (or it is closed). */
    private void finish(PlaybackResult.End why) {
        release();
        if (c.executor.inExecutor()) {
            c.services().ended(this);
        }
        result.succeed(new PlaybackResult(Duration.ofMillis(played * 20), why));
    }

    private void release() {
        if (ticker != null) {
            ticker.cancel();
        }
        if (frames != null) {
            frames.close();
        }
    }

    /** The rate to produce samples at for a channel writing {@code format}: its clock if linear-capable, else 8 kHz. */
    static int rateFor(MediaFormat format) {
        if (format == null) {
            return 8000;
        }
        int r = format.clockRate();
        return r == 16000 || r == 24000 || r == 48000 ? r : 8000;
    }
}
