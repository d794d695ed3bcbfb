package org.strowger.load;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;

/**
 * Plays the network's RTP: one thread injects a 160-byte mu-law {@link VoiceFrame} (20 ms at 8 kHz) into the sink of
 * every talking load channel every 20 ms. Channels are spread over 20 slots and one slot is served per millisecond, so
 * arrivals are even, as from many independent RTP streams. Each frame's timestamp carries its injection time
 * ({@link #stamp}), which the receiving tech turns into the hop latency.
 */
final class MediaPacer implements Runnable {
    /** Marks a timestamp as a pacer stamp; mixed frames carry sample counts and echoed frames 0, which lack it. */
    static final long TAG = 1L << 62;
    static final int SLOTS = 20;
    private static final byte[] PAYLOAD = new byte[160];

    private final long base = System.nanoTime();
    @SuppressWarnings("unchecked")
    private final Set<LoadChannel>[] slots = new Set[SLOTS];
    private volatile boolean running = true;
    private volatile long injected;
    private volatile long lateTicks;
    private Thread thread;

    MediaPacer() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = ConcurrentHashMap.newKeySet();
        }
    }

    void start() {
        thread = new Thread(this, "load-pacer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5_000);
        }
    }

    long threadId() {
        return thread == null ? -1 : thread.threadId();
    }

    void add(LoadChannel ch) {
        slots[ch.slot()].add(ch);
    }

    void remove(LoadChannel ch) {
        slots[ch.slot()].remove(ch);
    }

    long injected() {
        return injected;
    }

    /**
     * Milliseconds in which the pacer started more than 1 ms late (the machine or the pacer fell behind). After more
     * than 20 ms behind it skips ahead, so fewer frames than 50/s per channel are then injected.
     */
    long lateTicks() {
        return lateTicks;
    }

    /** The timestamp for a frame injected now. */
    long stamp() {
        return TAG | (System.nanoTime() - base);
    }

    /** Nanoseconds since the frame with timestamp {@code ts} was injected, or -1 if it is not a pacer frame. */
    long age(long ts) {
        if ((ts & TAG) == 0 || ts < 0) {
            return -1;
        }
        return System.nanoTime() - base - (ts & ~TAG);
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        long n = 0;
        long tick = 0;
        while (running) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            if (now - next > 1_000_000) {
                lateTicks++;
            }
            if (now - next > 20_000_000) {
                // more than a whole 20 ms cycle behind (the thread was descheduled): resume from now rather than
                // inject the missed milliseconds in one burst; those frames are never sent
                next = now;
            }
            for (LoadChannel ch : slots[(int) (tick % SLOTS)]) {
                if (ch.sink().receive(new VoiceFrame(MediaFormat.ULAW, PAYLOAD, 160, stamp()))) {
                    n++;
                }
            }
            injected = n;
            tick++;
            next += 1_000_000;
        }
    }
}
