package org.strowger.core.bridge;

import java.util.Arrays;

/*
 * One member's playout queue in the mixer: frames of 16-bit linear samples, queued in arrival order by put and taken
 * one per tick by take. Frames that arrive in a burst are all played, one a tick, and a frame that comes late is waited
 * for instead of being replaced by silence. No clock: the queue counts ticks, and it allocates nothing after it is made.
 *
 * Priming. Playout starts, and restarts after running dry, only at a tick that finds the target depth queued. The
 * target is 1 to 3 frames. At depth D the oldest frame waits until D - 1 frames sent after it have come, so it plays
 * at least 20 (D - 1) ms after it was sent: 3 frames ride out 40 ms of arrival jitter, and more than that is beyond
 * what the mixer smooths. The queue holds up to target + 2 frames (5 at most): the start is the first tick after the
 * D-th frame came, and that frame may itself have been 40 ms late and the tick 20 ms off, so a start can sit up to
 * 60 ms (3 frames) behind the earliest it could; a smaller store would drop frames after such a start at every burst.
 *
 * Adaptation of the target:
 * - Grow fast, by one: when playout ran dry and the next frame came within LATE_TICKS ticks (it was late; a longer
 *   silence is the end of a talk spurt or a member that stopped, which says nothing about jitter), and when a put
 *   finds the queue full (the oldest frame is dropped, counted: a burst larger than the target allows for).
 * - Shrink slow, by one: the queue notes its depth before each take of SHRINK_TICKS ticks (5 s) of uninterrupted
 *   playout. max - min + 1 is the depth those arrivals needed never to run dry; if it stayed below the target and
 *   the frames queued would fit the lower limit, the target goes down. Nothing is dropped to shrink: the lower target
 *   is the depth the next restart waits for, so a member that sends without pause keeps the delay it started with.
 *
 * Running dry: the tick that finds nothing to play replays the last frame fading linearly to zero, so the member's
 * voice does not stop with a click; after that take returns null (silence) until the queue is primed again.
 */
final class PlayoutQueue {
    static final int MIN_TARGET = 1;
    static final int MAX_TARGET = 3;
    /** Frames the queue holds beyond its target. */
    static final int HEADROOM = 2;
    /** A frame arriving within this many ticks of playout running dry was late. */
    static final int LATE_TICKS = 3;
    /** Ticks of playout over which the depth is watched before the target may shrink. */
    static final int SHRINK_TICKS = 250;

    private static final int CAPACITY = MAX_TARGET + HEADROOM;

    private final int frameSamples;
    private final short[][] ring;
    private final short[] out;
    private int head;
    private int size;
    private int target = MIN_TARGET;
    private boolean playing;
    private boolean audible; // out holds the frame the last tick played: the next dry tick fades it out
    private int dryTicks; // 1.. LATE_TICKS + 1 ticks since playout ran dry with no frame since; 0 otherwise
    private int windowTicks;
    private int windowMin;
    private int windowMax;
    private long dropped;
    private long ranDry;

    PlayoutQueue(int frameSamples) {
        this.frameSamples = frameSamples;
        this.ring = new short[CAPACITY][frameSamples];
        this.out = new short[frameSamples];
    }

    /** Queues a frame: {@code samples[0..count)}, shorter than a frame padded with silence, longer cut. */
    void put(short[] samples, int count) {
        if (dryTicks > 0) {
            if (dryTicks <= LATE_TICKS) {
                grow();
            }
            dryTicks = 0;
        }
        if (size >= target + HEADROOM) {
            head = next(head);
            size--;
            dropped++;
            grow();
        }
        short[] f = ring[(head + size) % CAPACITY];
        int n = Math.max(0, Math.min(count, frameSamples));
        System.arraycopy(samples, 0, f, 0, n);
        Arrays.fill(f, n, frameSamples, (short) 0);
        size++;
    }

    /**
     * This tick's frame: a buffer of the queue's, valid until the next call, or null for silence. Call once a tick.
     */
    short[] take() {
        if (!playing) {
            if (size == 0 || size < target) {
                if (dryTicks > 0 && dryTicks <= LATE_TICKS) {
                    dryTicks++;
                }
                return fadeOut();
            }
            playing = true;
            resetWindow();
        } else if (size == 0) {
            playing = false;
            ranDry++;
            dryTicks = 1;
            return fadeOut();
        }
        watch(size);
        System.arraycopy(ring[head], 0, out, 0, frameSamples);
        head = next(head);
        size--;
        audible = true;
        return out;
    }

    /** The depth playout starts at. */
    int target() {
        return target;
    }

    /** Frames queued now. */
    int depth() {
        return size;
    }

    boolean playing() {
        return playing;
    }

    /** Frames dropped because the queue was full. */
    long dropped() {
        return dropped;
    }

    /** Times playout found the queue empty (a late frame, or the end of a talk spurt). */
    long ranDry() {
        return ranDry;
    }

    private short[] fadeOut() {
        if (!audible) {
            return null;
        }
        audible = false;
        for (int i = 0; i < frameSamples; i++) {
            out[i] = (short) (out[i] * (frameSamples - i) / frameSamples);
        }
        return out;
    }

    private void grow() {
        target = Math.min(MAX_TARGET, target + 1);
        resetWindow();
    }

    private void watch(int depth) {
        windowMin = Math.min(windowMin, depth);
        windowMax = Math.max(windowMax, depth);
        if (++windowTicks < SHRINK_TICKS) {
            return;
        }
        int needed = windowMax - windowMin + 1;
        if (target > MIN_TARGET && needed < target && windowMax <= target - 1 + HEADROOM) {
            target--;
        }
        resetWindow();
    }

    private void resetWindow() {
        windowTicks = 0;
        windowMin = Integer.MAX_VALUE;
        windowMax = 0;
    }

    private static int next(int i) {
        return i + 1 == CAPACITY ? 0 : i + 1;
    }
}
