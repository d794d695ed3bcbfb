package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.PlaybackResult;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Bridge.play on the simulated clock, checked by what the members' techs are written (decoded, tones measured): a
 * two-party bridge mixes the source with each member's peer and passes the very frames through again when it ends; a
 * holding bridge's members hear the source alone, each in its own format; a channel joining while it plays hears it;
 * stop, a newer play and destroy end it with how much was played, and nothing of it is heard after, not even a frame
 * already queued at a member when it stopped; members are told SRC_UPDATE when what they hear comes from elsewhere.
 */
@ExtendWith(NoLeakExtension.class)
class BridgePlaybackTest {
    private static final Duration TICK = Duration.ofMillis(20);
    /** Level of a tone plan's frequency (ToneGenerator's default). */
    private static final double SOURCE_DBM0 = -13;
    /** Level of Audio.tone (amplitude 6000). */
    private static final double VOICE_DBM0 = 20 * Math.log10(6000 / 22826.0);
    /** Below this a tone is absent (a full-scale mu-law tone's quantisation noise per bin is far below). */
    private static final double ABSENT_DBM0 = -45;

    private Simulation sim = new Simulation(57);
    private FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
    private FakeTech pcma = new FakeTech("Pcma").speaking(MediaFormat.ALAW);
    private ChannelCore core;

    private void start(TestCores cores) {
        core = cores.simulated(sim, b -> { }, pcmu, pcma);
    }

    private FakeChannel call(FakeTech tech, String who) {
        Channel c = core.request(OutboundRequest.of(tech.name(), who));
        c.call();
        sim.runUntilQuiescent();
        FakeChannel f = tech.channelOf(c);
        f.remote().answered();
        sim.runUntilQuiescent();
        return f;
    }

    private Bridge bridge(BridgeOptions options, FakeChannel... members) {
        Bridge b = core.createBridge(options);
        for (FakeChannel m : members) {
            sim.await(b.join(m.channel(), JoinOptions.HANG_UP_AFTER));
        }
        sim.runUntilQuiescent();
        return b;
    }

    /** Each of {@code who} sends {@code frames} 20 ms frames of its tone ({@code hz[i]}), one a tick. */
    private void talk(int frames, FakeChannel[] who, double[] hz, MediaFormat[] formats) {
        List<List<VoiceFrame>> tones = new ArrayList<>();
        for (int i = 0; i < who.length; i++) {
            tones.add(Audio.tone(hz[i], formats[i], frames));
        }
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < who.length; i++) {
                who[i].remote().receive(tones.get(i).get(f));
            }
            sim.runFor(TICK);
        }
    }

    private static List<VoiceFrame> written(FakeChannel f, int from) {
        List<VoiceFrame> all = Audio.written(f);
        return all.subList(from, all.size());
    }

    private static long sourceUpdates(FakeChannel f) {
        return f.callbacks().stream().filter(BridgePlaybackTest::isSourceUpdate).count();
    }

    private static boolean isSourceUpdate(Callback cb) {
        return cb.name().equals("indicate") && cb.argument() instanceof ControlFrame cf
                && cf.control() == Control.SRC_UPDATE;
    }

    private static void assertHeard(short[] pcm, double hz, double dbm0, String what) {
        assertEquals(dbm0, Audio.level(pcm, 8000, hz), 1.5, what + " at " + hz + " Hz");
    }

    private static void assertAbsent(short[] pcm, double hz, String what) {
        double level = Audio.level(pcm, 8000, hz);
        assertTrue(level < ABSENT_DBM0, what + ": " + hz + " Hz at " + level + " dBm0");
    }

    private void hangUp(FakeChannel... calls) {
        for (FakeChannel f : calls) {
            f.remote().hangup(HangupCause.NORMAL_CLEARING);
        }
        sim.runFor(Duration.ofSeconds(1));
    }

    @Test
    void aTwoPartyBridgeMixesTheSourceWithEachPeerThenPassesTheFramesThroughAgain(TestCores cores) {
        start(cores);
        FakeChannel alice = call(pcmu, "alice");
        FakeChannel bob = call(pcmu, "bob");
        Bridge b = bridge(BridgeOptions.call(), alice, bob);
        long updatesBefore = sourceUpdates(alice);
        int a0 = Audio.written(alice).size();
        int b0 = Audio.written(bob).size();

        Playback p = b.play(new MediaSource.Tone("1000", Duration.ofMillis(600)));
        FakeChannel[] both = {alice, bob};
        MediaFormat[] ulaw = {MediaFormat.ULAW, MediaFormat.ULAW};
        talk(25, both, new double[] {440, 1400}, ulaw); // 500 ms, all within the playback
        alice.remote().receive(new DtmfEnd('5', Duration.ofMillis(80)));
        sim.runUntilQuiescent();
        assertEquals(1, bob.count("dtmfEnd"), "signalling still goes from one party to the other while it plays");
        List<VoiceFrame> toAlice = written(alice, a0);
        List<VoiceFrame> toBob = written(bob, b0);
        assertTrue(toAlice.stream().allMatch(v -> v.format().equals(MediaFormat.ULAW)), "in alice's format");
        short[] aliceHears = Audio.decode(toAlice.subList(3, toAlice.size()), 8000);
        short[] bobHears = Audio.decode(toBob.subList(3, toBob.size()), 8000);
        assertHeard(aliceHears, 1000, SOURCE_DBM0, "alice hears the source");
        assertHeard(aliceHears, 1400, VOICE_DBM0, "alice hears bob, mixed with it");
        assertAbsent(aliceHears, 440, "alice does not hear herself");
        assertHeard(bobHears, 1000, SOURCE_DBM0, "bob hears the source");
        assertHeard(bobHears, 440, VOICE_DBM0, "bob hears alice, mixed with it");
        assertAbsent(bobHears, 1400, "bob does not hear himself");

        assertEquals(new PlaybackResult(Duration.ofMillis(600), PlaybackResult.End.FINISHED), sim.await(p.result()));
        sim.runUntilQuiescent();
        assertEquals(updatesBefore + 2, sourceUpdates(alice), "SRC_UPDATE as the mix starts and as it ends");
        assertEquals(updatesBefore + 2, sourceUpdates(bob));
        int passedFrom = Audio.written(bob).size();
        List<VoiceFrame> sent = Audio.tone(440, MediaFormat.ULAW, 5);
        for (VoiceFrame v : sent) {
            alice.remote().receive(v);
            sim.runFor(TICK);
        }
        List<VoiceFrame> passed = written(bob, passedFrom);
        assertEquals(sent.size(), passed.size());
        for (int i = 0; i < sent.size(); i++) {
            assertSame(sent.get(i), passed.get(i), "pass-through again: the frame itself, not a mix");
        }
        hangUp(alice);
    }

    @Test
    void aHoldingBridgesMembersHearTheSourceAloneEachInItsOwnFormat(TestCores cores) {
        start(cores);
        FakeChannel alice = call(pcmu, "alice");
        FakeChannel bob = call(pcma, "bob");
        Bridge hold = bridge(BridgeOptions.holding(), alice, bob);
        assertEquals(0, sourceUpdates(alice));

        Playback p = hold.play(new MediaSource.Tone("440", Duration.ofMillis(400)));
        talk(25, new FakeChannel[] {alice, bob}, new double[] {1400, 2000},
                new MediaFormat[] {MediaFormat.ULAW, MediaFormat.ALAW}); // unheard: a holding bridge forwards nothing
        assertEquals(new PlaybackResult(Duration.ofMillis(400), PlaybackResult.End.FINISHED), sim.await(p.result()));
        for (FakeChannel f : List.of(alice, bob)) {
            MediaFormat own = f == alice ? MediaFormat.ULAW : MediaFormat.ALAW;
            List<VoiceFrame> heard = Audio.written(f);
            assertTrue(heard.stream().allMatch(v -> v.format().equals(own)), f.resource() + " hears its format");
            short[] pcm = Audio.decode(heard, 8000);
            assertHeard(pcm, 440, SOURCE_DBM0, f.resource() + " hears the source");
            assertAbsent(pcm, 1400, f.resource() + " hears no member");
            assertAbsent(pcm, 2000, f.resource() + " hears no member");
            assertEquals(2, sourceUpdates(f), "SRC_UPDATE as the source starts and as it ends");
        }
        int after = Audio.written(alice).size();
        sim.runFor(Duration.ofMillis(200));
        assertEquals(after, Audio.written(alice).size(), "a holding bridge sends nothing once it has stopped playing");
        sim.await(hold.destroy());
        sim.runFor(Duration.ofSeconds(1));
    }

    @Test
    void aChannelJoiningWhileTheBridgePlaysHearsIt(TestCores cores) {
        start(cores);
        FakeChannel alice = call(pcmu, "alice");
        Bridge hold = bridge(BridgeOptions.holding(), alice);
        Playback moh = hold.play(MediaSource.tone("440"));
        sim.runFor(Duration.ofMillis(200));
        FakeChannel bob = call(pcma, "bob");
        sim.await(hold.join(bob.channel(), JoinOptions.HANG_UP_AFTER));
        sim.runFor(Duration.ofMillis(300));
        assertEquals(1, sourceUpdates(bob), "told its source changed as it joined");
        short[] bobHears = Audio.decode(Audio.written(bob), 8000);
        assertEquals(440, Audio.dominant(bobHears, 8000, 350, 440, 480, 1000));
        assertHeard(bobHears, 440, SOURCE_DBM0, "bob hears what plays");
        assertTrue(moh.stop());
        PlaybackResult r = sim.await(moh.result());
        assertEquals(PlaybackResult.End.STOPPED, r.end());
        assertEquals(500, r.played().toMillis(), "from its first tick to the stop, whoever listened: " + r);
        sim.await(hold.destroy());

        FakeChannel carol = call(pcmu, "carol");
        FakeChannel dave = call(pcma, "dave");
        Bridge room = bridge(BridgeOptions.conference(), carol, dave);
        Playback music = room.play(MediaSource.tone("1000"));
        sim.runFor(Duration.ofMillis(100));
        FakeChannel erin = call(pcmu, "erin");
        long carolsUpdates = sourceUpdates(carol);
        sim.await(room.join(erin.channel(), JoinOptions.HANG_UP_AFTER));
        sim.runUntilQuiescent();
        assertEquals(carolsUpdates, sourceUpdates(carol), "a third member joins the mix carol hears: same source");
        assertEquals(1, sourceUpdates(erin), "erin's source is new");
        talk(25, new FakeChannel[] {carol, dave}, new double[] {440, 1400},
                new MediaFormat[] {MediaFormat.ULAW, MediaFormat.ALAW});
        short[] erinHears = Audio.decode(Audio.written(erin), 8000);
        assertHeard(erinHears, 1000, SOURCE_DBM0, "the third member hears the source");
        assertHeard(erinHears, 440, VOICE_DBM0, "and the others");
        assertHeard(erinHears, 1400, VOICE_DBM0, "and the others");
        assertTrue(music.stop());
        assertEquals(PlaybackResult.End.STOPPED, sim.await(music.result()).end());
        hangUp(carol, dave, erin); // alice and bob hung up as the holding bridge went (HANG_UP_AFTER)
        sim.await(room.destroy()); // a conference dissolves once empty; destroying it again is harmless
    }

    @Test
    void stopReplaceAndDestroyEndItSayingHowMuchWasPlayedAndNothingOfItIsHeardAfter(TestCores cores) {
        start(cores);
        FakeChannel alice = call(pcmu, "alice");
        FakeChannel bob = call(pcmu, "bob");
        Bridge b = bridge(BridgeOptions.call(), alice, bob);
        Playback first = b.play(MediaSource.tone("1000"));
        sim.runFor(Duration.ofMillis(200));
        assertTrue(first.stop());
        assertFalse(first.stop(), "only the first stop counts");
        assertEquals(new PlaybackResult(Duration.ofMillis(200), PlaybackResult.End.STOPPED),
                sim.await(first.result()), "ticks at 20 .. 200 ms");
        int fromStop = Audio.written(bob).size();
        talk(15, new FakeChannel[] {alice}, new double[] {440}, new MediaFormat[] {MediaFormat.ULAW});
        short[] afterStop = Audio.decode(written(bob, fromStop), 8000);
        assertHeard(afterStop, 440, VOICE_DBM0, "bob hears alice");
        assertAbsent(afterStop, 1000, "and nothing of the stopped source");

        Playback second = b.play(MediaSource.tone("1000"));
        sim.runFor(Duration.ofMillis(100));
        Playback third = b.play(MediaSource.tone("2000"));
        assertEquals(new PlaybackResult(Duration.ofMillis(100), PlaybackResult.End.REPLACED),
                sim.await(second.result()));
        int fromReplace = Audio.written(bob).size();
        sim.runFor(Duration.ofMillis(300));
        short[] replaced = Audio.decode(written(bob, fromReplace), 8000);
        assertHeard(replaced, 2000, SOURCE_DBM0, "the newer source plays");
        assertAbsent(replaced, 1000, "the replaced one is not heard");

        sim.await(b.destroy());
        assertEquals(new PlaybackResult(Duration.ofMillis(300), PlaybackResult.End.GONE), sim.await(third.result()));
        assertInstanceOf(NoSuchBridgeException.class,
                sim.awaitFailure(b.play(MediaSource.tone("440")).result()), "a destroyed bridge plays nothing");
        assertThrows(InvalidArgumentException.class, () -> b.play(null));
        assertThrows(InvalidArgumentException.class, () -> b.play(MediaSource.tone("oops")));
        sim.runFor(Duration.ofSeconds(1)); // the members hang up after the bridge (HANG_UP_AFTER)
    }

    @Test
    void aStoppedPlaybacksFramesStillQueuedAtAMemberNeverReachItsTech(TestCores cores) {
        int queuedAtStop = 0;
        for (int seed = 1; seed <= 16; seed++) {
            sim = new Simulation(seed);
            pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
            pcma = new FakeTech("Pcma").speaking(MediaFormat.ALAW);
            AtomicReference<Playback> playing = new AtomicReference<>();
            int[] atStop = {-1, -1};
            FakeChannel[] parties = new FakeChannel[2];
            pcmu.on("write", (fc, frame) -> { // on alice's executor, as her fifth frame reaches her tech
                if (fc.resource().equals("alice") && Audio.written(fc).size() == 5 && atStop[0] < 0) {
                    assertTrue(playing.get().stop());
                    atStop[0] = Audio.written(parties[0]).size();
                    atStop[1] = Audio.written(parties[1]).size();
                }
            });
            start(cores);
            parties[0] = call(pcmu, "alice");
            parties[1] = call(pcma, "bob");
            Bridge hold = bridge(BridgeOptions.holding(), parties);
            playing.set(hold.play(MediaSource.tone("440")));
            sim.runFor(Duration.ofMillis(300));
            assertEquals(PlaybackResult.End.STOPPED, sim.await(playing.get().result()).end());
            assertEquals(5, atStop[0]);
            assertEquals(atStop[0], Audio.written(parties[0]).size(), "seed " + seed + ": nothing after the stop");
            assertEquals(atStop[1], Audio.written(parties[1]).size(),
                    "seed " + seed + ": bob's frame of that tick, if still queued, was dropped");
            queuedAtStop += atStop[1] < atStop[0] ? 1 : 0;
            sim.await(hold.destroy());
            sim.runFor(Duration.ofSeconds(1)); // they hang up after the bridge (HANG_UP_AFTER)
        }
        assertTrue(queuedAtStop > 0, "in some seed bob's last frame was still on its way when alice's came");
    }
}
