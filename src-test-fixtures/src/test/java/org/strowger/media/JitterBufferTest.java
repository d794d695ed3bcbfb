package org.strowger.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.strowger.api.ChannelCore;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.JitterBuffer;
import org.strowger.api.media.JitterBufferOptions;
import org.strowger.testkit.Simulation;

/**
 * The public jitter buffer on the simulation's clock: a tone sent with up to 40 ms of jitter (so out of order) comes
 * out whole and in order; a lost frame is concealed with the tone, without a click; a new source behind the stream
 * (a timestamp jump) is followed with at most one concealed frame; bad frames and options are refused.
 */
class JitterBufferTest {
    private static final int FRAMES = 250;

    private final Simulation sim = new Simulation(7);
    private final ChannelCore core = sim.coreBuilder().build();

    /**
     * Sends {@code frames}, frame i at i * 20 ms plus its delay, and polls every 20 ms; returns what came out up to
     * the last frame played (the buffer conceals for a while after a stream stops, before it goes quiet).
     */
    private List<VoiceFrame> play(JitterBuffer jb, List<VoiceFrame> frames, long[] delayMs) {
        List<VoiceFrame> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            VoiceFrame f = frames.get(i);
            if (f != null) {
                sim.schedule(() -> jb.offer(f), i * 20L + delayMs[i], TimeUnit.MILLISECONDS);
            }
        }
        int polls = frames.size() + 20;
        for (int k = 0; k < polls; k++) {
            sim.schedule(() -> {
                VoiceFrame v = jb.poll();
                if (v != null) {
                    out.add(v);
                }
            }, k * 20L + 10, TimeUnit.MILLISECONDS);
        }
        sim.runFor(Duration.ofMillis(polls * 20L + 100));
        int last = out.size() - 1;
        while (last >= 0 && !frames.contains(out.get(last))) {
            last--;
        }
        return out.subList(0, last + 1);
    }

    private static void assertInOrder(List<VoiceFrame> out) {
        for (int i = 1; i < out.size(); i++) {
            assertEquals(out.get(i - 1).timestamp() + 160, out.get(i).timestamp(), "frame " + i + " follows on");
        }
    }

    @Test
    void aToneWithUpTo40MsOfJitterComesOutWholeAndInOrder() {
        // 60 ms at least: the 40 ms of jitter from the first frame on, before the buffer has measured any
        JitterBuffer jb = core.newJitterBuffer(JitterBufferOptions.of(MediaFormat.ULAW).withDepth(3, 10));
        List<VoiceFrame> sent = Audio.tone(440, MediaFormat.ULAW, FRAMES);
        Random r = new Random(40);
        long[] delay = new long[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            delay[i] = r.nextInt(41);
        }
        List<VoiceFrame> out = play(jb, sent, delay);
        JitterBuffer.Stats s = jb.stats();
        assertEquals(FRAMES, s.received());
        assertEquals(FRAMES, s.played(), "every frame played: " + s);
        assertEquals(0, s.lost() + s.late() + s.dropped(), "nothing lost, late or dropped: " + s);
        List<VoiceFrame> played = out.stream().filter(sent::contains).toList();
        assertEquals(sent, played, "the frames as sent, in order");
        assertTrue(s.jitterMillis() > 5, "the jitter was measured: " + s);
        assertTrue(s.targetFrames() >= 2, "and the delay grew to ride it: " + s);
        short[] pcm = Audio.decode(out, 8000);
        assertEquals(440, Audio.dominant(pcm, 8000, 350, 440, 620, 1000));
    }

    @Test
    void aLostFrameIsConcealedWithTheToneAndTheStreamGoesOnWithoutAClick() {
        JitterBuffer jb = core.newJitterBuffer(JitterBufferOptions.of(MediaFormat.ULAW));
        List<VoiceFrame> sent = new ArrayList<>(Audio.tone(440, MediaFormat.ULAW, 100));
        sent.set(50, null);
        List<VoiceFrame> out = play(jb, sent, new long[100]);
        JitterBuffer.Stats s = jb.stats();
        assertEquals(99, s.played(), s.toString());
        assertEquals(100, out.size(), "99 frames and one concealed");
        assertInOrder(out);
        int at = 0;
        while (out.get(at).timestamp() != 50 * 160) {
            at++;
        }
        assertFalse(sent.contains(out.get(at)), "frame 50 is made up");
        short[] concealed = Audio.decode(out.subList(at, at + 1), 8000);
        double level = Audio.level(Audio.decode(out.subList(at - 5, at), 8000), 8000, 440);
        assertEquals(level, org.strowger.core.media.tone.ToneMeter.levelDbm0(concealed, 0, 160, 8000, 440), 4,
                "the concealment carries the tone on, fading");
        short[] around = Audio.decode(out.subList(at - 2, at + 3), 8000);
        int steepest = 0;
        for (int i = 1; i < around.length; i++) {
            steepest = Math.max(steepest, Math.abs(around[i] - around[i - 1]));
        }
        // a 440 Hz tone of amplitude 6000 changes by at most 2,073 per sample; a gap of silence would step by 6,000
        assertTrue(steepest < 3000, "no click in and out of the concealed frame: a step of " + steepest);
    }

    @Test
    void aNewSourceBehindTheStreamIsFollowedWithinAFrame() {
        JitterBuffer jb = core.newJitterBuffer(JitterBufferOptions.of(MediaFormat.ALAW));
        List<VoiceFrame> first = Audio.tone(440, MediaFormat.ALAW, 100);
        List<VoiceFrame> sent = new ArrayList<>(first);
        for (VoiceFrame f : Audio.tone(620, MediaFormat.ALAW, 100)) { // a new timeline, far from the first
            byte[] p = new byte[f.payloadLength()];
            f.copyPayloadTo(p, 0);
            sent.add(new VoiceFrame(MediaFormat.ALAW, p, 160, 7_000_000 + f.timestamp()));
        }
        List<VoiceFrame> out = play(jb, sent, new long[200]);
        JitterBuffer.Stats s = jb.stats();
        assertEquals(1, s.resyncs(), s.toString());
        assertEquals(200, s.played(), "nothing of either source lost: " + s);
        // the new source's first frame waits for its second to confirm the jump: at a delay of one frame, with
        // nothing else buffered, that one period is concealed; nothing plays twice, nothing bursts
        assertEquals(201, out.size(), s.toString());
        assertEquals(first, out.subList(0, 100));
        assertEquals(sent.get(100).timestamp(), out.get(101).timestamp(), "its first frame, cross-faded in");
        assertEquals(sent.subList(101, 200), out.subList(102, 201));
        short[] pcm = Audio.decode(out, 8000);
        assertEquals(440, Audio.dominant(java.util.Arrays.copyOf(pcm, 100 * 160), 8000, 440, 620));
        assertEquals(620, Audio.dominant(java.util.Arrays.copyOfRange(pcm, 101 * 160, pcm.length), 8000, 440, 620));
    }

    @Test
    void badFramesAndOptionsAreRefusedAndAQuietStreamPollsNull() {
        JitterBuffer jb = core.newJitterBuffer(JitterBufferOptions.of(MediaFormat.ULAW));
        assertNull(jb.poll(), "nothing yet");
        assertThrows(InvalidArgumentException.class, () -> jb.offer(null));
        assertThrows(InvalidArgumentException.class, () -> jb.offer(Audio.tone(440, MediaFormat.ALAW, 1).get(0)));
        assertThrows(InvalidArgumentException.class,
                () -> jb.offer(new VoiceFrame(MediaFormat.ULAW, new byte[80], 80, 0)), "half a frame");
        assertEquals(0, jb.stats().received(), "a refused frame is not counted");
        assertThrows(InvalidArgumentException.class, () -> core.newJitterBuffer(null));
        assertThrows(InvalidArgumentException.class,
                () -> core.newJitterBuffer(JitterBufferOptions.of(MediaFormat.OPUS)), "no Opus codec is built in");
        assertThrows(InvalidArgumentException.class, () -> JitterBufferOptions.of(MediaFormat.H264));
        assertThrows(InvalidArgumentException.class, () -> JitterBufferOptions.of(MediaFormat.ULAW).withDepth(0, 3));
        assertThrows(InvalidArgumentException.class, () -> JitterBufferOptions.of(MediaFormat.ULAW).withDepth(4, 3));
        assertThrows(InvalidArgumentException.class, () -> JitterBufferOptions.of(MediaFormat.ULAW).withDepth(1, 51));
        assertThrows(InvalidArgumentException.class,
                () -> new JitterBufferOptions(MediaFormat.ULAW, Duration.ofMillis(5), 1, 3));
        assertThrows(InvalidArgumentException.class,
                () -> new JitterBufferOptions(MediaFormat.ULAW, Duration.ofNanos(20_000_001), 1, 3));
        assertEquals(480, new JitterBufferOptions(MediaFormat.SLIN16, Duration.ofMillis(30), 1, 3).frameSamples());
    }
}
