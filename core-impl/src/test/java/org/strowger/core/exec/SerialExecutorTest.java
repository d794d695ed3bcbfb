package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.core.WorkerPool;
import org.strowger.core.exec.TestPools.CountingPool;
import org.strowger.core.exec.TestPools.ManualPool;
import org.strowger.core.exec.TestPools.RefusingPool;

class SerialExecutorTest {

    /** A task that records whether it ran or was rejected, and fails if both happen or either happens twice. */
    static final class Probe implements Runnable, Rejectable {
        static final int PENDING = 0;
        static final int RAN = 1;
        static final int REJECTED = 2;
        final AtomicInteger state = new AtomicInteger(PENDING);
        final AtomicInteger violations;

        Probe(AtomicInteger violations) {
            this.violations = violations;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(PENDING, RAN)) {
                violations.incrementAndGet();
            }
        }

        @Override
        public void reject() {
            if (!state.compareAndSet(PENDING, REJECTED)) {
                violations.incrementAndGet();
            }
        }
    }

    private static ExecutorSettings settings(WorkerPool pool, int throughput, int mediaCapacity) {
        return new ExecutorSettings(pool, throughput, mediaCapacity);
    }

    // ---- ordering ----

    @Test
    void controlLaneIsFifo() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 7, 16), "fifo");
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            assertTrue(ex.execute(() -> ran.add(n)));
        }
        pool.runAll();
        assertEquals(IntStream.range(0, 100).boxed().toList(), ran);
    }

    @Test
    void mediaLaneIsFifo() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 5, 128), "fifo-media");
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            assertTrue(ex.executeMedia(() -> ran.add(n)));
        }
        pool.runAll();
        assertEquals(IntStream.range(0, 100).boxed().toList(), ran);
        assertEquals(0, ex.mediaDropped());
    }

    @Test
    void controlLaneIsDrainedBeforeMedia() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 16), "lanes", true);
        List<String> ran = new ArrayList<>();
        ex.executeMedia(() -> {
            ran.add("m1");
            ex.execute(() -> ran.add("c3")); // queued by a media task: must overtake the queued media m2
        });
        ex.executeMedia(() -> ran.add("m2"));
        ex.execute(() -> ran.add("c1"));
        ex.executeMedia(() -> ran.add("m3"));
        ex.execute(() -> ran.add("c2"));
        assertEquals(0, pool.submissions.get(), "a held executor must not submit");
        ex.release();
        pool.runAll();
        assertEquals(List.of("c1", "c2", "m1", "c3", "m2", "m3"), ran);
    }

    // ---- media lane: bounded, drop oldest ----

    @Test
    void fullMediaLaneDropsOldestAndCountsExactly() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 4), "drop", true);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            assertTrue(ex.executeMedia(() -> ran.add(n)), "a full media lane still accepts the newest frame");
        }
        assertEquals(6, ex.mediaDropped());
        ex.execute(() -> ran.add(-1)); // control is never dropped, whatever the media backlog
        ex.release();
        pool.runAll();
        assertEquals(List.of(-1, 6, 7, 8, 9), ran);
        assertEquals(6, ex.mediaDropped());

        // The counter keeps counting across batches.
        ran.clear();
        for (int i = 0; i < 5; i++) {
            int n = i;
            ex.executeMedia(() -> ran.add(n));
        }
        pool.runAll();
        assertEquals(List.of(1, 2, 3, 4), ran);
        assertEquals(7, ex.mediaDropped());
    }

    @Test
    void mediaLaneHoldsExactlyTheConfiguredCapacity() {
        assertThrows(IllegalArgumentException.class, () -> settings(new ManualPool(), 32, 1));
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 2), "drop2", true);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            ex.executeMedia(() -> ran.add(n));
        }
        ex.release();
        pool.runAll();
        assertEquals(List.of(8, 9), ran);
        assertEquals(8, ex.mediaDropped());

        SerialExecutor three = new SerialExecutor(settings(pool, 32, 2), "drop3", true);
        three.setMediaCapacity(3); // a bridge of three members sizes its lane so, not to a power of two
        ran.clear();
        for (int i = 0; i < 10; i++) {
            int n = i;
            three.executeMedia(() -> ran.add(n));
        }
        three.release();
        pool.runAll();
        assertEquals(List.of(7, 8, 9), ran);
        assertEquals(7, three.mediaDropped());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void concurrentMediaProducersAccountForEveryFrame() throws Exception {
        // Every media task either runs once or is counted as dropped; none is lost or run twice.
        ForkJoinWorkerPool fj = new ForkJoinWorkerPool(2);
        try {
            SerialExecutor ex = new SerialExecutor(settings(fj, 16, 8), "media-race");
            int producers = 3;
            int perProducer = 200_000;
            AtomicLong ran = new AtomicLong();
            AtomicInteger violations = new AtomicInteger();
            boolean[][] seen = new boolean[producers][perProducer];
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int pp = p;
                threads[p] = new Thread(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        int n = i;
                        ex.executeMedia(() -> {
                            if (seen[pp][n]) {
                                violations.incrementAndGet();
                            }
                            seen[pp][n] = true;
                            ran.incrementAndGet();
                        });
                    }
                });
                threads[p].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            long total = (long) producers * perProducer;
            CountDownLatch idle = new CountDownLatch(1);
            ex.execute(idle::countDown); // control runs first, so poll until the media lane is drained as well
            assertTrue(idle.await(20, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ran.get() + ex.mediaDropped() != total && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(total, ran.get() + ex.mediaDropped(), "ran=" + ran.get() + " dropped=" + ex.mediaDropped());
            assertEquals(0, violations.get(), "a media task ran twice");
        } finally {
            fj.shutdown();
        }
    }

    // ---- batching ----

    @Test
    void aBurstCostsOnePoolSubmission() {
        ManualPool manual = new ManualPool();
        CountingPool pool = new CountingPool(manual);
        SerialExecutor ex = new SerialExecutor(settings(pool, 64, 64), "burst");
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 64; i++) {
            ex.execute(ran::incrementAndGet);
        }
        for (int i = 0; i < 20; i++) {
            ex.executeMedia(ran::incrementAndGet);
        }
        assertEquals(1, pool.submissions.get(), "only the producer that wins the idle->scheduled CAS submits");
        manual.runAll();
        assertEquals(84, ran.get());
        assertEquals(2, pool.submissions.get(), "64 control + 20 media with throughput 64: two batches");

        // An idle executor costs nothing: no further submission until new work arrives.
        assertEquals(0, manual.queued());
        ex.execute(ran::incrementAndGet);
        assertEquals(3, pool.submissions.get());
        manual.runAll();
        assertEquals(85, ran.get());
    }

    @Test
    void aBatchYieldsAfterThroughputTasksAndResubmits() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 10, 16), "yield");
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 35; i++) {
            ex.execute(ran::incrementAndGet);
        }
        assertEquals(1, pool.submissions.get());
        assertTrue(pool.runOne());
        assertEquals(10, ran.get(), "one batch runs at most `throughput` tasks");
        assertEquals(2, pool.submissions.get(), "a batch that leaves work behind resubmits its executor");
        pool.runAll();
        assertEquals(35, ran.get());
        assertEquals(4, pool.submissions.get(), "ceil(35 / 10) batches, and no submission once idle");
    }

    @Test
    void heldExecutorQueuesUntilReleased() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 16), "held", true);
        AtomicInteger ran = new AtomicInteger();
        ex.execute(ran::incrementAndGet);
        ex.execute(ran::incrementAndGet);
        assertEquals(0, pool.submissions.get());
        ex.release();
        assertEquals(1, pool.submissions.get());
        pool.runAll();
        assertEquals(2, ran.get());

        SerialExecutor empty = new SerialExecutor(settings(pool, 32, 16), "held-empty", true);
        empty.release();
        assertEquals(1, pool.submissions.get(), "releasing an executor with nothing queued submits nothing");
        empty.execute(ran::incrementAndGet);
        assertEquals(2, pool.submissions.get());
        pool.runAll();
        assertEquals(3, ran.get());
    }

    // ---- no lost wake-up, serial execution (real threads) ----

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void floodFromManyProducersRunsEveryTaskOnceInPerProducerOrder() throws Exception {
        ForkJoinWorkerPool fj = new ForkJoinWorkerPool(2);
        try {
            SerialExecutor ex = new SerialExecutor(settings(fj, 8, 16), "flood");
            int producers = 4;
            int perProducer = 500_000;
            int[] last = new int[producers];
            java.util.Arrays.fill(last, -1);
            AtomicInteger active = new AtomicInteger();
            AtomicInteger violations = new AtomicInteger();
            AtomicLong ran = new AtomicLong();
            long total = (long) producers * perProducer;
            CountDownLatch done = new CountDownLatch(1);
            CyclicBarrier start = new CyclicBarrier(producers);
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int pp = p;
                threads[p] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                    for (int i = 0; i < perProducer; i++) {
                        int seq = i;
                        ex.execute(() -> {
                            if (active.getAndIncrement() != 0) {
                                violations.incrementAndGet(); // two tasks of one executor at once
                            }
                            if (last[pp] != seq - 1) {
                                violations.incrementAndGet(); // lost, duplicated or reordered
                            }
                            last[pp] = seq;
                            active.decrementAndGet();
                            if (ran.incrementAndGet() == total) {
                                done.countDown();
                            }
                        });
                        if ((i & 1023) == 0) {
                            Thread.yield(); // let the executor go idle now and then: idle transitions lose wake-ups
                        }
                    }
                }, "producer-" + p);
                threads[p].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "lost wake-up: ran " + ran.get() + " of " + total);
            assertEquals(0, violations.get());
            for (int p = 0; p < producers; p++) {
                assertEquals(perProducer - 1, last[p]);
            }
        } finally {
            fj.shutdown();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shortBurstsFromRacingProducersNeverStrandATask() throws Exception {
        // Every round ends with the executor idle, so every round exercises the idle -> scheduled hand-off; a lost
        // wake-up shows up as a round that never completes.
        ForkJoinWorkerPool fj = new ForkJoinWorkerPool(2);
        int producers = 3;
        int perRound = 4;
        int rounds = 5_000;
        try {
            SerialExecutor ex = new SerialExecutor(settings(fj, 2, 16), "bursts");
            AtomicReference<CountDownLatch> roundDone = new AtomicReference<>();
            AtomicInteger remaining = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(producers + 1);
            CyclicBarrier end = new CyclicBarrier(producers + 1);
            AtomicBoolean stop = new AtomicBoolean();
            Runnable task = () -> {
                if (remaining.decrementAndGet() == 0) {
                    roundDone.get().countDown();
                }
            };
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                threads[p] = new Thread(() -> {
                    try {
                        while (true) {
                            start.await();
                            if (stop.get()) {
                                return;
                            }
                            for (int i = 0; i < perRound; i++) {
                                ex.execute(task);
                            }
                            end.await();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                threads[p].setDaemon(true);
                threads[p].start();
            }
            for (int r = 0; r < rounds; r++) {
                CountDownLatch latch = new CountDownLatch(1);
                roundDone.set(latch);
                remaining.set(producers * perRound);
                start.await(10, TimeUnit.SECONDS);
                end.await(10, TimeUnit.SECONDS);
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    fail("round " + r + ": " + remaining.get() + " task(s) never ran (lost wake-up)");
                }
            }
            stop.set(true);
            start.await(10, TimeUnit.SECONDS);
        } finally {
            fj.shutdown();
        }
    }

    // ---- inExecutor ----

    @Test
    void inExecutorIsTrueOnlyInsideItsOwnTask() throws Exception {
        ManualPool pool = new ManualPool();
        SerialExecutor a = new SerialExecutor(settings(pool, 32, 16), "a");
        SerialExecutor b = new SerialExecutor(settings(pool, 32, 16), "b");
        List<String> seen = new ArrayList<>();
        assertFalse(a.inExecutor());
        a.execute(() -> {
            seen.add("a.in=" + a.inExecutor());
            seen.add("b.in=" + b.inExecutor());
            AtomicBoolean other = new AtomicBoolean(true);
            Thread t = new Thread(() -> other.set(a.inExecutor()));
            t.start();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            seen.add("other-thread.in=" + other.get());
            seen.add("current=" + (WorkerSlot.currentExecutor() == a));
        });
        b.execute(() -> seen.add("in b: a.in=" + a.inExecutor() + " b.in=" + b.inExecutor()));
        pool.runAll();
        assertEquals(List.of("a.in=true", "b.in=false", "other-thread.in=false", "current=true",
                "in b: a.in=false b.in=true"), seen);
        assertFalse(a.inExecutor(), "false again after the batch");
        assertFalse(b.inExecutor());
        assertEquals(null, WorkerSlot.currentExecutor());
    }

    @Test
    void inExecutorIsResetAfterAThrowingTask() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 1, 16), "reset");
        ex.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        pool.runAll();
        assertFalse(ex.inExecutor());
        assertEquals(null, WorkerSlot.currentExecutor());
    }

    // ---- close ----

    @Test
    void afterCloseExecuteReturnsFalseAndNothingRuns() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 16), "closed");
        ex.close();
        assertTrue(ex.isClosed());
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        Probe p = new Probe(violations);
        assertFalse(ex.execute(p));
        assertFalse(ex.executeMedia(ran::incrementAndGet));
        pool.runAll();
        assertEquals(Probe.PENDING, p.state.get(), "a refused task is neither run nor rejected: the caller was told");
        assertEquals(0, ran.get());
        ex.close(); // idempotent
        assertTrue(ex.isClosed());
    }

    @Test
    void tasksQueuedBeforeCloseAreRejectedNotRun() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 2, 16), "close-queued", true);
        AtomicInteger violations = new AtomicInteger();
        List<Probe> probes = new ArrayList<>();
        AtomicInteger plainRan = new AtomicInteger();
        AtomicInteger mediaRan = new AtomicInteger();
        for (int i = 0; i < 7; i++) {
            Probe p = new Probe(violations);
            probes.add(p);
            assertTrue(ex.execute(p));
            ex.execute(plainRan::incrementAndGet);
            ex.executeMedia(mediaRan::incrementAndGet);
        }
        ex.close();
        ex.release();
        pool.runAll();
        for (Probe p : probes) {
            assertEquals(Probe.REJECTED, p.state.get());
        }
        assertEquals(0, plainRan.get(), "a non-Rejectable task queued before close is discarded, not run");
        assertEquals(0, mediaRan.get());
        assertEquals(0, violations.get());
    }

    @Test
    void closingFromInsideATaskRejectsTheRestOfTheQueue() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 16), "close-inside");
        AtomicInteger violations = new AtomicInteger();
        List<String> log = new ArrayList<>();
        ex.execute(() -> {
            log.add("first");
            ex.close();
            log.add("first continues after close");
        });
        Probe second = new Probe(violations);
        Probe third = new Probe(violations);
        ex.execute(second);
        ex.execute(third);
        pool.runAll();
        assertEquals(List.of("first", "first continues after close"), log);
        assertEquals(Probe.REJECTED, second.state.get());
        assertEquals(Probe.REJECTED, third.state.get());
        assertEquals(0, violations.get());
    }

    @Test
    void aThrowingRejectDoesNotStopTheDrain() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 16), "reject-throws", true);
        AtomicInteger violations = new AtomicInteger();
        class Bad implements Runnable, Rejectable {
            @Override
            public void run() {
                violations.incrementAndGet();
            }

            @Override
            public void reject() {
                throw new IllegalStateException("reject threw (expected by the test)");
            }
        }
        ex.execute(new Bad());
        Probe after = new Probe(violations);
        ex.execute(after);
        ex.close();
        ex.release();
        pool.runAll();
        assertEquals(Probe.REJECTED, after.state.get());
        assertEquals(0, violations.get());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void producersRacingCloseNeverLoseARejectableTask() throws Exception {
        ForkJoinWorkerPool fj = new ForkJoinWorkerPool(2);
        int producers = 3;
        try {
            for (int round = 0; round < 300; round++) {
                SerialExecutor ex = new SerialExecutor(settings(fj, 4, 16), "close-race-" + round);
                AtomicInteger violations = new AtomicInteger();
                List<List<Probe>> accepted = new ArrayList<>();
                CyclicBarrier start = new CyclicBarrier(producers + 1);
                Thread[] threads = new Thread[producers];
                int closeAfter = 200 + (round % 7) * 100;
                for (int p = 0; p < producers; p++) {
                    List<Probe> mine = new ArrayList<>();
                    accepted.add(mine);
                    threads[p] = new Thread(() -> {
                        try {
                            start.await();
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                        for (int i = 0; i < 2_000; i++) {
                            Probe probe = new Probe(violations);
                            if (ex.execute(probe)) {
                                mine.add(probe);
                            } else {
                                if (probe.state.get() != Probe.PENDING) {
                                    violations.incrementAndGet();
                                }
                                break; // closed: every later execute must fail too
                            }
                        }
                    });
                    threads[p].start();
                }
                start.await();
                for (int i = 0; i < closeAfter; i++) {
                    Thread.onSpinWait();
                }
                ex.close();
                for (Thread t : threads) {
                    t.join();
                }
                assertFalse(ex.execute(new Probe(violations)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                for (List<Probe> mine : accepted) {
                    for (Probe probe : mine) {
                        while (probe.state.get() == Probe.PENDING) {
                            if (System.nanoTime() > deadline) {
                                fail("round " + round + ": an accepted task was neither run nor rejected");
                            }
                            Thread.onSpinWait();
                        }
                    }
                }
                assertEquals(0, violations.get(), "round " + round);
            }
        } finally {
            fj.shutdown();
        }
    }

    // ---- a pool that refuses ----

    @Test
    void aRefusingPoolRejectsQueuedTasks() {
        RefusingPool pool = new RefusingPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 16), "refused", true);
        AtomicInteger violations = new AtomicInteger();
        List<Probe> probes = new ArrayList<>();
        AtomicInteger mediaRan = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            Probe p = new Probe(violations);
            probes.add(p);
            ex.execute(p);
            ex.executeMedia(mediaRan::incrementAndGet);
        }
        ex.release();
        assertEquals(1, pool.attempts.get());
        for (Probe p : probes) {
            assertEquals(Probe.REJECTED, p.state.get());
        }
        assertTrue(ex.isClosed(), "an executor whose pool refused it is closed");
        assertFalse(ex.execute(new Probe(violations)));
        assertEquals(0, mediaRan.get());
        assertEquals(0, violations.get());

        // Not held: the task is queued, the pool refuses, the producer itself rejects it before returning.
        SerialExecutor ex2 = new SerialExecutor(settings(pool, 32, 16), "refused-2");
        Probe p = new Probe(violations);
        ex2.execute(p);
        assertEquals(Probe.REJECTED, p.state.get());
        assertTrue(ex2.isClosed());
        assertEquals(0, violations.get());
    }

    @Test
    void aPoolThatStartsRefusingMidwayRejectsWhatIsLeft() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 3, 16), "shutdown-midway");
        AtomicInteger violations = new AtomicInteger();
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Probe p = new Probe(violations);
            probes.add(p);
            ex.execute(p);
        }
        pool.runOne(); // first batch: 3 run; the executor resubmits itself
        pool.refuse();
        pool.runOne(); // second batch: 3 run; its resubmission is refused, so the last 4 are rejected
        assertEquals(0, pool.queued());
        long ranCount = probes.stream().filter(p -> p.state.get() == Probe.RAN).count();
        long rejectedCount = probes.stream().filter(p -> p.state.get() == Probe.REJECTED).count();
        assertEquals(6, ranCount);
        assertEquals(4, rejectedCount);
        for (int i = 0; i < 6; i++) {
            assertEquals(Probe.RAN, probes.get(i).state.get(), "FIFO: the oldest ran");
        }
        assertEquals(0, violations.get());
    }

    // ---- faults ----

    @Test
    void aThrowingTaskDoesNotKillTheExecutor() {
        ManualPool pool = new ManualPool();
        SerialExecutor ex = new SerialExecutor(settings(pool, 32, 16), "throws");
        List<String> log = new ArrayList<>();
        ex.execute(() -> log.add("before"));
        ex.execute(() -> {
            throw new IllegalStateException("task failure (expected by the test)");
        });
        ex.execute(() -> {
            throw new AssertionError("an Error (expected by the test)");
        });
        ex.executeMedia(() -> {
            throw new IllegalStateException("media task failure (expected by the test)");
        });
        ex.execute(() -> log.add("after in same batch"));
        ex.executeMedia(() -> log.add("media after"));
        pool.runAll();
        assertEquals(List.of("before", "after in same batch", "media after"), log);
        ex.execute(() -> log.add("later batch"));
        pool.runAll();
        assertEquals("later batch", log.get(log.size() - 1));
        assertFalse(ex.isClosed());
    }
}
