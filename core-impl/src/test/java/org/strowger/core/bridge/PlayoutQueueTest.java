package org.strowger.core.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One member's playout queue: priming at the target depth, growing fast, shrinking slowly, overflow, fading out. */
class PlayoutQueueTest {
    private static final int N = 160;

    private final PlayoutQueue q = new PlayoutQueue(N);

    private void put(int value) {
        short[] f = new short[N];
        Arrays.fill(f, (short) value);
        q.put(f, N);
    }

    /** What this tick plays: the first sample of the frame, 0 for silence (null). */
    private int take() {
        short[] f = q.take();
        return f == null ? 0 : f[0];
    }

    /** Takes the queue to target 3 by two late frames; leaves 4, 5 and 6 queued, about to start playing. */
    private void lateTwiceToTargetThree() {
        put(1);
        take();
        q.take(); // dry: the last frame fades out
        put(2); // late by a tick
        put(3);
        take();
        take();
        q.take(); // dry again
        put(4);
        put(5);
        put(6);
        assertEquals(3, q.target());
        assertEquals(2, q.ranDry());
    }

    @Test
    void framesArePlayedOneATickInArrivalOrderAndABurstIsNotLost() {
        put(1);
        assertEquals(1, take(), "target 1 at first: a frame plays at the next tick");
        put(2);
        put(3);
        put(4);
        assertEquals(2, take());
        assertEquals(3, take());
        put(5);
        assertEquals(4, take());
        assertEquals(5, take());
        assertEquals(0, q.dropped());
        assertEquals(1, q.target(), "no late frame, no growth");
    }

    @Test
    void aFrameLateByUpToThreeTicksGrowsTheTargetAndPlayoutRestartsAtTheNewDepth() {
        put(1);
        assertEquals(1, take());
        assertNotNull(q.take(), "nothing queued: the last frame fades out");
        put(2); // late by a tick
        assertEquals(2, q.target());
        assertEquals(0, take(), "one frame queued, target 2: still priming");
        assertFalse(q.playing());
        put(3);
        assertEquals(2, take());
        assertTrue(q.playing());
        assertEquals(3, take());
        assertEquals(1, q.ranDry());

        q.take(); // dry again, and the next frame comes after two more ticks
        q.take();
        q.take();
        put(4);
        assertEquals(3, q.target(), "late by three ticks is still late");
        put(5);
        assertEquals(0, take());
        put(6);
        assertEquals(4, take());
        assertEquals(5, take());
        assertEquals(6, take());
        q.take(); // dry once more, and late: the target stays at its largest
        put(7);
        assertEquals(PlayoutQueue.MAX_TARGET, q.target());
    }

    @Test
    void theEndOfATalkSpurtDoesNotGrowTheTarget() {
        put(1);
        take();
        for (int t = 0; t < PlayoutQueue.LATE_TICKS + 1; t++) {
            q.take(); // dry, and then silent for longer than lateness
        }
        put(2);
        assertEquals(1, q.target(), "a pause is not jitter");
        assertEquals(2, take());
    }

    @Test
    void runningDryFadesTheLastFrameOutOverOneTickThenIsSilent() {
        put(1000);
        assertEquals(1000, take());
        short[] fade = q.take();
        assertNotNull(fade);
        assertEquals(1000, fade[0]);
        for (int i = 1; i < N; i++) {
            assertEquals(1000 * (N - i) / N, fade[i], "a linear fade, sample " + i);
        }
        assertNull(q.take(), "then silence");
        assertNull(q.take());
        assertNull(new PlayoutQueue(N).take(), "a member that never sent is silent");
    }

    @Test
    void aFullQueueDropsItsOldestFrameCountsItAndGrows() {
        for (int v = 1; v <= 1 + PlayoutQueue.HEADROOM; v++) {
            put(v); // target 1 + headroom 2 = 3 frames fit
        }
        assertEquals(0, q.dropped());
        put(4);
        assertEquals(1, q.dropped(), "the fourth frame within a tick overflows");
        assertEquals(2, q.target(), "a burst larger than the target allows for grows it");
        assertEquals(3, q.depth());
        assertEquals(2, take(), "the oldest was dropped");
        assertEquals(3, take());
        assertEquals(4, take());
    }

    @Test
    void steadyArrivalsShrinkTheTargetOneStepPerWindowWithoutDroppingAnything() {
        lateTwiceToTargetThree();
        int expected = 4;
        int value = 7;
        for (int t = 0; t < PlayoutQueue.SHRINK_TICKS; t++) { // one frame a tick: the depth stays 3
            assertEquals(expected++, take());
            put(value++);
        }
        assertEquals(2, q.target(), "depth 3 before every take: the arrivals needed one frame, not three");
        for (int t = 0; t < PlayoutQueue.SHRINK_TICKS; t++) {
            assertEquals(expected++, take());
            put(value++);
        }
        assertEquals(1, q.target());
        assertEquals(0, q.dropped(), "shrinking drops nothing: the delay stays until playout restarts");
        assertEquals(3, q.depth());
        for (int t = 0; t < 3 * PlayoutQueue.SHRINK_TICKS; t++) {
            assertEquals(expected++, take());
            put(value++);
        }
        assertEquals(1, q.target(), "never below one frame");
        assertEquals(2, q.ranDry());
    }

    @Test
    void arrivalsThatNeedTheDepthKeepIt() {
        lateTwiceToTargetThree();
        int expected = 4;
        int value = 7;
        for (int t = 0; t < 4 * PlayoutQueue.SHRINK_TICKS; t++) { // 0, 0, 2, 2 frames a tick: depth 3, 2, 1, 2
            assertEquals(expected++, take());
            int arriving = t % 4 < 2 ? 0 : 2;
            for (int a = 0; a < arriving; a++) {
                put(value++);
            }
        }
        assertEquals(3, q.target());
        assertEquals(2, q.ranDry(), "only the dry ticks of the set-up");
        assertEquals(0, q.dropped());
    }

    @Test
    void aShortFrameIsPaddedWithSilenceAndALongOneCut() {
        short[] half = new short[N / 2];
        Arrays.fill(half, (short) 7);
        q.put(half, half.length);
        short[] f = q.take();
        assertEquals(7, f[N / 2 - 1]);
        assertEquals(0, f[N / 2]);
        short[] longer = new short[2 * N];
        Arrays.fill(longer, (short) 9);
        q.put(longer, longer.length);
        assertEquals(9, q.take()[N - 1]);
    }
}
