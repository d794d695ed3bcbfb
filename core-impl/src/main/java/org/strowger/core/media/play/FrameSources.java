package org.strowger.core.media.play;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.core.log.LogText;
import org.strowger.core.media.tone.TonePlan;
import org.strowger.core.media.tone.TonePlans;

/*
 * Opens a MediaSource as a FrameSource: tones, call-progress tones, in-band digits and silence at once, computed as
 * they are read; a WAV file on a virtual thread (never on the calling thread), failing the stage with a
 * MediaException naming the file when it cannot be read or decoded; a sequence once all its parts are open, so that
 * a file later in it is already open and read ahead when its turn comes. DTMF is generated at 8 or 16 kHz and
 * resampled for 24 and 48 kHz; everything else is generated or converted straight to the playback's rate.
 *
 * Tone plans are checked for every rate a playback may run at: their frequencies must be below 4000 Hz, the Nyquist
 * frequency of 8 kHz, so a plan accepted by check() plays on any channel. Error messages escape the plan.
 */
public final class FrameSources {
    /** Tone frequencies must be below this, to be playable at 8 kHz. */
    static final double MAX_TONE_FREQUENCY = 4000;

    private FrameSources() {
    }

    /**
     * Checks {@code source} on the calling thread without I/O (a malformed tone plan throws
     * InvalidArgumentException). A WAV file is checked only when it is opened.
     */
    public static void check(MediaSource source) {
        switch (source) {
            case null -> throw new InvalidArgumentException("source must not be null");
            case MediaSource.Tone t -> plan(t.plan());
            case MediaSource.Sequence s -> s.parts().forEach(FrameSources::check);
            case MediaSource.Progress p -> progressPlan(p);
            case MediaSource.WavFile w -> { }
            case MediaSource.Digits d -> { }
            case MediaSource.Silence s -> { }
        }
    }

    /**
     * Opens {@code source}, producing samples at {@code rate} (8000, 16000, 24000 or 48000; a file at another rate
     * is resampled). The stage completes on the thread that opened it: at once, or the file's reader thread (for a
     * sequence, the last of its files to open). It fails with InvalidArgumentException for what check() rejects,
     * with the MediaException of a file that cannot be played, itself (not wrapped), and with a MediaException saying
     * the source cannot be opened for any other failure. Whoever gets the source closes it, also one it no longer
     * wants.
     *
     * @throws IllegalArgumentException for another rate
     */
    public static CompletionStage<FrameSource> open(MediaSource source, int rate) {
        if (rate != 8000 && rate != 16000 && rate != 24000 && rate != 48000) {
            throw new IllegalArgumentException("playback rate " + rate + " Hz: one of 8000, 16000, 24000, 48000");
        }
        CompletableFuture<FrameSource> opened = new CompletableFuture<>();
        openPart(source, rate).whenComplete((s, failed) -> {
            if (failed == null) {
                opened.complete(s);
            } else {
                Throwable cause = failed instanceof CompletionException c && c.getCause() != null ? c.getCause() : failed;
                opened.completeExceptionally(cause instanceof MediaException || cause instanceof InvalidArgumentException
                        ? cause
                        : new MediaException("cannot open " + LogText.escape(String.valueOf(source)), cause));
            }
        });
        return opened;
    }

    private static CompletableFuture<PcmSource> openPart(MediaSource source, int rate) {
        try {
            check(source);
            return switch (source) {
                case MediaSource.WavFile w -> WavFileSource.open(w.path(), rate);
                case MediaSource.Sequence s -> openSequence(s, rate);
                case MediaSource.Tone t -> CompletableFuture.completedFuture(
                        new ToneSource(plan(t.plan()), t.duration(), rate));
                case MediaSource.Progress p -> CompletableFuture.completedFuture(
                        new ToneSource(progressPlan(p), p.duration(), rate));
                case MediaSource.Digits d -> CompletableFuture.completedFuture(rate <= 16000
                        ? new DigitsSource(d, rate) : new ResampledSource(new DigitsSource(d, 16000), rate));
                case MediaSource.Silence s -> CompletableFuture.completedFuture(new SilenceSource(s.duration(), rate));
            };
        } catch (InvalidArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** All parts at once; if one fails, those that opened are closed and the stage fails as the first (in order). */
    private static CompletableFuture<PcmSource> openSequence(MediaSource.Sequence sequence, int rate) {
        List<CompletableFuture<PcmSource>> parts = new ArrayList<>();
        for (MediaSource part : sequence.parts()) {
            parts.add(openPart(part, rate));
        }
        CompletableFuture<PcmSource> opened = new CompletableFuture<>();
        CompletableFuture.allOf(parts.toArray(CompletableFuture<?>[]::new)).whenComplete((all, t) -> {
            Throwable failure = null;
            List<PcmSource> sources = new ArrayList<>(parts.size());
            for (CompletableFuture<PcmSource> part : parts) {
                if (part.state() == Future.State.SUCCESS) {
                    sources.add(part.resultNow());
                } else if (failure == null) {
                    failure = part.exceptionNow();
                }
            }
            if (failure == null) {
                opened.complete(new SequenceSource(sources, rate));
            } else {
                sources.forEach(PcmSource::close);
                opened.completeExceptionally(failure);
            }
        });
        return opened;
    }

    private static TonePlan plan(String text) {
        TonePlan plan;
        try {
            plan = TonePlan.parse(text);
        } catch (IllegalArgumentException e) {
            // TonePlan's message quotes the plan unescaped: keep what follows the quote, escaped
            String message = String.valueOf(e.getMessage());
            String prefix = "tone plan \"" + text + "\": ";
            String detail = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
            throw new InvalidArgumentException("malformed tone plan \"" + LogText.escape(text) + "\": "
                    + LogText.escape(detail));
        }
        List<TonePlan.Segment> segments = plan.segments();
        for (int i = 0; i < segments.size(); i++) {
            TonePlan.Segment s = segments.get(i);
            double f = Math.max(s.f1(), s.f2());
            if (f >= MAX_TONE_FREQUENCY) {
                throw new InvalidArgumentException("tone plan \"" + LogText.escape(text) + "\": segment " + (i + 1)
                        + " has " + f + " Hz; tones must be below " + (int) MAX_TONE_FREQUENCY
                        + " Hz to play at 8 kHz");
            }
        }
        return plan;
    }

    private static TonePlan progressPlan(MediaSource.Progress p) {
        try {
            return TonePlans.plan(p.country(), TonePlans.Tone.valueOf(p.tone().name()));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(LogText.escape(e.getMessage()));
        }
    }
}
