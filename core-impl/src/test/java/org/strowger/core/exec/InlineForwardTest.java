package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.ChannelId;
import org.strowger.core.exec.TestPools.ManualPool;

/**
 * SerialExecutor.executeMediaInline: a forward runs at once when its target is idle, and is queued otherwise. (The
 * MDC during a nested run is checked in the test kit's MdcTest, which has a capturing slf4j provider.)
 */
class InlineForwardTest {
    private final ManualPool pool = new ManualPool();
    private final SerialExecutor a = new SerialExecutor(new ExecutorSettings(pool, 32, 16), ChannelId.of("a"));
    private final SerialExecutor b = new SerialExecutor(new ExecutorSettings(pool, 32, 16), ChannelId.of("b"));

    @Test
    void runsAtOnceAsTheTargetsBatchWhenTheTargetIsIdle() {
        List<String> seen = new ArrayList<>();
        a.execute(() -> {
            seen.add("a before: a=" + a.inExecutor() + " b=" + b.inExecutor());
            assertTrue(b.executeMediaInline(() -> seen.add("b: a=" + a.inExecutor() + " b=" + b.inExecutor()
                    + " current=" + WorkerSlot.currentExecutor().label())));
            seen.add("a after: a=" + a.inExecutor() + " b=" + b.inExecutor());
        });
        pool.runAll();
        assertEquals(List.of("a before: a=true b=false", "b: a=false b=true current=b", "a after: a=true b=false"),
                seen);
        assertEquals(1, pool.submissions.get(), "b ran without a pool submission");
    }

    @Test
    void isQueuedBehindWhatTheTargetHasQueuedSoOrderIsKept() {
        List<String> seen = new ArrayList<>();
        b.execute(() -> seen.add("b control"));
        a.execute(() -> assertTrue(b.executeMediaInline(() -> seen.add("b media"))));
        pool.runAll();
        assertEquals(List.of("b control", "b media"), seen);
    }

    @Test
    void fromOutsideAnyBatchOrInsideANestedOneItIsQueued() {
        List<String> seen = new ArrayList<>();
        SerialExecutor c = new SerialExecutor(new ExecutorSettings(pool, 32, 16), ChannelId.of("c"));
        assertTrue(b.executeMediaInline(() -> seen.add("b from outside")));
        assertEquals(List.of(), seen, "not run on a thread that runs no batch");
        pool.runAll();
        a.execute(() -> b.executeMediaInline(() -> {
            c.executeMediaInline(() -> seen.add("c: on its own batch=" + (WorkerSlot.currentExecutor() == c)));
            seen.add("b nested; c ran=" + seen.stream().anyMatch(x -> x.startsWith("c")));
        }));
        pool.runAll();
        assertEquals(List.of("b from outside", "b nested; c ran=false", "c: on its own batch=true"), seen);
    }

    @Test
    void fromAThreadThatNeverRanABatchItIsQueued() throws Exception {
        List<String> seen = new ArrayList<>();
        Thread fresh = new Thread(() -> assertTrue(b.executeMediaInline(() -> seen.add("b"))));
        fresh.start();
        fresh.join();
        assertEquals(List.of(), seen, "not run on a thread that has no worker slot");
        pool.runAll();
        assertEquals(List.of("b"), seen);
    }

    @Test
    void aClosedTargetRejectsAndStaysClosed() {
        b.close();
        pool.runAll();
        AtomicInteger ran = new AtomicInteger();
        a.execute(() -> assertFalse(b.executeMediaInline(ran::incrementAndGet)));
        pool.runAll();
        assertEquals(0, ran.get());
        assertTrue(b.isClosed());
        assertFalse(b.execute(ran::incrementAndGet));
    }

    /**
     * Real threads: many executors forward into one target while other threads queue control tasks on it. The
     * target's tasks never overlap, and each forwarder's media arrives in the order it was sent.
     */
    @Test
    @Timeout(60)
    void realThreadsNeverRunTheTargetTwiceAtOnceAndKeepEachSendersOrder() throws Exception {
        ForkJoinWorkerPool fj = new ForkJoinWorkerPool(2);
        try {
            ExecutorSettings s = new ExecutorSettings(fj, 32, 1 << 20);
            SerialExecutor target = new SerialExecutor(s, ChannelId.of("target"));
            int senders = 8;
            int frames = 20_000;
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger outOfOrder = new AtomicInteger();
            int[] last = new int[senders];
            AtomicInteger received = new AtomicInteger();
            AtomicInteger controls = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            List<SerialExecutor> from = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                from.add(new SerialExecutor(s, ChannelId.of("sender" + i)));
            }
            Runnable guarded = () -> {
                if (inside.incrementAndGet() != 1 || !target.inExecutor()) {
                    overlaps.incrementAndGet();
                }
                inside.decrementAndGet();
            };
            Thread control = new Thread(() -> {
                while (done.getCount() > 0) {
                    target.execute(() -> {
                        guarded.run();
                        controls.incrementAndGet();
                    });
                    Thread.onSpinWait();
                }
            });
            control.start();
            for (int n = 0; n < frames; n++) {
                for (int i = 0; i < senders; i++) {
                    int sender = i;
                    int seq = n;
                    from.get(i).execute(() -> target.executeMediaInline(() -> {
                        guarded.run();
                        if (last[sender] != seq) { // the target's tasks are serial: plain reads are safe
                            outOfOrder.incrementAndGet();
                        }
                        last[sender] = seq + 1;
                        if (received.incrementAndGet() == senders * frames) {
                            done.countDown();
                        }
                    }));
                }
            }
            assertTrue(done.await(50, TimeUnit.SECONDS), "received " + received.get());
            control.join();
            assertEquals(0, overlaps.get(), "the target ran two tasks at once, or off its executor");
            assertEquals(0, outOfOrder.get(), "a sender's media was reordered");
            assertTrue(controls.get() > 0);
        } finally {
            fj.shutdown();
        }
    }
}
