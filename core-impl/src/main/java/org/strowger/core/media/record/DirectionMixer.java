package org.strowger.core.media.record;

/*
 * The two directions of a channel mixed into one mono track (a Side.BOTH recording), aligned by sample count: the
 * n-th sample read from the far end and the n-th sample written toward it are summed into the n-th sample of the
 * track. The directions arrive interleaved and unevenly (a frame each way every 20 ms, often in bursts), so each has
 * a cursor on the track, and the track is complete up to the lower cursor.
 *
 * Bounded lag: one direction may run at most maxLag samples ahead of the other. Beyond that the track is completed
 * anyway up to maxLag behind the leading cursor, the lagging direction's missing samples there count as silence, and
 * its cursor moves up to the completed point, so its late samples land after that silence. A direction that stops
 * (hold, one-way media) thus delays the track by maxLag and never stalls it. flush() completes the track up to the
 * leading cursor. Sums are ints, saturated to 16 bits once, as they leave. Input is taken maxLag samples at a time,
 * so the pending track never exceeds 2 * maxLag. Owned by the channel's executor; allocates nothing per call.
 */
final class DirectionMixer {
    /** Where completed track samples go. */
    @FunctionalInterface
    interface Output {
        void accept(short[] samples, int offset, int count);
    }

    private final int maxLag;
    private final int[] track; // sums for positions [emitted, leading cursor), at position % track.length
    private final short[] out;
    private final Output output;
    private long emitted;
    private long readAt;
    private long writeAt;

    DirectionMixer(int maxLag, Output output) {
        if (maxLag < 1) {
            throw new IllegalArgumentException("max lag " + maxLag);
        }
        this.maxLag = maxLag;
        this.track = new int[2 * maxLag];
        this.out = new short[maxLag];
        this.output = output;
    }

    /** {@code count} samples of one direction: {@code read} for what the far end said, else what it was sent. */
    void add(boolean read, short[] samples, int offset, int count) {
        while (count > 0) {
            int n = Math.min(count, maxLag);
            long at = read ? readAt : writeAt;
            for (int i = 0; i < n; i++) {
                track[(int) ((at + i) % track.length)] += samples[offset + i];
            }
            if (read) {
                readAt = at + n;
            } else {
                writeAt = at + n;
            }
            emit(Math.min(readAt, writeAt));
            long leading = Math.max(readAt, writeAt);
            if (leading - emitted > maxLag) {
                emit(leading - maxLag);
                readAt = Math.max(readAt, emitted);
                writeAt = Math.max(writeAt, emitted);
            }
            offset += n;
            count -= n;
        }
    }

    /** Completes the track up to the leading cursor (the other direction's missing samples are silence). */
    void flush() {
        emit(Math.max(readAt, writeAt));
        readAt = emitted;
        writeAt = emitted;
    }

    /** Samples of the track completed so far. */
    long emitted() {
        return emitted;
    }

    private void emit(long to) {
        while (emitted < to) {
            int n = (int) Math.min(to - emitted, out.length);
            for (int i = 0; i < n; i++) {
                int at = (int) ((emitted + i) % track.length);
                int v = track[at];
                track[at] = 0;
                out[i] = (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(v, Short.MIN_VALUE));
            }
            emitted += n;
            output.accept(out, 0, n);
        }
    }
}
