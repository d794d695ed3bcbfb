package org.strowger.bench;

import java.util.Queue;
import java.util.concurrent.locks.LockSupport;

/**
 * The raw JCTools peer: one dedicated consumer thread that polls a multi-producer single-consumer queue and runs
 * each task. Two idle strategies:
 *
 * <ul>
 *   <li>{@code spin}: never sleeps; polls in a loop with {@link Thread#onSpinWait()}, and after
 *       {@link Backoff} spins calls {@link Thread#yield()} between empty polls (without that, a busy-polling
 *       consumer on a shared 2-core machine loses whole scheduler slices to the producer it waits for). The fastest
 *       hand-off and the peer the target is stated against; it burns a core while idle, which a channel core cannot
 *       afford for thousands of mostly idle channels.
 *   <li>{@code park}: after {@value #SPINS} empty polls it announces itself idle, re-checks the queue and parks;
 *       a producer that sees it idle after offering unparks it (Dekker-style: volatile flag vs. the queue's
 *       volatile producer index, so no wake-up is lost). This is the same idle/wake contract a serial executor on a
 *       pool has (go idle when empty, the next producer wakes a thread), without the pool.
 * </ul>
 */
public final class QueueConsumer implements Runnable {
    /** Empty polls before a parking consumer parks. */
    public static final int SPINS = 64;

    private final Queue<Runnable> queue;
    private final boolean park;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean idle;

    public QueueConsumer(Queue<Runnable> queue, boolean park, String name) {
        this.queue = queue;
        this.park = park;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    public QueueConsumer start() {
        thread.start();
        return this;
    }

    /** Offers {@code task} (spinning while a bounded queue is full) and wakes the consumer if it is idle. */
    public void submit(Runnable task) {
        if (!queue.offer(task)) {
            int attempt = 0;
            do {
                Backoff.pause(attempt++);
            } while (!queue.offer(task));
        }
        if (park && idle) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        int empty = 0;
        while (running) {
            Runnable task = queue.poll();
            if (task != null) {
                empty = 0;
                task.run();
                continue;
            }
            if (!park) {
                Backoff.pause(empty++); // never sleeps; yields the core after a while (shared 2-core machines)
                continue;
            }
            if (++empty < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            idle = true;
            if (queue.isEmpty() && running) {
                LockSupport.park(this);
            }
            idle = false;
            empty = 0;
        }
    }

    public void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(5_000);
    }
}
