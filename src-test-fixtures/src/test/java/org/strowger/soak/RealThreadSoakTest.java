package org.strowger.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CoreMetrics;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.event.SubscriptionStats;
import org.strowger.testkit.DeadlockWatchdog;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.TestCores;

/**
 * Scenario 23 (RELIABILITY.md), on real threads: 10,000 concurrent channels with 20 ms media on a core with its
 * default pool, for {@code strowger.soak.seconds} (default 20). See docs/reliability.md, "Soak".
 *
 * <ul>
 *   <li>A pacer plays the far end of every channel: one 160-byte mu-law frame every 20 ms into its sink.</li>
 *   <li>Calls: steady two-party calls (a tenth of the channels, never touched: their frames are counted exactly),
 *       churned two-party calls, and 4-party conferences (mixing). {@link CallChurn} runs blind and attended transfers,
 *       moves between conferences and hang-ups from both sides at {@code strowger.soak.opsPerSecond} (default 200),
 *       with replacement calls.</li>
 *   <li>Faulty observers on the same core: a slow and a throwing event subscriber, a slow and a throwing call-record
 *       sink, each sink with a counting fallback.</li>
 *   <li>Watchdogs: {@link DeadlockWatchdog} and BlockHound ({@link PoolBlockingDetector}) on the core's pool for the
 *       whole run; the pool's threads are counted every second.</li>
 * </ul>
 *
 * <p>At the end: every operation's stage completed, every frame injected into a steady call was written to its peer's
 * tech or counted as dropped, nothing is left (no channel, no bridge; each channel hung up once and closed once), the
 * subscriptions' and sinks' counters add up, no blocking call was made on the pool, and the pool never grew past the
 * processor count (+2). Runs in the soak execution (its own JVM, see the pom).
 */
@ExtendWith(NoLeakExtension.class)
@EnabledIfSystemProperty(named = "strowger.soak.enabled", matches = "true",
        disabledReason = "runs in the soak execution of src-test-fixtures/pom.xml (BlockHound needs a JVM flag)")
class RealThreadSoakTest {
    private static final int SECONDS = Integer.getInteger("strowger.soak.seconds", 20);
    private static final int CHANNELS = Integer.getInteger("strowger.soak.channels", 10_000);
    private static final int OPS_PER_SECOND = Integer.getInteger("strowger.soak.opsPerSecond", 200);
    private static final long SEED = Long.getLong("strowger.soak.seed", 23);
    /** Pool threads allowed above the processor count: the stall watchdog may lend a thread or two under load. */
    private static final int POOL_SLACK = 2;

    @BeforeAll
    static void install() {
        PoolBlockingDetector.install();
    }

    @Test
    void tenThousandChannelsWithMediaTransfersAndFaultyObservers(TestCores cores) throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        SoakTech tech = new SoakTech(4);
        FaultyRecordSink slowStore = FaultyRecordSink.slow(5);
        FaultyRecordSink brokenStore = FaultyRecordSink.throwing(3);
        FaultyRecordSink slowFallback = FaultyRecordSink.counting();
        FaultyRecordSink brokenFallback = FaultyRecordSink.counting();
        ChannelCore core = cores.real(b -> b.tech(tech)
                .callRecordSink(slowStore, CallRecordSinkOptions.defaults().withName("slow-store")
                        .withQueueCapacity(200).withFallback(slowFallback))
                .callRecordSink(brokenStore, CallRecordSinkOptions.defaults().withName("throwing-store")
                        .withFallback(brokenFallback)));
        FaultySubscriber slowReader = FaultySubscriber.slow(2);
        FaultySubscriber brokenReader = FaultySubscriber.throwing(2);
        Subscription slow = core.subscribe(EventFilter.all(), slowReader,
                SubscribeOptions.defaults().withName("slow-subscriber").withQueueCapacity(1_000));
        Subscription broken = core.subscribe(EventFilter.all(), brokenReader,
                SubscribeOptions.defaults().withName("throwing-subscriber"));

        int steadyCalls = CHANNELS / 20;
        int rooms = CHANNELS / 40;
        int churnedCalls = (CHANNELS - 2 * steadyCalls - 4 * rooms) / 2;
        var memory = ManagementFactory.getMemoryMXBean();
        int maxPool = 0;
        int maxThreads = 0;
        long maxHeap = 0;
        ThreadCensus busiest = null;
        String report;

        try (DeadlockWatchdog deadlocks = DeadlockWatchdog.start()) {
            long setUpStart = System.nanoTime();
            Channel probe = core.request(OutboundRequest.of(SoakTech.NAME, "probe"));
            PoolBlockingDetector.watch(probe); // from here on, a blocking call on the core's pool fails the soak
            probe.hangup(HangupCause.NORMAL_CLEARING);
            List<Channel[]> steady = steadyCalls(core, steadyCalls);
            MediaPacer pacer = new MediaPacer(tech, 2);
            CallChurn churn = new CallChurn(core, tech, CHANNELS, OPS_PER_SECOND, SEED);
            churn.setUp(churnedCalls, rooms, 4, Duration.ofSeconds(120));
            List<SoakChannel> steadyTech = new ArrayList<>();
            for (Channel[] call : steady) {
                steadyTech.add(tech.of(call[0]));
                steadyTech.add(tech.of(call[1]));
            }
            assertTrue(TestCores.await(() -> steadyTech.stream().allMatch(SoakChannel::twoParty),
                    Duration.ofSeconds(30)), "a steady call's tech was never told its peer");
            steadyTech.forEach(c -> c.paced = true);
            double setUpSeconds = (System.nanoTime() - setUpStart) / 1e9;
            int liveAtStart = core.channelCount();

            long cpuStart = processCpuNanos();
            long wallStart = System.nanoTime();
            pacer.start();
            churn.start();
            for (int s = 0; s < SECONDS; s++) {
                Thread.sleep(1_000);
                ThreadCensus census = ThreadCensus.take(PoolBlockingDetector::isWatchedWorker);
                if (census.pool() > maxPool) {
                    busiest = census;
                }
                maxPool = Math.max(maxPool, census.pool());
                maxThreads = Math.max(maxThreads, census.total());
                maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
                assertTrue(census.pool() <= cpus + POOL_SLACK, "the core's pool grew to " + census.pool()
                        + " threads on " + cpus + " processors: " + census);
            }
            churn.close(); // stops the operations and fails if one of them never completed
            pacer.close();
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            double cpuPercent = 100.0 * (processCpuNanos() - cpuStart) / 1e9 / wallSeconds / cpus;
            int liveAtEnd = core.channelCount();

            // Steady calls: every frame the pacer injected reached the peer's tech or was counted as dropped.
            long steadyInjected = steadyTech.stream().mapToLong(c -> c.injected).sum();
            boolean settled = TestCores.await(() -> steadyArrived(steady, steadyTech) == steadyInjected,
                    Duration.ofSeconds(10));
            long steadyWritten = steadyTech.stream().mapToLong(SoakChannel::writes).sum();
            long steadyDropped = steady.stream().mapToLong(c -> c[0].mediaFramesDropped() + c[1].mediaFramesDropped())
                    .sum();
            CoreMetrics during = core.metrics();

            // Tear down: half from the far end, half by the core; bridges dissolve and hang their other members up.
            int i = 0;
            for (SoakChannel c : tech.open()) {
                if (i++ % 2 == 0) {
                    c.remote().hangup(HangupCause.NORMAL_CLEARING);
                } else {
                    c.channel().hangup(HangupCause.NORMAL_CLEARING);
                }
            }
            assertTrue(TestCores.await(() -> core.channelCount() == 0 && core.bridgeCount() == 0,
                    Duration.ofSeconds(60)), "left after the tear-down: " + core.channelCount() + " channels, "
                    + core.bridgeCount() + " bridges");
            assertTrue(TestCores.await(() -> tech.openCount() == 0, Duration.ofSeconds(10)),
                    tech.openCount() + " tech channels never closed");
            PoolBlockingDetector.stop();

            // The faulty observers stop misbehaving, so their queues drain and the counters can be added up.
            slowReader.misbehaving = false;
            slowStore.misbehaving = false;
            assertTrue(TestCores.await(() -> core.metrics().callRecords().open() == 0
                    && core.metrics().callRecords().sinks().stream().allMatch(k -> k.queued() == 0)
                    && slow.stats().queued() == 0 && broken.stats().queued() == 0, Duration.ofSeconds(30)),
                    "the observers' queues did not drain: " + core.metrics());
            CoreMetrics end = core.metrics();

            report = String.format("""
                    soak: %d s, %d channels live at the start (%d at the end), %d steady calls, %d conferences of 4, \
                    set-up %.1f s
                      frames: %d injected (%.0f/s), %d refused by ended channels, %d written to techs, %d dropped \
                    (core metrics), %d pacer ticks late of %d
                      steady calls: %d injected = %d written + %d dropped? %s
                      operations: %d issued; %s
                      channels: %d created, %d hung up, %d closed; stalls %d; callback faults %d
                      threads: pool max %d on %d processors, JVM platform threads max %d; busiest sample %s
                      cpu: %.0f%% of %d processors (system load average %.1f at the end); heap used max %d MB
                      subscribers: %s
                      call records: produced %d; %s
                    """, SECONDS, liveAtStart, liveAtEnd, steadyCalls, rooms, setUpSeconds,
                    pacer.injected.sum(), pacer.framesPerSecond(), pacer.refused.sum(), tech.framesWritten.sum(),
                    during.mediaFramesDropped(), pacer.lateTicks.sum(), pacer.ticks.sum(),
                    steadyInjected, steadyWritten, steadyDropped, settled,
                    churn.issued.sum(), churn.outcomes(),
                    tech.created.sum(), tech.hungUp.sum(), tech.closed.sum(), end.stats().stalls(),
                    end.stats().callbackFaults(),
                    maxPool, cpus, maxThreads, busiest == null ? "-" : busiest.byName(),
                    cpuPercent, cpus, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    maxHeap >> 20,
                    end.subscriptions(), end.callRecords().produced(), end.callRecords().sinks());
            System.out.print(report);

            assertEquals(0, PoolBlockingDetector.found(), () -> "blocking calls on the core's pool:\n"
                    + String.join("\n", PoolBlockingDetector.reports()));
            assertEquals(List.of(), tech.violations(), () -> tech.violationCount() + " tech contract violations");
            assertEquals(tech.created.sum(), tech.closed.sum(), "channels created but not closed");
            assertEquals(tech.created.sum(), tech.hungUp.sum(), "channels created but not hung up");
            assertEquals(tech.created.sum(), end.stats().channelsCreated(), "channels the core created");
            assertEquals(0, end.stats().callbackFaults(), "the soak tech never throws");
            // Exact: a frame injected into a steady call is written to the peer's tech or counted as dropped.
            assertEquals(steadyInjected, steadyWritten + steadyDropped,
                    "steady calls: frames injected vs frames written to the peer's tech + frames dropped\n" + report);
            assertTrue(churn.issued.sum() >= (long) OPS_PER_SECOND * SECONDS / 2,
                    "too few operations ran: " + churn.issued.sum());
            assertTrue(maxPool <= cpus + POOL_SLACK, "pool threads: " + maxPool);
            checkSubscriptions(end, slowReader, brokenReader);
            checkSinks(end, slowStore, slowFallback, brokenStore, brokenFallback);
        } finally {
            PoolBlockingDetector.stop();
        }
    }

    /** CPU time of this process (user + system) from /proc/self/stat, or -1 where there is none (not Linux). */
    private static long processCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // fields 14, 15 in 100 Hz ticks
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Steady two-party calls; returns once every channel is in its bridge. Their channels are not paced yet. */
    private static List<Channel[]> steadyCalls(ChannelCore core, int n) throws Exception {
        List<Channel[]> calls = new ArrayList<>();
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Channel a = core.request(OutboundRequest.of(SoakTech.NAME, SoakTech.STEADY_PREFIX + "a" + i));
            Channel b = core.request(OutboundRequest.of(SoakTech.NAME, SoakTech.STEADY_PREFIX + "b" + i));
            a.call();
            b.call();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            joins.add(bridge.join(a, JoinOptions.HANG_UP_AFTER).toCompletableFuture());
            joins.add(bridge.join(b, JoinOptions.HANG_UP_AFTER).toCompletableFuture());
            calls.add(new Channel[] {a, b});
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return calls;
    }

    /** Frames that reached the steady calls' techs or were dropped on the way. */
    private static long steadyArrived(List<Channel[]> steady, List<SoakChannel> steadyTech) {
        return steadyTech.stream().mapToLong(SoakChannel::writes).sum()
                + steady.stream().mapToLong(c -> c[0].mediaFramesDropped() + c[1].mediaFramesDropped()).sum();
    }

    private static void checkSubscriptions(CoreMetrics m, FaultySubscriber slowReader, FaultySubscriber brokenReader) {
        SubscriptionStats slow = stats(m, "slow-subscriber");
        SubscriptionStats broken = stats(m, "throwing-subscriber");
        for (SubscriptionStats s : List.of(slow, broken)) {
            assertEquals(s.matched(), s.delivered() + s.dropped() + s.queued(), () -> "events lost: " + s);
        }
        assertTrue(slow.dropped() > 0, () -> "the slow subscriber's queue never overflowed: " + slow);
        assertEquals(slowReader.received(), slow.delivered(), () -> "slow subscriber: " + slow);
        assertTrue(broken.failures() > 0, () -> "the throwing subscriber never threw: " + broken);
        assertEquals(brokenReader.thrown(), broken.failures(), () -> "throwing subscriber: " + broken);
        assertEquals(brokenReader.received(), broken.delivered(), () -> "throwing subscriber: " + broken);
    }

    private static void checkSinks(CoreMetrics m, FaultyRecordSink slowStore, FaultyRecordSink slowFallback,
            FaultyRecordSink brokenStore, FaultyRecordSink brokenFallback) {
        long produced = m.callRecords().produced();
        assertTrue(produced > 0, "no call record was produced");
        assertEquals(0, m.callRecords().open(), "call records still open");
        CallRecordSinkStats slow = sink(m, "slow-store");
        CallRecordSinkStats broken = sink(m, "throwing-store");
        for (CallRecordSinkStats s : List.of(slow, broken)) {
            assertEquals(produced, s.offered(), () -> "a record was not offered: " + s);
            assertEquals(s.offered(), s.delivered() + s.fallback() + s.queued(), () -> "records lost: " + s);
            assertEquals(s.fallback(), s.overflowed() + s.failures(), () -> "fallback breakdown: " + s);
            assertEquals(0, s.fallbackFailures(), () -> "fallback failures: " + s);
        }
        assertTrue(slow.overflowed() > 0, () -> "the slow sink's queue never overflowed: " + slow);
        assertEquals(slowStore.taken(), slow.delivered(), () -> "slow sink: " + slow);
        assertEquals(slowFallback.taken(), slow.fallback(), () -> "slow sink's fallback: " + slow);
        assertTrue(broken.failures() > 0, () -> "the throwing sink never threw: " + broken);
        assertEquals(brokenStore.thrown(), broken.failures(), () -> "throwing sink: " + broken);
        assertEquals(brokenStore.taken(), broken.delivered(), () -> "throwing sink: " + broken);
        assertEquals(brokenFallback.taken(), broken.fallback(), () -> "throwing sink's fallback: " + broken);
    }

    private static SubscriptionStats stats(CoreMetrics m, String name) {
        return m.subscriptions().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no subscription " + name + " in " + m.subscriptions()));
    }

    private static CallRecordSinkStats sink(CoreMetrics m, String name) {
        return m.callRecords().sinks().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no sink " + name + " in " + m.callRecords().sinks()));
    }
}
