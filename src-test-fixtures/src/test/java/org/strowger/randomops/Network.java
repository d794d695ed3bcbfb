package org.strowger.randomops;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The soak's "network": one thread that runs delayed actions (a far end that answers 30 ms after the INVITE, a
 * transfer completed a moment after it began). Actions are handed over through a lock-free queue, so the core's pool
 * threads (tech callbacks, stage completions) never wait to schedule one; the thread alone owns the timer heap.
 */
final class Network implements AutoCloseable {
    private record Job(long due, long seq, Runnable action) {
    }

    private final Queue<Job> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Job> timers = new PriorityQueue<>(
            Comparator.comparingLong(Job::due).thenComparingLong(Job::seq)); // network thread only
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final BiConsumer<String, RuntimeException> onThrow;
    private final Thread thread;
    private volatile boolean running = true;

    Network(BiConsumer<String, RuntimeException> onThrow) {
        this.onThrow = onThrow;
        this.thread = new Thread(this::loop, "soak-network");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Runs {@code action} on the network thread in about {@code millis} ms. Any thread; never blocks. */
    void later(long millis, Runnable action) {
        queued.incrementAndGet();
        inbox.add(new Job(System.nanoTime() + millis * 1_000_000L, seq.incrementAndGet(), action));
    }

    /** Actions queued and not run yet. */
    long backlog() {
        return queued.get();
    }

    private void loop() {
        while (running) {
            for (Job j; (j = inbox.poll()) != null; ) {
                timers.add(j);
            }
            long now = System.nanoTime();
            while (!timers.isEmpty() && timers.peek().due() <= now) {
                Job j = timers.poll();
                try {
                    j.action().run();
                } catch (RuntimeException e) {
                    onThrow.accept("network action", e);
                } finally {
                    queued.decrementAndGet();
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the thread; actions still queued are dropped. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
