package org.strowger.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.strowger.api.Cancellable;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.core.CoreScheduler;
import org.strowger.core.Strowger;
import org.strowger.core.WorkerPool;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/**
 * Shutdown's time limit for event subscriptions does not apply to the call-record engine's (white-box: a manual pool
 * and clock make the limit expire while the engine still has the shutdown's hang-ups queued): every record is made.
 */
class CallRecordShutdownDrainTest {
    private static final int CHANNELS = 300;

    /** A clock that moves only when the test fires its timers. */
    private static final class ManualClock implements CoreScheduler {
        private record Timer(long at, Runnable task, boolean[] cancelled) {
        }

        private final List<Timer> timers = new ArrayList<>();
        private long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long currentTimeMillis() {
            return now / 1_000_000L;
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            boolean[] cancelled = new boolean[1];
            timers.add(new Timer(now + unit.toNanos(delay), task, cancelled));
            return () -> {
                boolean was = !cancelled[0];
                cancelled[0] = true;
                return was;
            };
        }

        boolean pending() {
            return timers.stream().anyMatch(t -> !t.cancelled()[0]);
        }

        /** Moves the clock to the earliest timer and fires it. */
        void fireNext() {
            Timer next = timers.stream().min((x, y) -> Long.compare(x.at(), y.at())).orElseThrow();
            timers.remove(next);
            now = Math.max(now, next.at());
            if (!next.cancelled()[0]) {
                next.task().run();
            }
        }

        @Override
        public void shutdown() {
        }
    }

    /** A FIFO pool that can keep the call-record engine's runs aside, as a starved pool would. */
    private static final class StarvingPool implements WorkerPool {
        private final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();
        private final List<Runnable> held = new ArrayList<>();
        boolean starveEngine;

        @Override
        public void execute(Runnable task) {
            if (starveEngine && task.toString().contains("subscription call-records")) {
                held.add(task);
            } else {
                tasks.add(task);
            }
        }

        @Override
        public void shutdown() {
        }

        int held() {
            return held.size();
        }

        void release() {
            starveEngine = false;
            tasks.addAll(held);
            held.clear();
        }

        void runAll() {
            for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) {
                r.run();
            }
        }
    }

    private static final class SilentTech implements ChannelTech {
        @Override
        public String name() {
            return "Fake";
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            return new TechChannel() {
                @Override
                public void answer() { // outbound only
                }

                @Override
                public void hangup(HangupCause cause) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void theEngineDrainsEverythingEvenPastTheSubscriptionsDeadline() {
        StarvingPool pool = new StarvingPool();
        ManualClock clock = new ManualClock();
        Queue<CallRecord> records = new ConcurrentLinkedQueue<>();
        ChannelCore core = Strowger.builder().pool(pool).scheduler(clock).stallBudget(java.time.Duration.ZERO)
                .tech(new SilentTech()).callRecordSink(records::add, CallRecordSinkOptions.defaults().onPool()).build();
        for (int i = 0; i < CHANNELS; i++) {
            core.request(OutboundRequest.of("Fake", "r" + i));
        }
        pool.runAll();
        pool.starveEngine = true;
        CompletableFuture<Void> terminated = core.shutdown().toCompletableFuture();
        pool.runAll();
        assertTrue(pool.held() > 0 && core.metrics().callRecords().eventsQueued() > 0,
                "the engine is not behind when the subscriptions' drain starts");
        for (int rounds = 0; !terminated.isDone() && rounds < 1000; rounds++) {
            if (clock.pending()) {
                clock.fireNext(); // every time limit expires before the pool gets to the engine
            } else {
                pool.release();
            }
            pool.runAll();
        }
        assertTrue(terminated.isDone(), "shutdown did not complete");
        assertEquals(CHANNELS, records.size(), "a record per channel, none lost to the deadline");
    }
}
