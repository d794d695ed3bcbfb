package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default pool on real threads, checked only for deterministic outcomes: its workers are daemon PoolThreads that
 * it knows while they live, compensation sets parallelism to size plus stalled workers up to a cap, shutdown ends it.
 */
@Timeout(10)
class ForkJoinWorkerPoolTest {
    @Test
    void refusesAPoolWithoutThreads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ForkJoinWorkerPool(0));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
        ForkJoinWorkerPool one = new ForkJoinWorkerPool(1);
        assertEquals(1, one.parallelism());
        one.shutdown();
    }

    @Test
    void tasksRunOnDaemonPoolThreadsThatThePoolListsUntilItEnds() throws Exception {
        ForkJoinWorkerPool pool = new ForkJoinWorkerPool(1);
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        pool.execute(() -> ranOn.complete(Thread.currentThread()));
        Thread t = ranOn.get(5, TimeUnit.SECONDS);
        PoolThread worker = assertInstanceOfPoolThread(t);
        assertSame(worker, worker.slot.thread, "a worker's slot is its own");
        assertTrue(worker.isDaemon(), "the core's workers must not keep the JVM alive");
        assertEquals(List.of(worker), workers(pool), "a started worker is listed for the stall watchdog");

        pool.shutdown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!pool.isTerminated() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(pool.isTerminated(), "shutdown ends the pool once it is idle");
        assertEquals(List.of(), workers(pool), "an ended worker is no longer listed");
    }

    @Test
    void compensationAddsOneThreadPerStalledWorkerUpToACapAndGoesBack() {
        ForkJoinWorkerPool pool = new ForkJoinWorkerPool(2);
        try {
            pool.compensate(3);
            assertEquals(5, pool.parallelism());
            pool.compensate(3);
            assertEquals(5, pool.parallelism());
            pool.compensate(1_000);
            assertEquals(2 + 2 * 8, pool.parallelism(), "capped at eight extra threads per configured one");
            pool.compensate(0);
            assertEquals(2, pool.parallelism());
        } finally {
            pool.shutdown();
        }
    }

    private static PoolThread assertInstanceOfPoolThread(Thread t) {
        assertTrue(t instanceof PoolThread, "not a PoolThread: " + t);
        return (PoolThread) t;
    }

    private static List<PoolThread> workers(ForkJoinWorkerPool pool) {
        List<PoolThread> out = new ArrayList<>();
        pool.workers().forEach(out::add);
        return out;
    }
}
