package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.PlaybackResult;
import org.strowger.core.media.file.WavEncoding;
import org.strowger.core.media.file.WavWriter;
import org.strowger.core.media.tone.ToneMeter;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * Bridge.play on real threads and the real clock: a holding bridge's members, one mu-law and one A-law, hear the
 * tone for as long as it plays, each in its format; a playback stopped in a two-party bridge is not heard after
 * stop() returns, whatever the members' executors still had queued; a WAV file is opened on a thread of its own and
 * played (resampled to the mix rate), and one that cannot be read fails the playback naming it.
 */
@ExtendWith(NoLeakExtension.class)
class RealThreadBridgePlaybackTest {
    private final FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
    private final FakeTech pcma = new FakeTech("Pcma").speaking(MediaFormat.ALAW);

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static FakeChannel call(ChannelCore core, FakeTech tech, String who) throws Exception {
        Channel c = core.request(OutboundRequest.of(tech.name(), who));
        c.call();
        assertTrue(TestCores.await(() -> tech.channels().stream().anyMatch(f -> f.resource().equals(who)),
                Duration.ofSeconds(10)), who + "'s tech channel was never made");
        FakeChannel f = tech.channelOf(c);
        f.remote().answered();
        return f;
    }

    private static List<VoiceFrame> from(FakeChannel f, int index) {
        List<VoiceFrame> all = Audio.written(f);
        return all.subList(Math.min(index, all.size()), all.size());
    }

    @Test
    @Timeout(60)
    void holdingAndTwoPartyBridgesPlayPacedByTheClockAndStopCleanly(TestCores cores) throws Exception {
        ChannelCore core = cores.real(b -> { }, pcmu, pcma);
        FakeChannel alice = call(core, pcmu, "alice");
        FakeChannel bob = call(core, pcma, "bob");
        Bridge hold = core.createBridge(BridgeOptions.holding());
        await(hold.join(alice.channel(), JoinOptions.HANG_UP_AFTER));
        await(hold.join(bob.channel(), JoinOptions.HANG_UP_AFTER));

        long began = System.nanoTime();
        Playback p = hold.play(new MediaSource.Tone("440", Duration.ofMillis(400)));
        PlaybackResult r = await(p.result());
        long tookMillis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(new PlaybackResult(Duration.ofMillis(400), PlaybackResult.End.FINISHED), r);
        assertTrue(tookMillis >= 380, "paced by the clock: 400 ms of tone took " + tookMillis + " ms");
        for (FakeChannel f : List.of(alice, bob)) {
            MediaFormat own = f == alice ? MediaFormat.ULAW : MediaFormat.ALAW;
            assertTrue(TestCores.await(() -> Audio.written(f).size() >= 20, Duration.ofSeconds(5)));
            List<VoiceFrame> heard = Audio.written(f);
            assertTrue(heard.stream().allMatch(v -> v.format().equals(own)), f.resource() + " hears its format");
            short[] pcm = Audio.decode(heard, 8000);
            assertEquals(440, Audio.dominant(pcm, 8000, 350, 440, 480, 1000));
            assertEquals(-13, Audio.level(pcm, 8000, 440), 1.5, f.resource() + " hears the whole tone");
        }
        await(hold.destroy()); // both hang up after it

        FakeChannel carol = call(core, pcmu, "carol");
        FakeChannel dave = call(core, pcmu, "dave");
        Bridge b = core.createBridge(BridgeOptions.call());
        await(b.join(carol.channel(), JoinOptions.HANG_UP_AFTER));
        await(b.join(dave.channel(), JoinOptions.HANG_UP_AFTER));
        Playback tone = b.play(MediaSource.tone("1000"));
        assertTrue(TestCores.await(() -> Audio.written(dave).size() >= 10, Duration.ofSeconds(5)), "it plays");
        assertTrue(tone.stop());
        int carolAtStop = Audio.written(carol).size();
        int daveAtStop = Audio.written(dave).size();
        PlaybackResult stopped = await(tone.result());
        assertEquals(PlaybackResult.End.STOPPED, stopped.end());
        assertTrue(stopped.played().toMillis() >= 200, "played " + stopped);
        Thread.sleep(200);
        for (List<VoiceFrame> after : List.of(from(carol, carolAtStop), from(dave, daveAtStop))) {
            if (!after.isEmpty()) { // the mixer may tick once more before the stop reaches it: silence, then
                short[] pcm = Audio.decode(after, 8000);
                double level = ToneMeter.levelDbm0(pcm, 0, pcm.length, 8000, 1000);
                assertTrue(level < -45, "the source heard after stop() returned: " + level + " dBm0");
            }
        }
        carol.remote().hangup(HangupCause.NORMAL_CLEARING);
    }

    @Test
    @Timeout(60)
    void aWavFileIsOpenedOffTheExecutorAndPlayedToTheBridge(TestCores cores, @TempDir Path dir) throws Exception {
        Path prompt = dir.resolve("prompt.wav");
        short[] tone = Audio.decode(Audio.tone(1000, MediaFormat.SLIN16, 25), 16000); // 500 ms at 16 kHz
        try (WavWriter w = WavWriter.create(prompt, WavEncoding.PCM_16, 16000)) {
            w.write(tone, 0, tone.length);
        }
        ChannelCore core = cores.real(b -> { }, pcmu, pcma);
        FakeChannel alice = call(core, pcmu, "alice");
        Bridge hold = core.createBridge(BridgeOptions.holding());
        await(hold.join(alice.channel(), JoinOptions.HANG_UP_AFTER));
        assertEquals(new PlaybackResult(Duration.ofMillis(500), PlaybackResult.End.FINISHED),
                await(hold.play(MediaSource.file(prompt)).result()));
        assertTrue(TestCores.await(() -> Audio.written(alice).size() >= 25, Duration.ofSeconds(5)));
        short[] heard = Audio.decode(Audio.written(alice), 8000);
        assertEquals(1000, Audio.dominant(heard, 8000, 440, 1000, 2000));
        assertEquals(20 * Math.log10(6000 / 22826.0), Audio.level(heard, 8000, 1000), 1.5, "the file, resampled");

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(hold.play(MediaSource.file(dir.resolve("no.wav"))).result()));
        assertInstanceOf(MediaException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("no.wav"), e.getCause().getMessage());
        await(hold.destroy());
    }
}
