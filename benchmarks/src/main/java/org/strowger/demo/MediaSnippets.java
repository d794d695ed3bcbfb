package org.strowger.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.FrameTap;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.api.media.CollectedDigits;
import org.strowger.api.media.DigitCollection;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.Recording;
import org.strowger.api.media.Translator;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.Codec;

/** The java snippets of docs/media.md, compiled. */
final class MediaSnippets {
    private MediaSnippets() {
    }

    /** A core whose held parties hear music, with a codec of the application's own besides the built-in ones. */
    static ChannelCore withMusicOnHold(Path music, Codec extra) {
        return Strowger.builder()
                .musicOnHold(MediaSource.file(music))          // played, repeated, to whoever is put on hold
                .codec(extra)                                  // e.g. an Opus codec; or found by ServiceLoader
                .build();
    }

    /** A tech declares what its channel speaks, e.g. from the SDP answer it negotiated. */
    static void negotiated(ChannelSink sink) {
        sink.mediaChanged(ChannelMedia.of(MediaFormat.G722, MediaFormat.ULAW)); // G.722 first, PCMU too
    }

    /** "Press 1 for sales, 2 for support": the prompt stops at the first key. */
    static CompletionStage<String> menu(Channel caller, Path prompt) {
        Playback menu = caller.play(MediaSource.file(prompt));
        return caller.collectDigits(DigitCollection.of(1).withBargeIn()
                        .withTimeouts(Duration.ofSeconds(8), Duration.ofSeconds(5)))
                .thenApply(keyed -> {
                    if (keyed.end() == CollectedDigits.End.TIMEOUT) {
                        menu.stop();                           // harmless if it has ended
                    }
                    return keyed.digits();                     // "" if nobody keyed anything
                });
    }

    /** Records a call, both sides mixed, for at most an hour; the stage says how long it was. */
    static Recording recordCall(Channel ch, Path file) {
        Recording r = ch.record(RecordOptions.of(file).withMaxDuration(Duration.ofHours(1)));
        r.result().thenAccept(done -> System.out.println(file + ": " + done.duration() + " (" + done.end() + ")"));
        return r;                                              // r.stop() ends it early
    }

    /** A tap that hands 16 kHz linear audio to a speech recogniser, whatever the channel speaks. */
    static final class ToRecogniser implements FrameTap {
        private final ChannelCore core;
        private Translator toLinear;                           // one per stream; on the channel's executor only

        ToRecogniser(ChannelCore core) {
            this.core = core;
        }

        @Override
        public Frame onFrame(Channel ch, Direction direction, Frame frame) {
            if (direction == Direction.READ && frame instanceof VoiceFrame v
                    && core.translatableFormats().contains(v.format())) {
                if (toLinear == null || !toLinear.from().equals(v.format())) {
                    toLinear = core.translator(v.format(), MediaFormat.SLIN16);
                }
                VoiceFrame pcm = toLinear.translate(v);        // 16-bit little-endian samples at 16 kHz
                if (pcm != null) {                             // null: too few samples yet, kept for the next frame
                    feed(pcm);
                }
            }
            return frame;
        }

        private void feed(VoiceFrame pcm) {
            // hand pcm to the recogniser's own thread; never block here
        }
    }

    /** An application that plays a prompt and hangs up once it has been heard to the end. */
    static final class Announcement implements Application {
        private final MediaSource message;

        Announcement(MediaSource message) {
            this.message = message;
        }

        @Override
        public void onAttach(Channel ch) {
            ch.answer().thenCompose(up -> ch.play(message).result())
                    .thenAccept(played -> ch.hangup(HangupCause.NORMAL_CLEARING));
        }
    }
}
