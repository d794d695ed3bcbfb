package org.strowger.core.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.strowger.api.Cancellable;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.InvalidArgumentException;
import org.strowger.core.CoreScheduler;
import org.strowger.core.event.EventBus;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.exec.HandClock;
import org.strowger.core.exec.TestPools;
import org.strowger.core.runtime.CoreRuntime;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechExecutor;

/**
 * Tech executors (TechContext.newExecutor) white-box, on a pool and a timer the test runs by hand: serial order per
 * executor, faults contained and counted, timers, and the close at unregister and shutdown (what is queued runs, then
 * nothing; pending timers never fire; the tech is told to stop only once its executors are idle).
 */
class TechExecutorTest {
    private final TestPools.ManualPool pool = new TestPools.ManualPool();
    private final HandClock clock = new HandClock();
    private final Home home = new Home(clock);
    private final TechRegistration reg = new TechRegistration(home, new Nothing(), "Fake");

    /** What a registration needs of its core; records when the core is told the drain is over. */
    private final class Home implements ChannelHome {
        final Queue<String> log = new ConcurrentLinkedQueue<>();
        final CoreRuntime rt;

        Home(CoreScheduler scheduler) {
            rt = new CoreRuntime(new ExecutorSettings(pool, 4, 8), scheduler, new EventBus(), new LongAdder(),
                    org.strowger.core.media.translate.Codecs.builtIn(), org.strowger.api.media.MediaSource.silence(java.time.Duration.ofSeconds(1)));
        }

        @Override
        public CoreRuntime runtime() {
            return rt;
        }

        @Override
        public ChannelCore core() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void destroyed(ChannelImpl channel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChannelSink announceInbound(TechRegistration tech, InboundCall call,
                Function<ChannelSink, TechChannel> factory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void techDrained(TechRegistration tech) {
            log.add("drained");
        }
    }

    private static final class Nothing implements ChannelTech {
        @Override
        public String name() {
            return "Fake";
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void tasksRunOneAtATimeInOrderOnTheirOwnExecutorAcrossManyExecutors() {
        int executors = 20;
        int tasks = 50;
        List<TechExecutor> all = new ArrayList<>();
        List<List<Integer>> ran = new ArrayList<>();
        AtomicBoolean offExecutor = new AtomicBoolean();
        for (int e = 0; e < executors; e++) {
            all.add(reg.newExecutor("dialog " + e));
            ran.add(new ArrayList<>());
        }
        for (int i = 0; i < tasks; i++) {
            for (int e = 0; e < executors; e++) {
                TechExecutor x = all.get(e);
                TechExecutor other = all.get((e + 1) % executors);
                List<Integer> mine = ran.get(e);
                int n = i;
                assertTrue(x.execute(() -> {
                    if (!x.inExecutor() || other.inExecutor()) {
                        offExecutor.set(true);
                    }
                    mine.add(n);
                }));
            }
        }
        assertFalse(all.get(0).inExecutor(), "the test thread is no executor's");
        pool.runAll();
        assertFalse(offExecutor.get(), "a task ran off its executor, or on another's");
        for (List<Integer> mine : ran) {
            assertEquals(java.util.stream.IntStream.range(0, tasks).boxed().toList(), mine);
        }
        assertEquals("tech Fake dialog 0", all.get(0).toString());
    }

    @Test
    void untrustedLabelTextIsEscaped() {
        assertEquals("tech Fake a\\nb\\u202e", reg.newExecutor("a\nb\u202e").toString());
    }

    @Test
    void aTaskThatThrowsIsCountedAndTheExecutorGoesOn() {
        TechExecutor x = reg.newExecutor("dialog");
        List<String> ran = new ArrayList<>();
        x.execute(() -> ran.add("first"));
        x.execute(() -> {
            throw new IllegalStateException("boom");
        });
        x.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("boom from a timer");
        });
        x.execute(() -> ran.add("after the fault"));
        pool.runAll();
        clock.runNext();
        x.execute(() -> ran.add("after the timer's fault"));
        pool.runAll();
        assertEquals(List.of("first", "after the fault", "after the timer's fault"), ran);
        assertEquals(2, home.rt.faults().sum());
    }

    @Test
    void aTimerRunsOnItsExecutorOnceAndCancelStopsIt() {
        TechExecutor x = reg.newExecutor("registration");
        List<String> ran = new ArrayList<>();
        Cancellable fires = x.schedule(Duration.ofSeconds(30), () -> ran.add("fired on executor=" + x.inExecutor()));
        Cancellable cancelled = x.schedule(Duration.ofSeconds(30), () -> ran.add("cancelled"));
        assertTrue(cancelled.cancel());
        assertFalse(cancelled.cancel(), "cancel is true once");
        assertEquals(1, clock.pending(), "cancel takes the timer off the scheduler");
        clock.runNext();
        assertEquals(List.of(), ran, "the firing only posts to the executor");
        pool.runAll();
        assertEquals(List.of("fired on executor=true"), ran);
        assertFalse(fires.cancel(), "cancel after the task ran");
    }

    @Test
    void badArgumentsAreRefusedAndQueueNothing() {
        TechExecutor x = reg.newExecutor("dialog");
        assertThrows(InvalidArgumentException.class, () -> x.execute(null));
        assertThrows(InvalidArgumentException.class, () -> x.schedule(null, () -> { }));
        assertThrows(InvalidArgumentException.class, () -> x.schedule(Duration.ofMillis(-1), () -> { }));
        assertThrows(InvalidArgumentException.class, () -> x.schedule(Duration.ofHours(24).plusNanos(1), () -> { }));
        assertThrows(InvalidArgumentException.class, () -> x.schedule(Duration.ZERO, null));
        assertThrows(InvalidArgumentException.class, () -> reg.newExecutor(null));
        assertThrows(InvalidArgumentException.class, () -> reg.newExecutor(""));
        assertEquals(0, pool.queued());
        assertEquals(0, clock.pending());
        x.schedule(Duration.ofHours(24), () -> { }).cancel();
    }

    @Test
    void executorsWorkWhileTheChannelsDrainAndNewOnesAreRefusedFromTheStart() {
        TechExecutor x = reg.newExecutor("dialog");
        assertTrue(reg.acquire()); // a live channel holds the drain open
        assertTrue(reg.beginDrain());
        CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> reg.newExecutor("late"));
        assertEquals(CommandRejectedException.Reason.UNKNOWN_TECH, e.reason());
        List<String> ran = new ArrayList<>();
        assertTrue(x.execute(() -> ran.add("while a channel hangs up")), "the tech's executors serve its hang-ups");
        pool.runAll();
        assertEquals(List.of("while a channel hangs up"), ran);
        assertEquals(List.of(), List.copyOf(home.log));
        reg.release(); // the last channel is destroyed: the executors close, and idle at once
        assertEquals(List.of("drained"), List.copyOf(home.log));
        assertFalse(x.execute(() -> ran.add("after the close")));
        pool.runAll();
        assertEquals(1, ran.size());
    }

    @Test
    void theCloseRunsWhatIsQueuedThenRefusesAndOnlyThenTellsTheCore() {
        TechExecutor a = reg.newExecutor("a");
        TechExecutor b = reg.newExecutor("b");
        Queue<String> ran = home.log; // one log: the tasks and the core's "drained", in order
        assertTrue(a.execute(() -> ran.add("a1")));
        assertTrue(b.execute(() -> {
            ran.add("b1");
            ran.add("b queues during the close: " + b.execute(() -> ran.add("never"))
                    + ", schedules: " + (b.schedule(Duration.ZERO, () -> ran.add("never")) != null));
        }));
        assertTrue(a.execute(() -> ran.add("a2")));
        assertTrue(reg.beginDrain()); // no channel: the executors close at once, holding what is queued
        assertEquals(List.of(), List.copyOf(ran), "told the core before the queued tasks ran");
        assertFalse(a.execute(() -> ran.add("never")));
        Cancellable late = a.schedule(Duration.ZERO, () -> ran.add("never"));
        assertFalse(late.cancel(), "a timer scheduled on a closed executor is not pending");
        assertEquals(0, clock.pending());
        pool.runAll();
        List<String> order = List.copyOf(ran);
        assertEquals(5, order.size(), order.toString());
        assertEquals("drained", order.get(4), "the core heard of the drain before a queued task ran: " + order);
        assertTrue(order.indexOf("a1") < order.indexOf("a2"), order.toString());
        assertTrue(order.contains("b queues during the close: false, schedules: true"), order.toString());
        assertFalse(order.contains("never"), order.toString());
    }

    @Test
    void aTimerPendingAtTheCloseNeverFires() {
        TechExecutor x = reg.newExecutor("registration");
        AtomicInteger fired = new AtomicInteger();
        Cancellable t = x.schedule(Duration.ofSeconds(5), fired::incrementAndGet);
        assertEquals(1, clock.pending());
        assertTrue(reg.beginDrain());
        assertEquals(0, clock.pending(), "the close takes the timer off the core's scheduler");
        assertFalse(t.cancel(), "no longer pending");
        pool.runAll();
        assertEquals(0, fired.get());
        assertEquals(List.of("drained"), List.copyOf(home.log));
    }

    @Test
    void aFiringAlreadyOnItsWayWhenTheCloseBeginsIsRefused() {
        LateClock late = new LateClock();
        TechRegistration r = new TechRegistration(new Home(late), new Nothing(), "Fake");
        TechExecutor x = r.newExecutor("transaction");
        AtomicInteger fired = new AtomicInteger();
        x.schedule(Duration.ofMillis(500), fired::incrementAndGet);
        assertTrue(r.beginDrain());
        late.fireAll(); // the scheduler's thread had taken the timer before the close cancelled it
        pool.runAll();
        assertEquals(0, fired.get());
        assertEquals(0, pool.queued());
    }

    @Test
    void aTaskRunningWhenTheChannelsAreGoneHoldsTheStopUntilItReturns() {
        TechExecutor x = reg.newExecutor("dialog");
        assertTrue(reg.acquire());
        List<String> seen = new ArrayList<>();
        x.execute(() -> {
            reg.release(); // the last channel goes while this task runs (as if on another thread)
            seen.add("core told of the drain while the task ran: " + home.log.contains("drained"));
        });
        assertTrue(reg.beginDrain());
        pool.runAll();
        assertEquals(List.of("core told of the drain while the task ran: false"), seen);
        assertEquals(List.of("drained"), List.copyOf(home.log));
    }

    @Test
    void atShutdownTheExecutorsAreDrainedBeforeTheTechIsStopped() {
        TechExecutor x = reg.newExecutor("dialog");
        Queue<String> log = new ConcurrentLinkedQueue<>();
        x.execute(() -> log.add("queued before the shutdown"));
        x.schedule(Duration.ofSeconds(1), () -> log.add("never"));
        assertTrue(reg.stopAtShutdown());
        CommandRejectedException e = assertThrows(CommandRejectedException.class, () -> reg.newExecutor("late"));
        assertEquals(CommandRejectedException.Reason.UNKNOWN_TECH, e.reason());
        reg.closeExecutors(() -> log.add("stop"));
        assertFalse(x.execute(() -> log.add("never")));
        assertEquals(List.of(), List.copyOf(log));
        pool.runAll();
        assertEquals(List.of("queued before the shutdown", "stop"), List.copyOf(log));
        assertEquals(0, clock.pending());
    }

    @Test
    void anExecutorTheTechLetsGoOfIsGarbage() throws InterruptedException {
        TechExecutor x = reg.newExecutor("one transaction");
        x.execute(() -> { });
        x.schedule(Duration.ofSeconds(1), () -> { }).cancel();
        pool.runAll();
        WeakReference<TechExecutor> ref = new WeakReference<>(x);
        x = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertNull(ref.get(), "the core keeps an idle executor the tech dropped");
        assertTrue(reg.beginDrain());
        assertEquals(List.of("drained"), List.copyOf(home.log));
    }

    /** A scheduler whose firings happen only when the test says, cancelled or not (a firing already on its way). */
    private static final class LateClock implements CoreScheduler {
        private final Queue<Runnable> timers = new ConcurrentLinkedQueue<>();

        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public long currentTimeMillis() {
            return 0;
        }

        @Override
        public CoreScheduler.Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            timers.add(task);
            return () -> true;
        }

        @Override
        public void shutdown() {
        }

        void fireAll() {
            for (Runnable r; (r = timers.poll()) != null; ) {
                r.run();
            }
        }
    }
}
