package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.OutboundRequest;
import org.strowger.core.StallReport;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;
import org.strowger.spi.TechExecutor;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Tech executors ({@link TechContext#newExecutor}) through the whole core, on the simulation (many seeds, virtual
 * time) and on real threads: order per executor, faults contained and counted, timers on the core's clock, the stall
 * watchdog naming a stuck executor, and the close at unregister and at shutdown: after the tech's channels and
 * before {@code stop()}, what was queued runs, then nothing; pending timers never fire; {@code stop()} only once
 * every executor is idle.
 */
class TechExecutorLifecycleTest {
    /**
     * A tech whose every channel has a dialog on a tech executor: its hang-up queues the BYE there, as a SIP tech
     * would. Logs the BYEs, the tasks the test queues and stop, in the order they happen.
     */
    static final class DialogTech implements ChannelTech {
        final Queue<String> log = new ConcurrentLinkedQueue<>();
        final AtomicInteger stops = new AtomicInteger();
        volatile TechContext context;
        volatile TechExecutor dialogs;

        @Override
        public String name() {
            return "Dialogs";
        }

        @Override
        public void start(TechContext ctx) {
            context = ctx;
            dialogs = ctx.newExecutor("dialogs");
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            return new TechChannel() {
                @Override
                public void answer() {
                }

                @Override
                public void hangup(HangupCause cause) {
                    dialogs.execute(() -> log.add("BYE " + setup.resource()));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void stop() {
            log.add("stop");
            stops.incrementAndGet();
        }
    }

    @Test
    void manyExecutorsEachRunTheirTasksInOrderOnTheirOwnExecutor() {
        Seeds.forEach("tech executors keep order", 31_000, 30, seed -> {
            Simulation sim = new Simulation(seed);
            DialogTech tech = new DialogTech();
            ChannelCore core = sim.coreBuilder().tech(tech).build();
            int executors = 8;
            int perProducer = 20;
            List<TechExecutor> xs = new ArrayList<>();
            List<Queue<String>> ran = new ArrayList<>();
            AtomicBoolean wrongExecutor = new AtomicBoolean();
            for (int e = 0; e < executors; e++) {
                xs.add(tech.context.newExecutor("dialog " + e));
                ran.add(new ConcurrentLinkedQueue<>());
            }
            for (String producer : List.of("p", "q")) { // two network threads, interleaved by the seed
                sim.fork(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        for (int e = 0; e < executors; e++) {
                            TechExecutor x = xs.get(e);
                            TechExecutor next = xs.get((e + 1) % executors);
                            Queue<String> mine = ran.get(e);
                            String task = producer + i;
                            assertTrue(x.execute(() -> {
                                if (!x.inExecutor() || next.inExecutor()) {
                                    wrongExecutor.set(true);
                                }
                                mine.add(task);
                            }));
                        }
                    }
                });
            }
            sim.runAll();
            assertFalse(wrongExecutor.get());
            for (Queue<String> mine : ran) {
                for (String producer : List.of("p", "q")) {
                    List<String> seen = mine.stream().filter(s -> s.startsWith(producer)).toList();
                    assertEquals(java.util.stream.IntStream.range(0, perProducer).mapToObj(i -> producer + i).toList(),
                            seen);
                }
            }
            sim.await(core.shutdown());
        });
    }

    @Test
    void aTaskQueuedJustBeforeUnregisterRunsBeforeStopAndNothingRunsAfter() {
        Seeds.forEach("queued before unregister", 32_000, 30, seed -> {
            Simulation sim = new Simulation(seed);
            DialogTech tech = new DialogTech();
            ChannelCore core = sim.coreBuilder().tech(tech).build();
            core.request(OutboundRequest.of("Dialogs", "alice"));
            core.request(OutboundRequest.of("Dialogs", "bob"));
            sim.runAll();
            TechExecutor other = tech.context.newExecutor("registrations");
            for (int i = 0; i < 5; i++) {
                int n = i;
                assertTrue(tech.dialogs.execute(() -> tech.log.add("task " + n)));
            }
            assertTrue(other.execute(() -> tech.log.add("refresh")));
            CompletableFuture<Void> unregistered = core.unregisterTech("Dialogs").toCompletableFuture();
            CommandRejectedException e = assertThrows(CommandRejectedException.class,
                    () -> tech.context.newExecutor("late"));
            assertEquals(CommandRejectedException.Reason.UNKNOWN_TECH, e.reason());
            sim.await(unregistered);
            List<String> log = List.copyOf(tech.log);
            assertEquals("stop", log.get(log.size() - 1), log.toString());
            assertEquals(9, log.size(), "five tasks, a refresh, two BYEs queued during the drain, then stop: " + log);
            assertTrue(log.containsAll(List.of("BYE alice", "BYE bob", "refresh")), log.toString());
            assertFalse(tech.dialogs.execute(() -> tech.log.add("after stop")));
            tech.dialogs.schedule(Duration.ZERO, () -> tech.log.add("after stop"));
            sim.runFor(Duration.ofSeconds(1));
            assertEquals(9, tech.log.size(), tech.log.toString());
            assertEquals(1, tech.stops.get());
        });
    }

    @Test
    void aTimerPendingAtUnregisterNeverFiresAndOneDueBeforeRunsOnTheCoresClock() {
        Seeds.forEach("timer at unregister", 33_000, 20, seed -> {
            Simulation sim = new Simulation(seed);
            DialogTech tech = new DialogTech();
            ChannelCore core = sim.coreBuilder().tech(tech).build();
            AtomicLong firedAt = new AtomicLong(-1);
            tech.dialogs.schedule(Duration.ofSeconds(2), () -> {
                assertTrue(tech.dialogs.inExecutor());
                firedAt.set(sim.nanoTime());
            });
            Cancellable cancelled = tech.dialogs.schedule(Duration.ofSeconds(1), () -> tech.log.add("cancelled"));
            tech.dialogs.schedule(Duration.ofSeconds(30), () -> tech.log.add("pending at unregister"));
            assertTrue(cancelled.cancel());
            sim.runFor(Duration.ofSeconds(5));
            assertEquals(Duration.ofSeconds(2).toNanos(), firedAt.get(), "fires after its delay, virtual time");
            sim.await(core.unregisterTech("Dialogs"));
            sim.runFor(Duration.ofMinutes(1));
            assertEquals(List.of("stop"), List.copyOf(tech.log));
            assertEquals(0, sim.pendingTimers(), "the close took the pending timer off the core's scheduler");
            sim.await(core.shutdown());
        });
    }

    @Test
    void aTaskThatThrowsIsCountedAndTheExecutorGoesOn() {
        Simulation sim = new Simulation(34);
        DialogTech tech = new DialogTech();
        ChannelCore core = sim.coreBuilder().tech(tech).build();
        tech.dialogs.execute(() -> {
            throw new IllegalStateException("a malformed SIP message");
        });
        tech.dialogs.schedule(Duration.ofMillis(10), () -> {
            throw new IllegalStateException("a timer's fault");
        });
        tech.dialogs.schedule(Duration.ofMillis(20), () -> tech.log.add("after the faults"));
        sim.runFor(Duration.ofSeconds(1));
        assertEquals(2, core.stats().callbackFaults());
        assertEquals(List.of("after the faults"), List.copyOf(tech.log));
        assertTrue(tech.dialogs.execute(() -> tech.log.add("still taking tasks")));
        sim.runAll();
        assertEquals(2, tech.log.size());
        sim.await(core.shutdown());
        assertEquals("stop", List.copyOf(tech.log).get(2));
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        Simulation sim = new Simulation(35);
        DialogTech tech = new DialogTech();
        ChannelCore core = sim.coreBuilder().tech(tech).build();
        assertThrows(InvalidArgumentException.class, () -> tech.context.newExecutor(null));
        assertThrows(InvalidArgumentException.class, () -> tech.context.newExecutor(""));
        assertThrows(InvalidArgumentException.class, () -> tech.dialogs.execute(null));
        assertThrows(InvalidArgumentException.class, () -> tech.dialogs.schedule(Duration.ofHours(25), () -> { }));
        assertThrows(InvalidArgumentException.class, () -> tech.dialogs.schedule(Duration.ofMillis(-1), () -> { }));
        assertThrows(InvalidArgumentException.class, () -> tech.dialogs.schedule(null, () -> { }));
        assertThrows(InvalidArgumentException.class, () -> tech.dialogs.schedule(Duration.ZERO, null));
        assertEquals(0, sim.pendingTimers());
        assertTrue(tech.dialogs.execute(() -> tech.log.add("still works")));
        sim.runAll();
        assertEquals(List.of("still works"), List.copyOf(tech.log));
        sim.await(core.shutdown());
    }

    @Test
    void atShutdownTheExecutorsAreDrainedAfterTheChannelsAndBeforeStop() {
        Seeds.forEach("executors at shutdown", 36_000, 30, seed -> {
            Simulation sim = new Simulation(seed);
            DialogTech tech = new DialogTech();
            ChannelCore core = sim.coreBuilder().tech(tech).build();
            core.request(OutboundRequest.of("Dialogs", "carol"));
            sim.runAll();
            tech.dialogs.execute(() -> tech.log.add("queued before the shutdown"));
            tech.dialogs.schedule(Duration.ofSeconds(10), () -> tech.log.add("pending at the shutdown"));
            sim.await(core.shutdown());
            assertEquals(List.of("queued before the shutdown", "BYE carol", "stop"), List.copyOf(tech.log));
            assertFalse(tech.dialogs.execute(() -> tech.log.add("after the shutdown")));
            CommandRejectedException e = assertThrows(CommandRejectedException.class,
                    () -> tech.context.newExecutor("late"));
            assertEquals(CommandRejectedException.Reason.UNKNOWN_TECH, e.reason());
            sim.runFor(Duration.ofMinutes(1));
            assertEquals(3, tech.log.size(), tech.log.toString());
        });
    }

    @Test
    void aShutdownOvertakingAnUnregisterWaitsForThatTechsStop() {
        Seeds.forEach("shutdown overtakes a drain with executors", 37_000, 30, seed -> {
            Simulation sim = new Simulation(seed);
            DialogTech tech = new DialogTech();
            ChannelCore core = sim.coreBuilder().tech(tech).build();
            core.request(OutboundRequest.of("Dialogs", "dave"));
            sim.runAll();
            CompletableFuture<Void> unregistered = core.unregisterTech("Dialogs").toCompletableFuture();
            CompletableFuture<Void> down = core.shutdown().toCompletableFuture();
            sim.runUntil(down::isDone);
            assertTrue(unregistered.isDone());
            assertEquals(List.of("BYE dave", "stop"), List.copyOf(tech.log), "the shutdown completed before stop");
        });
    }

    // ---- real threads ----

    @Test
    @Timeout(60)
    void onRealThreadsEveryTaskAcceptedBeforeTheCloseRunsInOrderAndBeforeStop() throws Exception {
        TestCores.assumeRealThreads();
        DialogTech tech = new DialogTech();
        ChannelCore core = Strowger.builder().tech(tech).build();
        try {
            int executors = 8;
            int producers = 4;
            List<TechExecutor> xs = new ArrayList<>();
            for (int e = 0; e < executors; e++) {
                xs.add(tech.context.newExecutor("dialog " + e));
            }
            AtomicBoolean stopped = new AtomicBoolean();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger ranAfterStop = new AtomicInteger();
            AtomicInteger outOfOrder = new AtomicInteger();
            Queue<Integer> ran = new ConcurrentLinkedQueue<>();
            int[][] last = new int[producers][executors]; // per producer and executor: touched on that executor only
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                running.add(CompletableFuture.runAsync(() -> {
                    await(go);
                    for (int i = 1; i <= 2_000; i++) {
                        int n = i;
                        int e = i % executors;
                        boolean ok = xs.get(e).execute(() -> {
                            if (stopped.get()) {
                                ranAfterStop.incrementAndGet();
                            }
                            if (last[producer][e] >= n) {
                                outOfOrder.incrementAndGet();
                            }
                            last[producer][e] = n;
                            ran.add(n);
                        });
                        if (ok) {
                            accepted.incrementAndGet();
                        }
                    }
                }));
            }
            go.countDown();
            Thread.sleep(5);
            CompletableFuture<Void> unregistered = core.unregisterTech(tech.name()).toCompletableFuture();
            unregistered.thenRun(() -> stopped.set(true));
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            unregistered.get(30, TimeUnit.SECONDS);
            Thread.sleep(50);
            assertEquals(accepted.get(), ran.size(), "every task accepted before the close ran, no other");
            assertEquals(0, ranAfterStop.get());
            assertEquals(0, outOfOrder.get());
            assertEquals(List.of("stop"), List.copyOf(tech.log));
            assertFalse(xs.get(0).execute(() -> ran.add(-1)));
        } finally {
            core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void onRealThreadsATimerPendingAtUnregisterNeverFiresAndAFaultIsCounted() throws Exception {
        TestCores.assumeRealThreads();
        DialogTech tech = new DialogTech();
        ChannelCore core = Strowger.builder().tech(tech).build();
        try {
            AtomicBoolean pendingFired = new AtomicBoolean();
            CountDownLatch fired = new CountDownLatch(1);
            tech.dialogs.schedule(Duration.ofMillis(300), () -> pendingFired.set(true));
            tech.dialogs.schedule(Duration.ofMillis(5), () -> {
                throw new IllegalStateException("a fault on a real thread");
            });
            tech.dialogs.schedule(Duration.ofMillis(10), fired::countDown);
            assertTrue(fired.await(10, TimeUnit.SECONDS), "the executor did not go on after the fault");
            assertTrue(TestCores.await(() -> core.stats().callbackFaults() == 1, Duration.ofSeconds(10)));
            core.unregisterTech("Dialogs").toCompletableFuture().get(10, TimeUnit.SECONDS);
            Thread.sleep(500);
            assertFalse(pendingFired.get(), "a timer pending at unregister fired");
            assertEquals(List.of("stop"), List.copyOf(tech.log));
        } finally {
            core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void aStuckTaskIsReportedByTheStallWatchdogUnderTheExecutorsLabel() throws Exception {
        TestCores.assumeRealThreads();
        DialogTech tech = new DialogTech();
        Queue<StallReport> stalls = new ConcurrentLinkedQueue<>();
        ChannelCore core = Strowger.builder().tech(tech).stallBudget(Duration.ofMillis(100)).stallListener(stalls::add)
                .build();
        try {
            TechExecutor stuck = tech.context.newExecutor("stuck\ndialog");
            CountDownLatch release = new CountDownLatch(1);
            stuck.execute(() -> await(release));
            assertTrue(TestCores.await(() -> !stalls.isEmpty(), Duration.ofSeconds(10)), "no stall reported");
            assertEquals("tech Dialogs stuck\\ndialog", stalls.peek().executor());
            assertTrue(core.stats().stalls() >= 1);
            CompletableFuture<Void> unregistered = core.unregisterTech("Dialogs").toCompletableFuture();
            Thread.sleep(100);
            assertFalse(unregistered.isDone(), "stop ran while a task of the tech was still running");
            assertEquals(0, tech.stops.get());
            release.countDown();
            unregistered.get(10, TimeUnit.SECONDS);
            assertEquals(1, tech.stops.get());
        } finally {
            core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
