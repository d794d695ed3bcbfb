package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.PlaybackResult;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.Recording;
import org.strowger.api.media.RecordingResult;
import org.strowger.core.media.file.WavEncoding;
import org.strowger.core.media.file.WavReader;
import org.strowger.core.media.file.WavWriter;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.TestCores;

/**
 * Prompts from WAV files and recordings to WAV files, on real threads (the files are read and written on threads of
 * their own): what is played is what the file holds, and what is recorded is what the channel said and heard, by
 * content; a recording follows its channel into a bridge and ends exactly once.
 */
@ExtendWith(NoLeakExtension.class)
class FilesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static FakeChannel answered(ChannelCore core, FakeTech tech, String who) throws Exception {
        FakeChannel f = tech.inbound(who, "100");
        assertTrue(TestCores.await(() -> f.remote() != null && f.channel() != null, WAIT));
        f.channel().answer().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return f;
    }

    @Test
    @Timeout(60)
    void aWavPromptIsPlayedAsItsFileHoldsIt(TestCores cores, @TempDir Path dir) throws Exception {
        Path prompt = dir.resolve("prompt.wav");
        short[] tone = Audio.decode(Audio.tone(1000, MediaFormat.SLIN16, 25), 16000); // 500 ms at 16 kHz
        try (WavWriter w = WavWriter.create(prompt, WavEncoding.PCM_16, 16000)) {
            w.write(tone, 0, tone.length);
        }
        FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), pcmu);
        FakeChannel alice = answered(core, pcmu, "alice");
        PlaybackResult r = alice.channel().play(MediaSource.file(prompt)).result().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertEquals(new PlaybackResult(Duration.ofMillis(500), PlaybackResult.End.FINISHED), r);
        List<VoiceFrame> frames = Audio.written(alice);
        assertEquals(25, frames.size());
        assertEquals(1000, Audio.dominant(Audio.decode(frames, 8000), 8000, 440, 1000, 2000));

        CompletableFuture<PlaybackResult> missing = alice.channel().play(MediaSource.file(dir.resolve("no.wav")))
                .result().toCompletableFuture();
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> missing.get(10, TimeUnit.SECONDS));
        assertInstanceOf(MediaException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("no.wav"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().startsWith("WAV file"), "the reader's own reason, unwrapped: "
                + e.getCause().getMessage());
        alice.channel().hangup(HangupCause.NORMAL_CLEARING);
    }

    @Test
    @Timeout(60)
    void aRecordingHoldsWhatTheChannelSaidAndHeardAndFollowsItIntoABridge(TestCores cores, @TempDir Path dir)
            throws Exception {
        FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), pcmu);
        FakeChannel alice = answered(core, pcmu, "alice");
        FakeChannel bob = answered(core, pcmu, "bob");
        Path file = dir.resolve("call.wav");
        Recording rec = alice.channel().record(RecordOptions.of(file));
        Thread.sleep(100);
        Bridge call = core.createBridge(BridgeOptions.call());
        call.join(alice.channel(), JoinOptions.HANG_UP_AFTER).toCompletableFuture().get(10, TimeUnit.SECONDS);
        call.join(bob.channel(), JoinOptions.HANG_UP_AFTER).toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<VoiceFrame> said = Audio.tone(700, MediaFormat.ULAW, 25);
        List<VoiceFrame> heard = Audio.tone(1300, MediaFormat.ULAW, 25);
        for (int i = 0; i < 25; i++) {
            alice.remote().receive(said.get(i));
            bob.remote().receive(heard.get(i)); // forwarded to alice: what she hears
            Thread.sleep(20);
        }
        Thread.sleep(200);
        assertTrue(rec.stop());
        RecordingResult done = rec.result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(RecordingResult.End.STOPPED, done.end());
        assertTrue(done.duration().toMillis() >= 480, "the 500 ms of the call: " + done.duration());
        short[] audio;
        try (WavReader r = WavReader.open(file)) {
            audio = new short[(int) r.frames()];
            r.read(audio, 0, audio.length);
        }
        assertTrue(Audio.level(audio, 8000, 700) > -30, "what alice said is in the file");
        assertTrue(Audio.level(audio, 8000, 1300) > -30, "and what she heard");
        Recording bobs = bob.channel().record(RecordOptions.of(dir.resolve("bob.wav"))
                .withSide(RecordOptions.Side.READ));
        Thread.sleep(100);
        alice.channel().hangup(HangupCause.NORMAL_CLEARING); // the call ends, and bob with it (HANG_UP_AFTER)
        RecordingResult bobDone = bobs.result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(RecordingResult.End.GONE, bobDone.end(), "a recording ends when its channel hangs up");
        assertTrue(Files.size(bobDone.file()) >= 44, "with its file complete");
    }
    private static short[] read(Path file) throws Exception {
        try (WavReader r = WavReader.open(file)) {
            short[] audio = new short[(int) r.frames()];
            r.read(audio, 0, audio.length);
            return audio;
        }
    }

    /** The best normalized correlation of {@code b} against {@code a} over lags of up to one second either way. */
    private static double bestCorrelation(short[] a, short[] b, int n) {
        double best = -1;
        for (int lag = -8000; lag <= 8000; lag++) {
            int from = Math.max(0, -lag);
            int to = Math.min(n, Math.min(a.length, b.length - lag));
            if (to - from < n / 2) {
                continue;
            }
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int i = from; i < to; i++) {
                ab += (double) a[i] * b[i + lag];
                aa += (double) a[i] * a[i];
                bb += (double) b[i + lag] * b[i + lag];
            }
            if (aa > 0 && bb > 0) {
                best = Math.max(best, ab / Math.sqrt(aa * bb));
            }
        }
        return best;
    }

    @Test
    @Timeout(60)
    void aRecordingOfWhatWasPlayedMatchesItSampleForSample(TestCores cores, @TempDir Path dir) throws Exception {
        FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), pcmu);
        FakeChannel alice = answered(core, pcmu, "alice");
        Path file = dir.resolve("prompt-heard.wav");
        Recording rec = alice.channel().record(RecordOptions.of(file).withSide(RecordOptions.Side.WRITE));
        PlaybackResult played = alice.channel().play(MediaSource.tone("!440/200,!620+1000/200,!350/160,!1400/240"))
                .result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(new PlaybackResult(Duration.ofMillis(800), PlaybackResult.End.FINISHED), played);
        Thread.sleep(100);
        assertTrue(rec.stop());
        assertEquals(RecordingResult.End.STOPPED, rec.result().toCompletableFuture().get(10, TimeUnit.SECONDS).end());
        short[] sent = Audio.decode(Audio.written(alice), 8000);
        assertEquals(6400, sent.length, "800 ms went to the tech");
        short[] recorded = read(file);
        double c = bestCorrelation(sent, recorded, sent.length);
        assertTrue(c > 0.99, "the recording is what the tech was sent: correlation " + c);
        alice.channel().hangup(HangupCause.NORMAL_CLEARING);
    }

    @Test
    @Timeout(60)
    void aRecordingFollowsItsChannelThroughABlindTransfer(TestCores cores, @TempDir Path dir) throws Exception {
        FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
        pcmu.on("call", (ch, arg) -> ch.remote().answered());
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), pcmu);
        FakeChannel alice = answered(core, pcmu, "alice");
        FakeChannel bob = answered(core, pcmu, "bob");
        Bridge call = core.createBridge(BridgeOptions.call());
        call.join(alice.channel(), JoinOptions.HANG_UP_AFTER).toCompletableFuture().get(10, TimeUnit.SECONDS);
        call.join(bob.channel(), JoinOptions.HANG_UP_AFTER).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Path file = dir.resolve("alice.wav");
        Recording rec = alice.channel().record(RecordOptions.of(file).withSide(RecordOptions.Side.WRITE));
        for (VoiceFrame f : Audio.tone(900, MediaFormat.ULAW, 20)) {
            bob.remote().receive(f);
            Thread.sleep(20);
        }
        org.strowger.api.Channel carol = core.blindTransfer(bob.channel(),
                org.strowger.api.OutboundRequest.of("Pcmu", "carol")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        FakeChannel carolFake = pcmu.channelOf(carol);
        assertTrue(TestCores.await(() -> alice.channel().snapshot().bridge() != null
                && carol.snapshot().bridge() != null
                && alice.channel().snapshot().bridge().equals(carol.snapshot().bridge()), WAIT), "alice is with carol");
        for (VoiceFrame f : Audio.tone(1700, MediaFormat.ULAW, 20)) {
            carolFake.remote().receive(f);
            Thread.sleep(20);
        }
        Thread.sleep(100);
        assertTrue(rec.stop());
        rec.result().toCompletableFuture().get(10, TimeUnit.SECONDS);
        short[] audio = read(file);
        assertTrue(Audio.level(audio, 8000, 900) > -30, "bob, before the transfer");
        assertTrue(Audio.level(audio, 8000, 1700) > -30, "and carol, after it: the recording followed alice");
        alice.channel().hangup(HangupCause.NORMAL_CLEARING);
    }
    @Test
    @Timeout(60)
    void aFileShorterThanItsHeaderSaysPlaysWhatItHolds(TestCores cores, @TempDir Path dir) throws Exception {
        Path prompt = dir.resolve("cut.wav");
        short[] tone = Audio.decode(Audio.tone(1000, MediaFormat.SLIN8, 50), 8000); // 1 s at 8 kHz
        try (WavWriter w = WavWriter.create(prompt, WavEncoding.PCM_16, 8000)) {
            w.write(tone, 0, tone.length);
        }
        try (var file = java.nio.channels.FileChannel.open(prompt, java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(44 + 4000); // the header still says 1 s; a quarter of it is there
        }
        FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), pcmu);
        FakeChannel alice = answered(core, pcmu, "alice");
        CompletableFuture<PlaybackResult> cut = alice.channel().play(MediaSource.file(prompt)).result()
                .toCompletableFuture();
        PlaybackResult r = cut.get(10, TimeUnit.SECONDS);
        // what is there is played, whole frames: 250 ms of samples, the last frame padded with silence
        assertEquals(new PlaybackResult(Duration.ofMillis(260), PlaybackResult.End.FINISHED), r);
        assertEquals(1000, Audio.dominant(Audio.decode(Audio.written(alice), 8000), 8000, 440, 1000));
        PlaybackResult next = alice.channel().play(new MediaSource.Tone("440", Duration.ofMillis(100))).result()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(PlaybackResult.End.FINISHED, next.end(), "the channel plays on");
        alice.channel().hangup(HangupCause.NORMAL_CLEARING);
    }

    @Test
    @Timeout(60)
    void playingToAChannelWhoseFormatNoCodecEncodesFailsAndLeavesItsMediaAlone(TestCores cores) throws Exception {
        FakeTech opus = new FakeTech("Opus").speaking(MediaFormat.OPUS);
        ChannelCore core = cores.real(b -> b.inboundHandler(ch -> new RecordingApp()), opus);
        FakeChannel alice = answered(core, opus, "alice");
        CompletableFuture<PlaybackResult> p = alice.channel().play(MediaSource.tone("440")).result()
                .toCompletableFuture();
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> p.get(10, TimeUnit.SECONDS));
        assertInstanceOf(MediaException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("opus"), e.getCause().getMessage());
        VoiceFrame own = new VoiceFrame(MediaFormat.OPUS, new byte[] {1, 2, 3}, 960, 0);
        assertTrue(alice.channel().write(own));
        assertTrue(TestCores.await(() -> Audio.written(alice).contains(own), WAIT), "what is written still goes out");
        alice.channel().hangup(HangupCause.NORMAL_CLEARING);
    }
}
