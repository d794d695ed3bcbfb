package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.CollectedDigits;
import org.strowger.api.media.DigitCollection;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.PlaybackResult;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;

/**
 * Prompts, tones and digits on a channel, on the simulation's clock: a playback is paced at one 20 ms frame per tick
 * in the channel's format and says how much it played and why it ended; while it plays, what others write is kept
 * from the tech; digit collection ends on its rules, and its barge-in stops the prompt before another frame of it.
 */
class PlaybackAndDigitsTest {
    private final Simulation sim = new Simulation(41);
    private final FakeTech pcma = new FakeTech("Pcma").speaking(MediaFormat.ALAW);
    private final RecordingApp app = new RecordingApp();
    private final ChannelCore core = sim.coreBuilder().tech(pcma).inboundHandler(ch -> app).build();

    private FakeChannel caller() {
        FakeChannel f = pcma.inbound("alice", "100");
        sim.runUntilQuiescent();
        sim.await(f.channel().answer());
        return f;
    }

    private static List<VoiceFrame> voiceAfter(FakeChannel f, int from) {
        return Audio.written(f).subList(from, Audio.written(f).size());
    }

    @Test
    void aToneIsPlayedInTheChannelsFormatPacedAndReportedWhole() {
        FakeChannel alice = caller();
        Playback p = alice.channel().play(new MediaSource.Tone("440", Duration.ofMillis(400)));
        CompletableFuture<PlaybackResult> result = p.result().toCompletableFuture();
        sim.runFor(Duration.ofMillis(199));
        int soFar = Audio.written(alice).size();
        assertTrue(soFar >= 9 && soFar <= 10, "one frame per 20 ms: " + soFar + " frames by 199 ms");
        sim.runFor(Duration.ofSeconds(1));
        assertEquals(new PlaybackResult(Duration.ofMillis(400), PlaybackResult.End.FINISHED), result.join());
        List<VoiceFrame> frames = Audio.written(alice);
        assertEquals(20, frames.size());
        assertTrue(frames.stream().allMatch(v -> v.format().equals(MediaFormat.ALAW) && v.samples() == 160));
        assertEquals(440, Audio.dominant(Audio.decode(frames, 8000), 8000, 350, 440, 480, 620));
        List<String> names = alice.callbackNames();
        assertEquals(2, alice.callbacks().stream().filter(PlaybackAndDigitsTest::isSourceUpdate).count(),
                "SRC_UPDATE when the prompt starts and when it ends: " + names);
        assertFalse(p.stop(), "it had ended");
        hangUp(alice);
    }

    private static boolean isSourceUpdate(Callback cb) {
        return cb.name().equals("indicate") && cb.argument() instanceof ControlFrame cf
                && cf.control() == Control.SRC_UPDATE;
    }

    @Test
    void stopReplaceAndHangUpEndAPlaybackSayingHowMuchWasPlayed() {
        FakeChannel alice = caller();
        Playback first = alice.channel().play(MediaSource.progress("uk", MediaSource.ProgressTone.RINGBACK));
        sim.runFor(Duration.ofMillis(100));
        assertTrue(first.stop());
        assertFalse(first.stop(), "only the first stop counts");
        sim.runUntilQuiescent();
        PlaybackResult stopped = sim.await(first.result());
        assertEquals(PlaybackResult.End.STOPPED, stopped.end());
        int written = Audio.written(alice).size();
        // the first frame goes out when the playback starts, then one every 20 ms: 0, 20, .., 100 ms
        assertEquals(6, written);
        assertEquals(Duration.ofMillis(20L * written), stopped.played(), "what went out before the stop");
        sim.runFor(Duration.ofMillis(200));
        assertEquals(written, Audio.written(alice).size(), "nothing of it after the stop");

        Playback second = alice.channel().play(MediaSource.tone("480+620/500,0/500"));
        sim.runFor(Duration.ofMillis(60));
        Playback third = alice.channel().play(MediaSource.silence(Duration.ofSeconds(10)));
        sim.runFor(Duration.ofMillis(60));
        assertEquals(PlaybackResult.End.REPLACED, sim.await(second.result()).end());
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        assertEquals(PlaybackResult.End.GONE, sim.await(third.result()).end());
        Invariants.assertSimulationClean(sim, core, pcma);
        assertEquals(PlaybackResult.End.GONE, sim.await(alice.channel().play(MediaSource.tone("440")).result()).end(),
                "a channel that is gone plays nothing");
        assertThrows(InvalidArgumentException.class, () -> alice.channel().play(MediaSource.tone("oops")));
    }

    @Test
    void whileAChannelPlaysItsPeersVoiceIsKeptFromItsTech() {
        FakeChannel alice = caller();
        FakeChannel bob = pcma.inbound("bob", "100");
        sim.runUntilQuiescent();
        sim.await(bob.channel().answer());
        Bridge b = core.createBridge(BridgeOptions.call());
        sim.await(b.join(alice.channel(), JoinOptions.HANG_UP_AFTER));
        sim.await(b.join(bob.channel(), JoinOptions.HANG_UP_AFTER));
        alice.channel().play(new MediaSource.Tone("440", Duration.ofMillis(200)));
        for (VoiceFrame v : Audio.tone(1000, MediaFormat.ALAW, 10)) {
            bob.remote().receive(v);
            sim.runFor(Duration.ofMillis(20));
        }
        assertEquals(440, Audio.dominant(Audio.decode(Audio.written(alice), 8000), 8000, 440, 1000),
                "alice hears the prompt, not bob");
        int before = Audio.written(alice).size();
        sim.runFor(Duration.ofMillis(100));
        for (VoiceFrame v : Audio.tone(1000, MediaFormat.ALAW, 10)) {
            bob.remote().receive(v);
            sim.runFor(Duration.ofMillis(20));
        }
        assertEquals(1000, Audio.dominant(Audio.decode(voiceAfter(alice, before), 8000), 8000, 440, 1000),
                "and bob again once it has ended");
        hangUp(alice);
    }

    @Test
    void digitsAreCollectedByTheirRulesAndABargeInCutsThePrompt() {
        FakeChannel alice = caller();
        Playback prompt = alice.channel().play(MediaSource.tone("440"));
        CompletableFuture<CollectedDigits> pin = alice.channel()
                .collectDigits(DigitCollection.of(4).withBargeIn()).toCompletableFuture();
        sim.runFor(Duration.ofMillis(200));
        int promptFrames = Audio.written(alice).size();
        alice.remote().receive(new DtmfEnd('1', Duration.ofMillis(80)));
        sim.runUntilQuiescent();
        assertEquals(PlaybackResult.End.INTERRUPTED, sim.await(prompt.result()).end());
        assertEquals(promptFrames, Audio.written(alice).size(), "not one more frame of the prompt after the digit");
        for (char d : "23#".toCharArray()) {
            alice.remote().receive(new DtmfEnd(d, Duration.ofMillis(80)));
            sim.runFor(Duration.ofMillis(100));
        }
        assertEquals(new CollectedDigits("123", CollectedDigits.End.TERMINATOR), sim.await(pin));

        CompletableFuture<CollectedDigits> two = alice.channel().collectDigits(DigitCollection.of(2)
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(1))).toCompletableFuture();
        alice.remote().receive(new DtmfEnd('9', Duration.ofMillis(80)));
        sim.runFor(Duration.ofMillis(999));
        assertFalse(two.isDone());
        sim.runFor(Duration.ofMillis(2));
        assertEquals(new CollectedDigits("9", CollectedDigits.End.TIMEOUT), two.join(), "the inter-digit timeout");

        CompletableFuture<CollectedDigits> first = alice.channel().collectDigits(DigitCollection.of(4))
                .toCompletableFuture();
        sim.runUntilQuiescent();
        CompletableFuture<CollectedDigits> second = alice.channel().collectDigits(DigitCollection.of(2))
                .toCompletableFuture();
        for (char d : "55".toCharArray()) {
            alice.remote().receive(new DtmfEnd(d, Duration.ofMillis(80)));
        }
        sim.runUntilQuiescent();
        assertEquals(CollectedDigits.End.REPLACED, sim.await(first).end());
        assertEquals(new CollectedDigits("55", CollectedDigits.End.MAX_DIGITS), sim.await(second));
        assertTrue(app.log(alice.channel()).stream().filter(s -> s.contains("DtmfEnded")).count() >= 6,
                "the digits still reach the owner");

        CompletableFuture<CollectedDigits> pending = alice.channel().collectDigits(DigitCollection.of(4))
                .toCompletableFuture();
        sim.runUntilQuiescent();
        alice.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        assertInstanceOf(NoSuchChannelException.class, sim.awaitFailure(pending));
        Invariants.assertSimulationClean(sim, core, pcma);
    }

    @Test
    void aPlaybackStoppedBeforeItStartedReplacesNothing() {
        FakeChannel alice = caller();
        Playback music = alice.channel().play(MediaSource.tone("440"));
        sim.runFor(Duration.ofMillis(100));
        long updates = alice.callbacks().stream().filter(PlaybackAndDigitsTest::isSourceUpdate).count();
        Playback never = alice.channel().play(MediaSource.tone("620"));
        assertTrue(never.stop(), "stopped while its start is still queued");
        sim.runFor(Duration.ofMillis(200));
        assertEquals(new PlaybackResult(Duration.ZERO, PlaybackResult.End.STOPPED), sim.await(never.result()));
        assertFalse(music.result().toCompletableFuture().isDone(), "the first plays on");
        assertEquals(updates, alice.callbacks().stream().filter(PlaybackAndDigitsTest::isSourceUpdate).count(),
                "and the tech was told of no change of source");
        assertEquals(440, Audio.dominant(Audio.decode(voiceAfter(alice, Audio.written(alice).size() - 8), 8000), 8000,
                440, 620));
        assertTrue(music.stop());
        hangUp(alice);
    }

    @Test
    void theFirstDigitTimeoutCountsFromTheEndOfThePromptPlayingWhenCollectionStarts() {
        FakeChannel alice = caller();
        Playback prompt = alice.channel().play(new MediaSource.Tone("440", Duration.ofSeconds(3)));
        CompletableFuture<CollectedDigits> pin = alice.channel().collectDigits(DigitCollection.of(4)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1))).toCompletableFuture();
        sim.runFor(Duration.ofMillis(4900)); // the 3 s prompt, then 1.9 s of the 2 s
        assertEquals(PlaybackResult.End.FINISHED, sim.await(prompt.result()).end());
        assertFalse(pin.isDone(), "the 2 s count from the end of the prompt");
        sim.runFor(Duration.ofMillis(200));
        assertEquals(new CollectedDigits("", CollectedDigits.End.TIMEOUT), pin.join());

        // no prompt: from the start
        CompletableFuture<CollectedDigits> bare = alice.channel().collectDigits(DigitCollection.of(4)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1))).toCompletableFuture();
        sim.runFor(Duration.ofMillis(1900));
        assertFalse(bare.isDone());
        sim.runFor(Duration.ofMillis(200));
        assertEquals(new CollectedDigits("", CollectedDigits.End.TIMEOUT), bare.join());

        // a prompt cut short by barge-in: the digit counts as the first, the inter-digit timeout runs
        Playback cut = alice.channel().play(new MediaSource.Tone("440", Duration.ofSeconds(3)));
        CompletableFuture<CollectedDigits> keyed = alice.channel().collectDigits(DigitCollection.of(4).withBargeIn()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1))).toCompletableFuture();
        sim.runFor(Duration.ofMillis(500));
        alice.remote().receive(new DtmfEnd('7', Duration.ofMillis(80)));
        sim.runFor(Duration.ofMillis(1100));
        assertEquals(PlaybackResult.End.INTERRUPTED, sim.await(cut.result()).end());
        assertEquals(new CollectedDigits("7", CollectedDigits.End.TIMEOUT), keyed.join());
        hangUp(alice);
    }

    @Test
    void inBandDigitsAreDetectedWhenAsked() {
        FakeChannel alice = caller();
        sim.await(alice.channel().detectInbandDtmf(true));
        CompletableFuture<CollectedDigits> digits = alice.channel()
                .collectDigits(DigitCollection.of(3).withTerminators("")).toCompletableFuture();
        // the far end sends the digits as tones in its voice, no RFC 4733 events
        for (VoiceFrame v : Audio.digits("4#7", MediaFormat.ALAW)) {
            alice.remote().receive(v);
            sim.runFor(Duration.ofMillis(20));
        }
        sim.runFor(Duration.ofMillis(200));
        assertEquals(new CollectedDigits("4#7", CollectedDigits.End.MAX_DIGITS), sim.await(digits));
        hangUp(alice);
    }

    private void hangUp(FakeChannel f) {
        f.remote().hangup(HangupCause.NORMAL_CLEARING);
        sim.runFor(Duration.ofSeconds(1));
        Invariants.assertSimulationClean(sim, core, pcma);
    }
}
