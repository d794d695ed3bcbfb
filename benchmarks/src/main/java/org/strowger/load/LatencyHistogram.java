package org.strowger.load;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear latency histogram in the spirit of HdrHistogram: values below 128 ns have a bucket each, above that
 * every power of two is split into 64 buckets, so a reported value is at most 1/64 (1.6 %) above the true one. Values
 * are clamped to 2^40 ns (about 18 minutes).
 *
 * <p>Recording is wait-free and uncontended: each recording thread gets its own array (single writer, release
 * stores), and {@link #snapshot()} sums them, so a snapshot taken while threads record may miss the latest few values
 * but never sees a torn count.
 */
final class LatencyHistogram {
    static final int SUB_BUCKETS = 64;
    private static final int LINEAR = 2 * SUB_BUCKETS;
    private static final int MAX_MSB = 40;
    static final int BUCKETS = LINEAR + (MAX_MSB - 6) * SUB_BUCKETS;

    private final ConcurrentLinkedQueue<AtomicLongArray> recorders = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<AtomicLongArray> local = ThreadLocal.withInitial(() -> {
        AtomicLongArray a = new AtomicLongArray(BUCKETS);
        recorders.add(a);
        return a;
    });

    /** Records one value in nanoseconds (negative values count as 0). */
    void record(long nanos) {
        AtomicLongArray a = local.get();
        int i = index(nanos);
        a.lazySet(i, a.get(i) + 1);
    }

    /** The counts recorded so far, summed over every recording thread. */
    Snapshot snapshot() {
        long[] counts = new long[BUCKETS];
        for (AtomicLongArray a : recorders) {
            for (int i = 0; i < BUCKETS; i++) {
                counts[i] += a.get(i);
            }
        }
        return new Snapshot(counts);
    }

    static int index(long nanos) {
        long v = Math.max(0, nanos);
        if (v < LINEAR) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        if (msb >= MAX_MSB) {
            return BUCKETS - 1;
        }
        int shift = msb - 6;
        return LINEAR + (msb - 7) * SUB_BUCKETS + (int) ((v >>> shift) - SUB_BUCKETS);
    }

    /** The highest value that falls into bucket {@code index}, in nanoseconds. */
    static long highestValue(int index) {
        if (index < LINEAR) {
            return index;
        }
        int msb = 7 + (index - LINEAR) / SUB_BUCKETS;
        long sub = SUB_BUCKETS + (index - LINEAR) % SUB_BUCKETS;
        int shift = msb - 6;
        return ((sub + 1) << shift) - 1;
    }

    /** Immutable counts per bucket. */
    static final class Snapshot {
        private final long[] counts;
        private final long total;

        Snapshot(long[] counts) {
            this.counts = counts;
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            this.total = t;
        }

        static Snapshot empty() {
            return new Snapshot(new long[BUCKETS]);
        }

        long count() {
            return total;
        }

        long countAt(int index) {
            return counts[index];
        }

        /** The counts recorded after {@code earlier} was taken. */
        Snapshot minus(Snapshot earlier) {
            long[] d = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                d[i] = Math.max(0, counts[i] - earlier.counts[i]);
            }
            return new Snapshot(d);
        }

        /** The value at quantile {@code q} (0..1) in nanoseconds, or -1 if empty. */
        long valueAt(double q) {
            if (total == 0) {
                return -1;
            }
            long want = Math.max(1, (long) Math.ceil(q * total));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts[i];
                if (seen >= want) {
                    return highestValue(i);
                }
            }
            return highestValue(BUCKETS - 1);
        }

        /** The largest recorded value (bucket upper bound) in nanoseconds, or -1 if empty. */
        long max() {
            for (int i = BUCKETS - 1; i >= 0; i--) {
                if (counts[i] > 0) {
                    return highestValue(i);
                }
            }
            return -1;
        }
    }
}
