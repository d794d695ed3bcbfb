package org.strowger.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strowger.badinput.BadInputWorld.bad;
import static org.strowger.badinput.BadInputWorld.invalid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strowger.api.Bridge;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.api.media.CollectedDigits;
import org.strowger.api.media.DigitCollection;
import org.strowger.api.media.JitterBuffer;
import org.strowger.api.media.JitterBufferOptions;
import org.strowger.api.media.MediaDirection;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.PlaybackResult;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.Recording;
import org.strowger.api.media.RecordingResult;
import org.strowger.api.media.Translator;
import org.strowger.badinput.BadInputWorld.Case;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.TestCores;

/**
 * The media rows of the bad-input catalogue (docs/reliability.md): playback, recording, digit collection, in-band
 * DTMF, translators, a tech's media declarations, the caller's offered formats, and the media value types. Malformed
 * arguments throw {@link org.strowger.api.InvalidArgumentException} at once and queue nothing; a channel that is gone
 * fails (or, for a playback, ends {@code GONE}) without touching a file; the channel stays usable.
 */
@ExtendWith(NoLeakExtension.class)
class MediaBadInputTest {

    static List<Case> cases() {
        return List.of(
            bad("play: null source or malformed tone plan", w -> {
                Channel ch = w.up("a");
                FakeChannel f = w.fakeOf(ch);
                long callbacks = f.callbacks().size();
                invalid(() -> ch.play(null));
                invalid(() -> ch.play(MediaSource.tone("oops")));
                invalid(() -> ch.play(MediaSource.tone("4000"))); // not below 4 kHz: cannot play at 8 kHz
                invalid(() -> ch.play(MediaSource.sequence(MediaSource.silence(Duration.ofMillis(40)),
                        MediaSource.tone("oops"))));
                w.sim.runUntilQuiescent();
                assertEquals(callbacks, f.callbacks().size(), "nothing was queued: no SRC_UPDATE, no frame");
                PlaybackResult r = w.done(ch.play(new MediaSource.Tone("440", Duration.ofMillis(100))).result());
                assertEquals(PlaybackResult.End.FINISHED, r.end(), "a valid playback still plays");
                w.stillUsable(ch);
            }),
            bad("play: channel hung up or destroyed", w -> {
                Channel stale = w.destroyed("a");
                PlaybackResult r = w.done(stale.play(MediaSource.tone("440")).result());
                assertEquals(new PlaybackResult(Duration.ZERO, PlaybackResult.End.GONE), r);
                invalid(() -> stale.play(MediaSource.tone("oops"))); // still checked first
            }),
            bad("record, collectDigits, detectInbandDtmf: null or channel gone", w -> {
                Channel ch = w.up("a");
                invalid(() -> ch.record(null));
                invalid(() -> ch.collectDigits(null));
                w.stillUsable(ch);
                Channel stale = w.destroyed("b");
                Path file = Path.of(System.getProperty("java.io.tmpdir"),
                        "strowger-bad-input-" + System.nanoTime() + ".wav");
                Recording rec = stale.record(RecordOptions.of(file));
                w.gone(rec.result());
                assertFalse(rec.stop(), "a recording that never started has nothing to stop");
                assertFalse(Files.exists(file), "no file is created for a channel that is gone");
                w.gone(stale.collectDigits(DigitCollection.of(4)));
                w.gone(stale.detectInbandDtmf(true));
            }),
            bad("collectDigits: hang-up while collecting", w -> {
                Channel ch = w.up("a");
                CompletableFuture<CollectedDigits> pending = ch.collectDigits(DigitCollection.of(4))
                        .toCompletableFuture();
                w.sim.runUntilQuiescent();
                w.fakeOf(ch).remote().hangup(HangupCause.NORMAL_CLEARING);
                w.gone(pending);
            }),
            bad("translator: null, untranslatable format, wrong frame", w -> {
                ChannelCore core = w.core;
                List<MediaFormat> formats = core.translatableFormats();
                assertTrue(formats.containsAll(List.of(MediaFormat.ULAW, MediaFormat.ALAW, MediaFormat.SLIN8,
                        MediaFormat.SLIN16, MediaFormat.SLIN24, MediaFormat.SLIN48, MediaFormat.G722)), "" + formats);
                assertThrows(UnsupportedOperationException.class, () -> formats.add(MediaFormat.OPUS));
                invalid(() -> core.translator(null, MediaFormat.ULAW));
                invalid(() -> core.translator(MediaFormat.ULAW, null));
                String opus = invalid(() -> core.translator(MediaFormat.OPUS, MediaFormat.ULAW)).getMessage();
                assertTrue(opus.contains("opus"), opus);
                invalid(() -> core.translator(MediaFormat.ULAW, MediaFormat.H264));
                Translator t = core.translator(MediaFormat.ULAW, MediaFormat.SLIN16);
                invalid(() -> t.translate(null));
                invalid(() -> t.translate(new VoiceFrame(MediaFormat.ALAW, new byte[160], 160, 0)));
                VoiceFrame out = t.translate(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0));
                assertEquals(MediaFormat.SLIN16, out.format(), "still works after the refusals");
            }),
            bad("newJitterBuffer: null options, untranslatable format, bad frames", w -> {
                for (java.util.function.Function<JitterBufferOptions, JitterBuffer> make : List.<java.util.function.Function<
                        JitterBufferOptions, JitterBuffer>>of(w.core::newJitterBuffer, w.fake.context()::newJitterBuffer)) {
                    invalid(() -> make.apply(null));
                    String opus = invalid(() -> make.apply(JitterBufferOptions.of(MediaFormat.OPUS))).getMessage();
                    assertTrue(opus.contains("opus"), opus);
                    JitterBuffer jb = make.apply(JitterBufferOptions.of(MediaFormat.ULAW));
                    invalid(() -> jb.offer(null));
                    invalid(() -> jb.offer(new VoiceFrame(MediaFormat.ALAW, new byte[160], 160, 0)));
                    invalid(() -> jb.offer(new VoiceFrame(MediaFormat.ULAW, new byte[80], 80, 0)));
                    assertEquals(0, jb.stats().received(), "a refused frame is not counted");
                    assertTrue(jb.offer(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0)), "still works");
                }
            }),
            bad("mediaChanged: null, unchanged, after hang-up", w -> {
                Channel ch = w.up("a");
                ChannelSink sink = w.fakeOf(ch).remote();
                invalid(() -> sink.mediaChanged(null));
                ChannelMedia pcmu = ChannelMedia.of(MediaFormat.ULAW);
                sink.mediaChanged(pcmu);
                sink.mediaChanged(pcmu);
                w.sim.runUntilQuiescent();
                assertEquals(pcmu, ch.snapshot().media());
                assertEquals(1, w.app.log(ch).stream()
                        .filter(e -> e.equals("event " + new ChannelEvent.MediaChanged(pcmu))).count(),
                        "an unchanged declaration is no change: one event");
                w.stillUsable(ch);
                sink.hangup(HangupCause.NORMAL_CLEARING);
                w.sim.runUntilQuiescent();
                sink.mediaChanged(ChannelMedia.of(MediaFormat.ALAW)); // late: ignored
                w.sim.runUntilQuiescent();
                assertEquals(pcmu, ch.snapshot().media());
            }),
            bad("inbound call: null or null-holding offered formats", w -> {
                invalid(() -> InboundCall.of("a", "1").withOfferedFormats((MediaFormat[]) null));
                invalid(() -> InboundCall.of("a", "1").withOfferedFormats(MediaFormat.ULAW, null));
                invalid(() -> new InboundCall("a", "1", null, null, null, null, null));
                invalid(() -> new InboundCall("a", "1", null, null, null, null, Arrays.asList(MediaFormat.ULAW, null)));
                assertEquals(List.of(), InboundCall.of("a", "1").withOfferedFormats().offeredFormats(), "none: unknown");
            }),
            bad("media values: nulls and out of range", w -> {
                // ChannelMedia
                invalid(() -> new ChannelMedia(null, null, null, MediaDirection.SEND_RECEIVE));
                invalid(() -> new ChannelMedia(List.of(MediaFormat.ULAW), null, MediaFormat.ULAW, null));
                invalid(() -> new ChannelMedia(List.of(), null, MediaFormat.ULAW, MediaDirection.SEND_RECEIVE));
                invalid(() -> new ChannelMedia(List.of(MediaFormat.ULAW), null, null, MediaDirection.SEND_RECEIVE));
                invalid(() -> new ChannelMedia(List.of(MediaFormat.ULAW), null, MediaFormat.ALAW,
                        MediaDirection.SEND_RECEIVE));
                invalid(() -> ChannelMedia.of());
                invalid(() -> ChannelMedia.of(MediaFormat.ULAW).withFormats(MediaFormat.ULAW, MediaFormat.ALAW));
                invalid(() -> ChannelMedia.of(MediaFormat.ULAW).withDirection(null));
                // DigitCollection
                invalid(() -> DigitCollection.of(0));
                invalid(() -> DigitCollection.of(65));
                invalid(() -> DigitCollection.of(4).withTimeouts(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
                invalid(() -> DigitCollection.of(4).withTimeouts(Duration.ofSeconds(1), Duration.ofHours(25)));
                invalid(() -> DigitCollection.of(4).withTimeouts(null, Duration.ofSeconds(1)));
                invalid(() -> DigitCollection.of(4).withTerminators(null));
                invalid(() -> DigitCollection.of(4).withTerminators("x"));
                invalid(() -> new DigitCollection(4, Duration.ZERO, Duration.ZERO, "\n", false));
                assertEquals("*#", DigitCollection.of(4).withTerminators("*#").terminators());
                // RecordOptions
                Path file = Path.of("rec.wav");
                invalid(() -> RecordOptions.of(null));
                invalid(() -> RecordOptions.of(file).withMaxDuration(Duration.ofMillis(999)));
                invalid(() -> RecordOptions.of(file).withMaxDuration(Duration.ofHours(25)));
                invalid(() -> RecordOptions.of(file).withMaxDuration(null));
                invalid(() -> RecordOptions.of(file).withSide(null));
                invalid(() -> RecordOptions.of(file).withFormat(null));
                invalid(() -> new RecordOptions(file, RecordOptions.Side.BOTH, RecordOptions.Format.ULAW, null));
                // MediaSource and its records
                invalid(() -> MediaSource.file(null));
                invalid(() -> new MediaSource.WavFile(null));
                invalid(() -> MediaSource.tone(null));
                invalid(() -> MediaSource.tone(" "));
                invalid(() -> new MediaSource.Tone("440", Duration.ofMillis(-1)));
                invalid(() -> new MediaSource.Tone("440", Duration.ofHours(25)));
                String country = invalid(() -> MediaSource.progress("fr", MediaSource.ProgressTone.BUSY)).getMessage();
                assertTrue(country.contains("eu, uk, us"), country);
                invalid(() -> MediaSource.progress(null, MediaSource.ProgressTone.BUSY));
                invalid(() -> MediaSource.progress("us", null));
                invalid(() -> new MediaSource.Progress("us", MediaSource.ProgressTone.DIAL, Duration.ofHours(25)));
                invalid(() -> MediaSource.digits(null));
                invalid(() -> MediaSource.digits(""));
                invalid(() -> MediaSource.digits("12x"));
                invalid(() -> MediaSource.digits("1".repeat(65)));
                invalid(() -> new MediaSource.Digits("1", Duration.ofMillis(39), Duration.ofMillis(100)));
                invalid(() -> new MediaSource.Digits("1", Duration.ofMillis(100), Duration.ofSeconds(11)));
                invalid(() -> new MediaSource.Digits("1", null, Duration.ofMillis(100)));
                invalid(() -> MediaSource.silence(null));
                invalid(() -> new MediaSource.Silence(Duration.ofSeconds(-1)));
                invalid(() -> new MediaSource.Silence(Duration.ofHours(25)));
                invalid(() -> MediaSource.sequence());
                invalid(() -> MediaSource.sequence((MediaSource[]) null));
                invalid(() -> MediaSource.sequence(MediaSource.digits("1"), null));
                invalid(() -> new MediaSource.Sequence(null));
                invalid(() -> new MediaSource.Sequence(List.of()));
                assertEquals("1A", ((MediaSource.Digits) MediaSource.digits("1a")).digits(), "a-d are upper-cased");
                // results
                invalid(() -> new CollectedDigits(null, CollectedDigits.End.TIMEOUT));
                invalid(() -> new CollectedDigits("1", null));
                invalid(() -> new PlaybackResult(Duration.ofMillis(-20), PlaybackResult.End.FINISHED));
                invalid(() -> new PlaybackResult(Duration.ZERO, null));
                invalid(() -> new PlaybackResult(null, PlaybackResult.End.FINISHED));
                invalid(() -> new RecordingResult(null, Duration.ZERO, RecordingResult.End.STOPPED));
                invalid(() -> new RecordingResult(file, null, RecordingResult.End.STOPPED));
                invalid(() -> new RecordingResult(file, Duration.ZERO, null));
            }),
            bad("bridge play: null source or malformed tone plan", w -> {
                Channel a = w.up("a");
                Channel b = w.up("b");
                Bridge br = w.bridged(a, b);
                invalid(() -> br.play(null));
                invalid(() -> br.play(MediaSource.tone("oops")));
                invalid(() -> br.play(MediaSource.tone("4000")));
                w.stillUsable(a);
                w.stillUsable(b);
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void media(Case c, TestCores cores) {
        BadInputWorld.run(c, cores);
    }

    /**
     * A recording whose file cannot be created (its directory does not exist) fails with a {@link MediaException}
     * naming the file once audio has come, and the channel goes on; on real threads, as files are written on threads
     * of their own.
     */
    @Test
    @Timeout(60)
    void aRecordingWhoseFileCannotBeCreatedFailsNamingItAndTheChannelGoesOn(TestCores cores, @TempDir Path dir)
            throws Exception {
        FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), pcmu);
        FakeChannel alice = pcmu.inbound("alice", "100");
        assertTrue(TestCores.await(() -> alice.remote() != null && alice.channel() != null, Duration.ofSeconds(10)));
        Channel ch = alice.channel();
        ch.answer().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Path file = dir.resolve("no-such-dir").resolve("call.wav");
        CompletableFuture<RecordingResult> result = ch.record(RecordOptions.of(file)).result().toCompletableFuture();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!result.isDone() && System.nanoTime() < deadline) {
            alice.remote().receive(new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0));
            Thread.sleep(20);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        MediaException m = assertInstanceOf(MediaException.class, e.getCause());
        assertTrue(m.getMessage().contains("call.wav"), m.getMessage());
        assertFalse(Files.exists(file));
        ch.setVariable("AFTER", "ok").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("ok", ch.variable("AFTER").orElseThrow(), "the channel goes on");
        ch.hangup(HangupCause.NORMAL_CLEARING).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
