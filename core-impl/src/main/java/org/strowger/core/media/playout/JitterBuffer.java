package org.strowger.core.media.playout;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/*
 * An adaptive playout buffer for fixed-length audio frames (20 ms, say) that arrive with RTP-like timestamps: a
 * producer offer()s frames as they come, in any order, and a clocked consumer poll()s once per frame period for the
 * frame due, a concealment frame in place of a missing one, or null before playout starts (and after the stream has
 * gone quiet). The payload type is the caller's: T, with the timestamp (in samples at the stream's rate, already
 * unwrapped to a long) passed beside it. Single-threaded: the owner's executor calls both sides.
 *
 * Frames live in a ring of slots indexed by frame number (timestamp / frame length, rounded), so offer and poll are
 * O(1) and allocate nothing. Each slot also remembers the frame number last played from it, which tells a duplicate
 * of a played frame from a late one.
 *
 * Delay. Each arrival's margin is how many polls remain before it is due (0: just in time). The target depth comes
 * from the RFC 3550 interarrival jitter J: target = minFrames + 3 J / frame (rounded to whole frames) + a boost of
 * one frame per recent late arrival (decaying by one per second without one), within [minFrames, maxFrames]; in
 * steady state arrivals then have a margin of target - 1. Playout starts target polls after the first frame. The
 * delay grows lazily: when the frame due is missing and recent margins have fallen below target - 1, the buffer
 * conceals without advancing, giving the frame a tick longer to come (at most maxFrames times in a row). It shrinks
 * gently: after a second in which every arrival had a margin above the target, it skips one frame. A burst that would
 * leave more than maxFrames ahead drops the oldest at once. A frame arriving after its turn is dropped, counted late.
 *
 * Gaps and jumps. While frames are merely missing, playout goes on concealing, so a gap in a talk spurt, or a short
 * silence with discontinuous transmission, keeps its timing; after maxFrames polls with nothing ahead the stream is
 * taken as quiet: poll returns null, and the next frame primes playout afresh. A frame whose timestamp is more than
 * 4 * maxFrames frames from the playout point (a new source, a reset clock) is held until the next arrival confirms
 * the jump by following it; then the new timeline is re-based to continue right after the frames already buffered,
 * so the switch plays neither a burst nor a gap. A lone stray is dropped as late.
 */
public final class JitterBuffer<T> {
    /** What the last poll() returned. */
    public enum Outcome { IDLE, PLAYED, CONCEALED }

    private static final long EMPTY = Long.MIN_VALUE;
    private static final int WINDOW_POLLS = 50;

    private final int sampleRate;
    private final int frame;
    private final int minFrames;
    private final int maxFrames;
    private final LongSupplier nanoClock;
    private final Concealer<T> concealer;
    private final int mask;
    private final Object[] slots;
    private final long[] slotIndex;
    private final long[] playedIndex;
    private final long jumpFrames;

    private boolean started;
    private int primeCountdown;
    private long next;
    private long newest;
    private int buffered;
    private long indexOffset;
    private int waits;
    private int emptyPolls;
    private int consecutiveMissing;
    private Outcome outcome = Outcome.IDLE;

    private double jitter;
    private double lastTransit;
    private boolean haveTransit;
    private int boost;
    private int pollsSinceLate;
    private long windowMinMargin = Long.MAX_VALUE;
    private long previousMinMargin = Long.MAX_VALUE;
    private boolean windowHadArrivals;
    private int windowPolls;

    private T pending;
    private long pendingIndex;
    private boolean hasPending;

    private long received;
    private long played;
    private long late;
    private long lost;
    private long concealed;
    private long duplicates;
    private long dropped;
    private long resyncs;

    /**
     * A buffer for frames of {@code frameSamples} samples at {@code sampleRate}, keeping between {@code minFrames}
     * and {@code maxFrames} frames of delay; {@code nanoClock} times arrivals (System::nanoTime, or a test clock);
     * {@code concealer} makes the frames played for missing ones.
     */
    public JitterBuffer(int sampleRate, int frameSamples, int minFrames, int maxFrames, LongSupplier nanoClock,
            Concealer<T> concealer) {
        if (sampleRate <= 0 || frameSamples <= 0) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " and frame " + frameSamples
                    + " samples must be positive");
        }
        if (minFrames < 1 || maxFrames < minFrames || maxFrames > 1000) {
            throw new IllegalArgumentException("depth " + minFrames + ".." + maxFrames
                    + " frames: need 1 <= min <= max <= 1000");
        }
        this.sampleRate = sampleRate;
        this.frame = frameSamples;
        this.minFrames = minFrames;
        this.maxFrames = maxFrames;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.concealer = Objects.requireNonNull(concealer, "concealer");
        this.jumpFrames = 4L * maxFrames;
        int capacity = Integer.highestOneBit((int) (jumpFrames + maxFrames + 2) * 2 - 1);
        this.mask = capacity - 1;
        this.slots = new Object[capacity];
        this.slotIndex = new long[capacity];
        this.playedIndex = new long[capacity];
        reset();
    }

    /**
     * Hands in a frame with its timestamp; false if it was not kept: a duplicate, late, or far off the playout point
     * (then it is held, and kept if the next offer confirms the jump).
     */
    public boolean offer(T payload, long timestamp) {
        Objects.requireNonNull(payload, "payload");
        received++;
        long index = Math.floorDiv(timestamp, frame) + (Math.floorMod(timestamp, frame) * 2 >= frame ? 1 : 0)
                + indexOffset;
        if (hasPending) {
            T held = pending;
            long heldIndex = pendingIndex;
            hasPending = false;
            pending = null;
            long step = index - heldIndex;
            if (step >= 1 && step <= 3) { // the jump is confirmed: continue right after what is buffered
                long rebased = Math.max(newest, next - 1) + 1;
                indexOffset += rebased - heldIndex;
                index += rebased - heldIndex;
                haveTransit = false;
                resyncs++;
                store(held, rebased);
                return accept(payload, index, timestamp);
            }
            late++; // a stray: drop the held frame
        }
        if (buffered == 0 && !started) {
            prime(index);
        } else if (Math.abs(index - next) > jumpFrames) {
            hasPending = true;
            pending = payload;
            pendingIndex = index;
            return false;
        }
        return accept(payload, index, timestamp);
    }

    /** The frame due now: the frame, a concealment frame, or null (not started, or gone quiet). */
    public T poll() {
        if (!started) {
            if (buffered == 0 || --primeCountdown > 0) {
                outcome = Outcome.IDLE;
                return null;
            }
            started = true;
        }
        int target = targetDepth();
        adjustDepth(target);
        int slot = (int) (next & mask);
        if (slotIndex[slot] == next) {
            @SuppressWarnings("unchecked")
            T f = (T) slots[slot];
            take(slot);
            next++;
            played++;
            waits = 0;
            emptyPolls = 0;
            consecutiveMissing = 0;
            outcome = Outcome.PLAYED;
            return f;
        }
        boolean nothingAhead = buffered == 0;
        if (nothingAhead && ++emptyPolls > maxFrames) {
            quiet();
            return null;
        }
        long depth = newest - next + 1;
        boolean shortOfMargin = Math.min(windowMinMargin, previousMinMargin) < target - 1;
        long due = next;
        if (shortOfMargin && (nothingAhead || depth < target) && waits < maxFrames) {
            waits++; // give it another tick: the delay grows by one frame
        } else {
            waits = 0;
            next++;
            lost++;
        }
        concealed++;
        outcome = Outcome.CONCEALED;
        return concealer.conceal((due - indexOffset) * frame, ++consecutiveMissing);
    }

    /** What the last poll() returned: a frame, a concealment frame, or nothing. */
    public Outcome lastOutcome() {
        return outcome;
    }

    /** Empties the buffer and forgets the stream (statistics are kept). */
    public void reset() {
        Arrays.fill(slots, null);
        Arrays.fill(slotIndex, EMPTY);
        Arrays.fill(playedIndex, EMPTY);
        started = false;
        buffered = 0;
        hasPending = false;
        pending = null;
        indexOffset = 0;
        haveTransit = false;
        jitter = 0;
        boost = 0;
        windowMinMargin = Long.MAX_VALUE;
        previousMinMargin = Long.MAX_VALUE;
        windowPolls = 0;
        outcome = Outcome.IDLE;
    }

    /** Frames buffered ahead of the playout point. */
    public int depth() {
        return buffered;
    }

    /** The margin, in frames, the buffer currently aims at. */
    public int targetDepth() {
        long j = Math.round(3 * jitter / frame);
        return (int) Math.max(minFrames, Math.min(maxFrames, minFrames + j + boost));
    }

    /** RFC 3550 interarrival jitter, in milliseconds. */
    public double jitterMillis() {
        return jitter * 1000 / sampleRate;
    }

    public boolean playing() {
        return started;
    }

    public long received() {
        return received;
    }

    public long played() {
        return played;
    }

    /** Frames that arrived after their turn (dropped). */
    public long late() {
        return late;
    }

    /** Frames whose turn passed while they were missing. */
    public long lost() {
        return lost;
    }

    /** Concealment frames played (lost ones, and the ticks the buffer waited). */
    public long concealed() {
        return concealed;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Frames discarded to bring the delay down. */
    public long dropped() {
        return dropped;
    }

    /** Timestamp jumps the buffer re-based over. */
    public long resyncs() {
        return resyncs;
    }

    private void prime(long index) {
        next = index;
        newest = index - 1;
        primeCountdown = targetDepth();
        waits = 0;
        emptyPolls = 0;
        consecutiveMissing = 0;
    }

    private boolean accept(T payload, long index, long timestamp) {
        int slot = (int) (index & mask);
        if (index < next) {
            if (!started && next - index <= maxFrames && buffered > 0) {
                next = index; // reordered before playout started: begin with it
            } else {
                if (playedIndex[slot] == index) {
                    duplicates++;
                } else {
                    late++;
                    boost = Math.min(boost + 1, maxFrames);
                    pollsSinceLate = 0;
                }
                margin(index - next);
                return false;
            }
        }
        if (slotIndex[slot] == index) {
            duplicates++;
            return false;
        }
        measure(timestamp);
        margin(index - next);
        store(payload, index);
        return true;
    }

    private void store(T payload, long index) {
        int slot = (int) (index & mask);
        if (slotIndex[slot] != EMPTY) {
            take(slot); // only an older frame beyond the delay bound can be there
            dropped++;
        }
        slots[slot] = payload;
        slotIndex[slot] = index;
        buffered++;
        newest = Math.max(newest, index);
    }

    private void take(int slot) {
        playedIndex[slot] = slotIndex[slot];
        slots[slot] = null;
        slotIndex[slot] = EMPTY;
        buffered--;
    }

    private void measure(long timestamp) {
        double arrival = nanoClock.getAsLong() * (sampleRate / 1e9);
        double transit = arrival - timestamp;
        if (haveTransit) {
            jitter += (Math.abs(transit - lastTransit) - jitter) / 16;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    private void margin(long m) {
        if (started) { // before playout starts the playout point stands still: margins mean nothing yet
            windowMinMargin = Math.min(windowMinMargin, m);
            windowHadArrivals = true;
        }
    }

    private void adjustDepth(int target) {
        while (newest - next + 1 > maxFrames) {
            discard();
        }
        if (++pollsSinceLate >= WINDOW_POLLS) {
            pollsSinceLate = 0;
            boost = Math.max(0, boost - 1);
        }
        if (++windowPolls >= WINDOW_POLLS) {
            if (windowHadArrivals && windowMinMargin > target && newest > next) {
                discard(); // every arrival this second had slack to spare: one frame less delay
            }
            previousMinMargin = windowMinMargin;
            windowMinMargin = Long.MAX_VALUE;
            windowHadArrivals = false;
            windowPolls = 0;
        }
    }

    private void discard() {
        int slot = (int) (next & mask);
        if (slotIndex[slot] == next) {
            take(slot);
            dropped++;
        }
        next++;
    }

    private void quiet() {
        started = false;
        Arrays.fill(slots, null);
        Arrays.fill(slotIndex, EMPTY);
        buffered = 0;
        haveTransit = false;
        outcome = Outcome.IDLE;
    }
}
