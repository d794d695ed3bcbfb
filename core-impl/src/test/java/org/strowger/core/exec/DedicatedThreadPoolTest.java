package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one-thread pool of a blocking subscriber or call-record sink: one named daemon worker, shutdown lets what is
 * queued run, and interrupt frees a task blocked in a callback but never interrupts the worker from itself.
 */
@Timeout(10)
class DedicatedThreadPoolTest {
    @Test
    void tasksRunInOrderOnOneNamedDaemonWorkerThatKnowsItself() throws Exception {
        DedicatedThreadPool pool = new DedicatedThreadPool("strowger-events-test");
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Boolean> isWorker = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            int n = i;
            pool.execute(() -> {
                threads.add(Thread.currentThread());
                isWorker.add(pool.isWorker(Thread.currentThread()));
                order.add(n);
                done.countDown();
            });
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(1, threads.size(), "one worker: " + threads);
        Thread worker = threads.iterator().next();
        assertEquals("strowger-events-test", worker.getName());
        assertTrue(worker.isDaemon(), "an idle subscription must not keep the JVM alive");
        assertFalse(isWorker.contains(false), "the worker is recognised as the worker");
        assertFalse(pool.isWorker(Thread.currentThread()), "the test thread is not the worker");
        assertEquals(50, order.size());
        pool.shutdown();
    }

    @Test
    void shutdownLetsTheQueuedTasksRunThenTerminates() throws Exception {
        DedicatedThreadPool pool = new DedicatedThreadPool("strowger-cdr-test");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> queuedRan = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pool.execute(() -> queuedRan.complete(true));
        pool.shutdown();
        assertFalse(pool.isTerminated(), "terminated while a task still runs");
        release.countDown();
        assertTrue(queuedRan.get(5, TimeUnit.SECONDS), "a task queued before shutdown still runs");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!pool.isTerminated() && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertTrue(pool.isTerminated(), "the pool ends once its queue is empty");
    }

    @Test
    void interruptFreesABlockedTaskButNotFromTheWorkerItself() throws Exception {
        DedicatedThreadPool pool = new DedicatedThreadPool("strowger-events-blocked");
        pool.interrupt(); // no worker yet (none is started before the first task): nothing to do, no failure
        CompletableFuture<Boolean> selfInterrupted = new CompletableFuture<>();
        pool.execute(() -> {
            pool.interrupt(); // from the worker: must not interrupt itself
            selfInterrupted.complete(Thread.interrupted());
        });
        assertFalse(selfInterrupted.get(5, TimeUnit.SECONDS), "the worker interrupted itself");

        CountDownLatch blocked = new CountDownLatch(1);
        CompletableFuture<Boolean> freed = new CompletableFuture<>();
        pool.execute(() -> {
            blocked.countDown();
            try {
                new CountDownLatch(1).await(); // a subscriber stuck in a blocking call
                freed.complete(false);
            } catch (InterruptedException e) {
                freed.complete(true);
            }
        });
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        pool.interrupt();
        assertTrue(freed.get(5, TimeUnit.SECONDS), "the blocked task was not interrupted");
        pool.shutdown();
    }
}
