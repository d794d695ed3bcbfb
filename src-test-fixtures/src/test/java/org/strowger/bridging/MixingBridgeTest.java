package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
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
import org.strowger.api.frame.VideoFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * The mixer of a bridge with three or more members, on the simulated clock: what each member hears (the others'
 * sum, saturated to 16 bits, a member that stopped sending fading out and then silent, in its own format), and
 * when (one frame every 20 ms on a grid fixed when mixing starts, caught up after a short stall, skipped after a long
 * one, never doubled). Jitter and the playout queues: MixerTest, PlayoutQueueTest, ConferenceJitterTest.
 */
@ExtendWith(NoLeakExtension.class)
class MixingBridgeTest {
    private static final Duration TICK = Duration.ofMillis(20);

    private final Simulation sim = new Simulation(41);
    private final FakeTech fake = new FakeTech();
    private ChannelCore core;
    private Channel a;
    private Channel b;
    private Channel c;
    private Bridge room;

    /** a, b and c in a conference; mixing starts as c joins, at the current instant. */
    private void conference(TestCores cores) {
        core = cores.simulated(sim, x -> { }, fake);
        a = channel("a");
        b = channel("b");
        c = channel("c");
        room = core.createBridge(BridgeOptions.conference());
        for (Channel ch : List.of(a, b, c)) {
            done(room.join(ch, JoinOptions.PARK_AFTER));
        }
        assertEquals(BridgeSnapshot.Mode.MIXING, room.snapshot().mode());
    }

    private void end() {
        done(room.destroy());
        for (var s : core.channels()) {
            core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING));
        }
        sim.runUntilQuiescent();
    }

    private Channel channel(String resource) {
        Channel ch = core.request(OutboundRequest.of("Fake", resource));
        sim.runUntilQuiescent();
        return ch;
    }

    private <T> T done(CompletionStage<T> stage) {
        return sim.await(stage);
    }

    private void send(Channel from, org.strowger.api.frame.MediaFrame frame) {
        fake.channelOf(from).remote().receive(frame);
        sim.runUntilQuiescent();
    }

    private List<VoiceFrame> mixed(Channel ch) {
        return fake.channelOf(ch).callbacks().stream().filter(x -> x.name().equals("write")).map(Callback::argument)
                .map(VoiceFrame.class::cast).toList();
    }

    private VoiceFrame last(Channel ch) {
        List<VoiceFrame> w = mixed(ch);
        return w.get(w.size() - 1);
    }

    private static VoiceFrame slin(int level, int samples) {
        byte[] p = new byte[2 * samples];
        for (int i = 0; i < samples; i++) {
            p[2 * i] = (byte) level;
            p[2 * i + 1] = (byte) (level >> 8);
        }
        return new VoiceFrame(MediaFormat.SLIN8, p, samples, 0);
    }

    private static int sample(VoiceFrame v, int i) {
        assertEquals(MediaFormat.SLIN8, v.format());
        return (short) ((v.payloadByte(2 * i) & 0xFF) | (v.payloadByte(2 * i + 1) << 8));
    }

    @Test
    void theMixSaturatesAtSixteenBitsInsteadOfWrappingAround(TestCores cores) {
        conference(cores);
        send(a, slin(30_000, 160));
        send(b, slin(30_000, 160));
        send(c, slin(1, 160));
        sim.runFor(TICK);
        assertEquals(Short.MAX_VALUE, sample(last(c), 0), "60,000 is clipped to the largest sample");
        assertEquals(30_001, sample(last(a), 159));
        send(a, slin(-30_000, 160));
        send(b, slin(-30_000, 160));
        send(c, slin(-1, 160));
        sim.runFor(TICK);
        assertEquals(Short.MIN_VALUE, sample(last(c), 0), "-60,000 is clipped to the smallest sample");
        assertEquals(-30_001, sample(last(b), 159));
        end();
    }

    @Test
    void aMemberThatStopsFadesOutOverOneTickThenIsSilentAndAShortFrameFillsOnlyItsSamples(TestCores cores) {
        conference(cores);
        send(c, slin(0, 160));
        send(a, slin(1000, 160));
        send(b, slin(10, 160));
        sim.runFor(TICK);
        assertEquals(1000, sample(last(b), 159));
        assertEquals(1010, sample(last(c), 0));
        sim.runFor(TICK);
        assertEquals(1000, sample(last(b), 0), "nothing more from a: its last frame fades out, from full");
        assertEquals(1000 / 160, sample(last(b), 159), "to nearly nothing");
        sim.runFor(TICK);
        assertEquals(0, sample(last(b), 0), "then silence, not its old frame again");
        assertEquals(0, sample(last(c), 0));

        sim.runFor(Duration.ofMillis(60)); // a pause, not a late frame: the next one plays at the next tick
        send(a, slin(2000, 80)); // half a frame, after a full one: the other half must not replay the old voice
        sim.runFor(TICK);
        VoiceFrame toB = last(b);
        assertEquals(2000, sample(toB, 79));
        assertEquals(0, sample(toB, 80));
        assertEquals(0, sample(toB, 159));
        VoiceFrame toA = last(a);
        for (int i : new int[] {0, 79, 80, 159}) {
            assertEquals(0, sample(toA, i), "a never hears itself, at sample " + i);
        }
        end();
    }

    @Test
    void eachMemberGetsOneFrameEveryTwentyMillisecondsInItsOwnFormatWithConsecutiveTimestamps(TestCores cores) {
        conference(cores);
        send(a, new VoiceFrame(MediaFormat.ALAW, new byte[160], 160, 0));
        send(b, slin(500, 160));
        sim.runFor(Duration.ofMillis(19));
        assertEquals(0, mixed(a).size(), "the first tick is 20 ms after mixing starts");
        sim.runFor(Duration.ofMillis(81));
        for (Channel ch : List.of(a, b, c)) {
            List<VoiceFrame> frames = mixed(ch);
            assertEquals(5, frames.size(), "one frame per 20 ms for " + ch.id());
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(160L * i, frames.get(i).timestamp(), "the mix's timestamps advance one frame per tick");
                assertEquals(160, frames.get(i).samples());
            }
        }
        assertEquals(MediaFormat.ALAW, last(a).format());
        assertEquals(MediaFormat.SLIN8, last(b).format());
        assertEquals(MediaFormat.ULAW, last(c).format(), "a member that sent nothing gets the default, mu-law");
        end();
    }

    @Test
    void framesTheMixerCannotDecodeAreIgnoredAndTheMixGoesOn(TestCores cores) {
        conference(cores);
        send(a, slin(700, 160));
        send(a, new VoiceFrame(MediaFormat.OPUS, new byte[40], 960, 0));
        send(a, new VideoFrame(MediaFormat.H264, new byte[100], 0, true));
        send(b, slin(300, 160));
        send(c, slin(0, 160));
        sim.runFor(TICK);
        assertEquals(1000, sample(last(c), 0), "a's last voice it could decode still counts");
        assertEquals(MediaFormat.SLIN8, last(a).format(), "an undecodable frame does not change a's format");
        assertEquals(300, sample(last(a), 0));
        sim.runFor(Duration.ofMillis(60));
        assertEquals(4, mixed(b).size());
        end();
    }

    @Test
    void aMemberJoiningWhileMixingKeepsTheTickGridAndTheMixerRunning(TestCores cores) {
        conference(cores);
        sim.runFor(Duration.ofMillis(10));
        Channel d = channel("d");
        done(room.join(d, JoinOptions.PARK_AFTER));
        sim.runFor(Duration.ofMillis(15)); // 25 ms after mixing began: the tick at 20 ms has run
        assertEquals(1, mixed(a).size(), "the grid is kept, not restarted by the new member");
        assertEquals(1, mixed(d).size());
        sim.runFor(Duration.ofMillis(80));
        assertEquals(5, mixed(a).size());
        assertEquals(5, mixed(d).size());
        end();
    }

    @Test
    void leavingAndReenteringMixingWithinOneTickRunsOneMixerNotTwo(TestCores cores) {
        conference(cores);
        sim.runFor(Duration.ofMillis(10));
        done(room.leave(c)); // two-party: the mixer stops; its tick, still scheduled, must not revive it
        assertEquals(BridgeSnapshot.Mode.TWO_PARTY, room.snapshot().mode());
        done(room.join(c, JoinOptions.PARK_AFTER)); // mixing again, on a new grid from now
        sim.runFor(Duration.ofMillis(100));
        assertEquals(5, mixed(c).size(), "one frame per 20 ms: the first mixer's tick found itself stale");
        end();
    }

    @Test
    void aShortStallIsCaughtUpOnTheGridAndALongOneIsSkipped(TestCores cores) {
        conference(cores);
        sim.runFor(Duration.ofMillis(30)); // tick at 20
        sim.fork(() -> sim.elapse(Duration.ofMillis(30))); // the clock jumps to 60: the tick due at 40 runs late
        sim.runUntilQuiescent();
        sim.runFor(Duration.ofMillis(40)); // until 100
        assertEquals(5, mixed(a).size(), "late, caught up: ticks at 20, 40 (at 60), 60, 80 and 100");

        sim.fork(() -> sim.elapse(Duration.ofMillis(140))); // 100 -> 240: the tick due at 120 runs at 240
        sim.runUntilQuiescent();
        sim.runFor(Duration.ofMillis(0));
        // the next one, due at 140, is exactly five periods behind: still caught up at once, 140 .. 240
        assertEquals(5 + 1 + 6, mixed(a).size(), "a stall of up to five periods is caught up");

        sim.fork(() -> sim.elapse(Duration.ofMillis(200))); // 240 -> 440: the tick due at 260 runs at 440
        sim.runUntilQuiescent();
        sim.runFor(Duration.ofMillis(0));
        assertEquals(13, mixed(a).size(), "the late tick runs, the missed ones are skipped");
        sim.runFor(Duration.ofMillis(100)); // the next ticks are due 20 ms after the late one: 460 .. 540
        assertEquals(18, mixed(a).size());
        end();
    }
}
