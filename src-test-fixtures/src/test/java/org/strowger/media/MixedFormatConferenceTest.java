package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.MediaSource;
import org.strowger.api.media.Playback;
import org.strowger.api.media.PlaybackResult;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * A conference whose members each speak their own format and rate, on the simulated clock: every member hears the
 * others (tone frequencies and levels measured on what its tech is written), in its own format, at its own rate; the
 * mix runs at the highest member rate, so two wideband members hear each other's band above 4 kHz while the
 * narrowband members hear no alias of it; the rate follows the members as they come and go, and a bridge playback is
 * heard by each in its format too.
 */
@ExtendWith(NoLeakExtension.class)
class MixedFormatConferenceTest {
    private static final Duration TICK = Duration.ofMillis(20);
    private static final double VOICE_DBM0 = 20 * Math.log10(6000 / 22826.0); // Audio.tone's level
    private static final double ABSENT_DBM0 = -45;

    private final Simulation sim = new Simulation(73);
    private final FakeTech pcmu = new FakeTech("Pcmu").speaking(MediaFormat.ULAW);
    private final FakeTech pcma = new FakeTech("Pcma").speaking(MediaFormat.ALAW);
    private final FakeTech slin16 = new FakeTech("Slin16").speaking(MediaFormat.SLIN16);
    private final FakeTech g722 = new FakeTech("G722").speaking(MediaFormat.G722);
    private ChannelCore core;

    /** A member: its fake, the format it speaks, the rate its audio runs at, and the tone it sends. */
    private record Member(FakeChannel fake, MediaFormat format, int rate, double hz) {
    }

    private Member call(FakeTech tech, String who, MediaFormat format, int rate, double hz) {
        Channel c = core.request(OutboundRequest.of(tech.name(), who));
        c.call();
        sim.runUntilQuiescent();
        FakeChannel f = tech.channelOf(c);
        f.remote().answered();
        sim.runUntilQuiescent();
        return new Member(f, format, rate, hz);
    }

    /** Every member sends {@code frames} frames of its tone, one a tick. */
    private void talk(int frames, Member... members) {
        List<List<VoiceFrame>> tones = new ArrayList<>();
        for (Member m : members) {
            tones.add(Audio.tone(m.hz(), m.format(), frames));
        }
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < members.length; i++) {
                members[i].fake().remote().receive(tones.get(i).get(f));
            }
            sim.runFor(TICK);
        }
    }

    /** What {@code m}'s tech was written from frame {@code from} on, checked to be in its format, decoded. */
    private static short[] heard(Member m, int from) {
        List<VoiceFrame> all = Audio.written(m.fake());
        List<VoiceFrame> frames = all.subList(Math.min(all.size(), from + 3), all.size()); // past the queue's priming
        assertTrue(frames.size() >= 10, m.fake().resource() + " was written " + frames.size() + " frames");
        for (VoiceFrame v : frames) {
            assertEquals(m.format(), v.format(), m.fake().resource() + " is sent its own format");
        }
        return Audio.decode(frames, m.rate());
    }

    private static void assertHears(Member listener, short[] pcm, double hz, double dbm0, double tolerance) {
        assertEquals(dbm0, Audio.level(pcm, listener.rate(), hz), tolerance,
                listener.fake().resource() + " hears " + hz + " Hz");
    }

    private static void assertDoesNotHear(Member listener, short[] pcm, double hz) {
        double level = Audio.level(pcm, listener.rate(), hz);
        assertTrue(level < ABSENT_DBM0, listener.fake().resource() + " hears " + hz + " Hz at " + level + " dBm0");
    }

    private static int mark(Member m) {
        return Audio.written(m.fake()).size();
    }

    private void end(Member... members) {
        for (Member m : members) {
            m.fake().remote().hangup(HangupCause.NORMAL_CLEARING);
        }
        sim.runFor(Duration.ofSeconds(1)); // a conference dissolves once empty
    }

    @Test
    void aMuLawAnALawAndA16kHzMemberEachHearTheOthersInTheirOwnFormat(TestCores cores) {
        core = cores.simulated(sim, b -> { }, pcmu, pcma, slin16, g722);
        Member alice = call(pcmu, "alice", MediaFormat.ULAW, 8000, 440);
        Member bob = call(pcma, "bob", MediaFormat.ALAW, 8000, 1000);
        Member carol = call(slin16, "carol", MediaFormat.SLIN16, 16000, 1800);
        Bridge room = core.createBridge(BridgeOptions.conference());
        for (Member m : List.of(alice, bob, carol)) {
            sim.await(room.join(m.fake().channel(), JoinOptions.HANG_UP_AFTER));
        }
        assertEquals(BridgeSnapshot.Mode.MIXING, room.snapshot().mode());
        talk(30, alice, bob, carol);
        for (Member listener : List.of(alice, bob, carol)) {
            short[] pcm = heard(listener, 0);
            for (Member speaker : List.of(alice, bob, carol)) {
                if (speaker == listener) {
                    assertDoesNotHear(listener, pcm, speaker.hz());
                } else {
                    assertHears(listener, pcm, speaker.hz(), VOICE_DBM0, 1.5);
                }
            }
        }
        assertTrue(Audio.written(carol.fake()).stream().allMatch(v -> v.samples() == 320),
                "carol is sent 20 ms frames at her 16 kHz");

        int[] from = {mark(alice), mark(bob), mark(carol)};
        Playback p = room.play(new MediaSource.Tone("2500", Duration.ofMillis(400)));
        talk(15, alice, bob, carol);
        assertEquals(PlaybackResult.End.FINISHED, sim.await(p.result()).end());
        List<Member> all = List.of(alice, bob, carol);
        for (int i = 0; i < all.size(); i++) {
            short[] pcm = heard(all.get(i), from[i]);
            assertHears(all.get(i), pcm, 2500, -13, 1.5);
        }
        end(alice, bob, carol);
    }

    @Test
    void twoWidebandMembersHearEachOthersUpperBandAndTheNarrowbandOnesHearNoAliasOfIt(TestCores cores) {
        core = cores.simulated(sim, b -> { }, pcmu, pcma, slin16, g722);
        Member alice = call(pcmu, "alice", MediaFormat.ULAW, 8000, 440);
        Member carol = call(slin16, "carol", MediaFormat.SLIN16, 16000, 5000);
        Member dave = call(g722, "dave", MediaFormat.G722, 16000, 1000);
        Bridge room = core.createBridge(BridgeOptions.conference());
        for (Member m : List.of(alice, carol, dave)) {
            sim.await(room.join(m.fake().channel(), JoinOptions.HANG_UP_AFTER));
        }
        talk(30, alice, carol, dave);
        short[] daveHears = heard(dave, 0);
        assertHears(dave, daveHears, 5000, VOICE_DBM0, 3.0); // G.722's upper band is coarse
        assertHears(dave, daveHears, 440, VOICE_DBM0, 1.5);
        short[] carolHears = heard(carol, 0);
        assertHears(carol, carolHears, 1000, VOICE_DBM0, 1.5);
        assertHears(carol, carolHears, 440, VOICE_DBM0, 1.5);
        short[] aliceHears = heard(alice, 0);
        assertHears(alice, aliceHears, 1000, VOICE_DBM0, 1.5);
        assertDoesNotHear(alice, aliceHears, 3000); // 5 kHz folded at 8 kHz would be here
        end(alice, carol, dave);
    }

    @Test
    void theMixRateFollowsTheMembersAndEveryoneKeepsHearingAcrossTheChange(TestCores cores) {
        core = cores.simulated(sim, b -> { }, pcmu, pcma, slin16, g722);
        Member alice = call(pcmu, "alice", MediaFormat.ULAW, 8000, 440);
        Member bob = call(pcma, "bob", MediaFormat.ALAW, 8000, 1000);
        Member erin = call(pcmu, "erin", MediaFormat.ULAW, 8000, 1400);
        Bridge room = core.createBridge(BridgeOptions.conference());
        for (Member m : List.of(alice, bob, erin)) {
            sim.await(room.join(m.fake().channel(), JoinOptions.HANG_UP_AFTER));
        }
        talk(10, alice, bob, erin);
        Member carol = call(slin16, "carol", MediaFormat.SLIN16, 16000, 5000);
        Member dave = call(g722, "dave", MediaFormat.G722, 16000, 2000);
        sim.await(room.join(carol.fake().channel(), JoinOptions.HANG_UP_AFTER)); // 8 kHz -> 16 kHz
        sim.await(room.join(dave.fake().channel(), JoinOptions.HANG_UP_AFTER));
        int aliceFrom = mark(alice);
        talk(30, alice, bob, erin, carol, dave);
        short[] aliceHears = heard(alice, aliceFrom);
        assertHears(alice, aliceHears, 1000, VOICE_DBM0, 1.5);
        assertHears(alice, aliceHears, 1400, VOICE_DBM0, 1.5);
        assertHears(alice, aliceHears, 2000, VOICE_DBM0, 1.5);
        assertDoesNotHear(alice, aliceHears, 3000);
        short[] daveHears = heard(dave, 0);
        assertHears(dave, daveHears, 5000, VOICE_DBM0, 3.0); // only a 16 kHz mix carries it
        assertHears(dave, daveHears, 440, VOICE_DBM0, 1.5);
        short[] carolHears = heard(carol, 0);
        assertHears(carol, carolHears, 2000, VOICE_DBM0, 1.5);
        assertHears(carol, carolHears, 1400, VOICE_DBM0, 1.5);

        dave.fake().remote().hangup(HangupCause.NORMAL_CLEARING);
        carol.fake().remote().hangup(HangupCause.NORMAL_CLEARING); // 16 kHz -> 8 kHz
        sim.runUntilQuiescent();
        int bobFrom = mark(bob);
        talk(30, alice, bob, erin);
        short[] bobHears = heard(bob, bobFrom);
        assertHears(bob, bobHears, 440, VOICE_DBM0, 1.5);
        assertHears(bob, bobHears, 1400, VOICE_DBM0, 1.5);
        assertDoesNotHear(bob, bobHears, 1000);
        end(alice, bob, erin);
    }
}
