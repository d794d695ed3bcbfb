package org.strowger.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.slf4j.MDC;
import org.strowger.api.ChannelCore;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.MdcKeys;
import org.strowger.core.Strowger;
import org.strowger.core.WorkerPool;
import org.strowger.spi.ChannelSink;

/**
 * What the MDC switch around an inline forward (SerialExecutor.runNested) costs with a real MDC adapter. The
 * forwarding is BridgeForwardingBenchmark's {@code strowger} case (same fixtures, same operation: {@code perPair}
 * frames into side A of every pair, then spin until side B has written them all), on the default pool; what differs
 * is the slf4j binding and the benchmark switch {@code strowger.mdc.inline}, each method in a fork of its own:
 * <ul>
 *   <li>{@code nop}: slf4j-simple, whose MDC adapter is a no-op (what every other benchmark measures);
 *   <li>{@code nopNoSwitch}: the same with the MDC switch of nested runs removed ({@code -Dstrowger.mdc.inline=false});
 *   <li>{@code logback}: logback-classic's MDC adapter ({@code -Dslf4j.provider}, config {@code logback-bench.xml}:
 *       WARN, nothing written in the hot path);
 *   <li>{@code logbackNoSwitch}: logback without the MDC switch of nested runs.
 * </ul>
 * The shaded jar carries logback without its provider entry, so only these forks bind it. {@code frames} is the aux
 * counter to read (frames per second).
 *
 * <p>{@code pool}: {@code fj} is the default work-stealing pool, as in BridgeForwardingBenchmark (on two shared cores
 * its iterations spread 2-5x, by scheduling, wake-ups and neighbours, far more than the MDC costs); {@code caller}
 * is a pool that only queues, drained by the benchmark thread itself, so the same forwarding (A's batch, the nested
 * run of B, the tech's write) runs on one thread with no wake-ups and the score is the CPU cost of a forward
 * (1e9 / frames per second = ns per frame); {@code pinned} is {@link PinnedLoopPool}. After the trial the logback forks check, on one extra round of frames, which
 * channel id side B's write sees in the MDC: with the switch, always B's (the adapter is live and the nested run is
 * named right); without it, A's for a forward that ran inline, B's for one that was queued (so the share of inline
 * forwards is printed).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class MdcForwardingBenchmark {
    private static final String LOGBACK = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider";
    private static final String LOGBACK_CONFIG = "-Dlogback.configurationFile=logback-bench.xml";
    private static final String QUIET_SLF4J = "-Dslf4j.internal.verbosity=WARN";
    private static final String SIMPLE_WARN = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";
    private static final String NO_SWITCH = "-Dstrowger.mdc.inline=false";

    @Param({"1", "100", "1000"})
    public int pairs;

    @Param({"fj", "caller"})
    public String pool;

    private int perPair;
    private final VoiceFrame frame = new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0);
    private ChannelCore core;
    private BridgeBenchTech tech;
    private ChannelSink[] sinksA;
    private long expected;
    private final CpuMeter cpu = new CpuMeter();
    private CallerPool caller;
    private PinnedLoopPool pinned;

    // the after-trial check of what side B's write sees in the MDC
    private volatile boolean probing;
    private final Set<String> idsA = new HashSet<>();
    private final Set<String> idsB = new HashSet<>();
    private final AtomicLong sawA = new AtomicLong();
    private final AtomicLong sawB = new AtomicLong();
    private final AtomicLong sawOther = new AtomicLong();

    /** Frames forwarded, reported per second next to the operations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Frames {
        public long frames;

        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
        }
    }

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        boolean logback = params.getBenchmark().contains(".logback");
        String adapter = MDC.getMDCAdapter().getClass().getName();
        String want = logback ? "ch.qos.logback.classic.util.LogbackMDCAdapter" : "org.slf4j.helpers.NOPMDCAdapter";
        if (!adapter.equals(want)) {
            throw new IllegalStateException("MDC adapter " + adapter + ", expected " + want);
        }
        perPair = Math.max(1, Math.min(16, 1000 / pairs));
        tech = new BridgeBenchTech(f -> {
            if (probing) {
                String id = MDC.get(MdcKeys.CHANNEL);
                (idsB.contains(id) ? sawB : idsA.contains(id) ? sawA : sawOther).incrementAndGet();
            }
        });
        Strowger.Builder builder = Strowger.builder().tech(tech).localChannels(false);
        switch (pool) {
            case "fj" -> {
            }
            case "caller" -> builder.pool(caller = new CallerPool());
            case "pinned" -> builder.pool(pinned = PinnedLoopPool.perProcessor());
            default -> throw new IllegalArgumentException("pool: fj, caller or pinned, not " + pool);
        }
        if (caller != null) {
            caller.startHelper(); // the fixtures wait for the core, so someone must run it meanwhile
        }
        core = builder.build();
        List<BridgeFixtures.Pair> ps = BridgeFixtures.pairs(core, tech, pairs);
        if (caller != null) {
            caller.stopHelper();
        }
        sinksA = new ChannelSink[pairs];
        for (int i = 0; i < pairs; i++) {
            sinksA[i] = ps.get(i).ta().sink;
            idsA.add(ps.get(i).a().id().value());
            idsB.add(ps.get(i).b().id().value());
        }
        expected = tech.written.sum();
        if (expected != 0) {
            throw new IllegalStateException("unexpected frames before the run: " + expected);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        // with the caller pool the benchmark thread does the work, so its CPU counts
        cpu.start(caller != null ? null : Thread.currentThread(), tech.written.sum());
    }

    @TearDown(Level.Iteration)
    public void endIteration(BenchmarkParams params, IterationParams iteration) {
        cpu.stop(params, iteration, tech.written.sum());
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) throws Exception {
        if (params.getBenchmark().contains(".logback")) {
            probing = true;
            for (int r = 0; r < Math.max(1, 10_000 / (pairs * perPair)); r++) {
                forward();
            }
            probing = false;
            long total = sawA.get() + sawB.get() + sawOther.get();
            System.out.printf("%n[mdc] side B's write saw B's id %d, A's id %d, other %d of %d (%.1f %% A)%n",
                    sawB.get(), sawA.get(), sawOther.get(), total, 100.0 * sawA.get() / Math.max(1, total));
        }
        if (caller != null) {
            caller.startHelper();
        }
        core.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (caller != null) {
            caller.stopHelper();
        }
        if (pinned != null) {
            pinned.shutdown();
        }
    }

    private void forward() {
        long target = expected + (long) pairs * perPair;
        ChannelSink[] sinks = sinksA;
        for (int k = 0; k < perPair; k++) {
            for (ChannelSink s : sinks) {
                s.receive(frame);
            }
        }
        LongAdder written = tech.written;
        CallerPool c = caller;
        for (int i = 0; written.sum() < target; i++) {
            if (c == null || c.drain() == 0) {
                Backoff.pause(i);
            }
        }
        expected = target;
    }

    private void forward(Frames counter) {
        forward();
        counter.frames += (long) pairs * perPair;
    }

    /**
     * A pool that only queues: the thread that calls {@link #drain} runs what was submitted (the benchmark thread;
     * a helper thread while the fixtures are built and while the core shuts down).
     */
    static final class CallerPool implements WorkerPool {
        private final MpscUnboundedArrayQueue<Runnable> queue = new MpscUnboundedArrayQueue<>(1024);
        private volatile boolean helping;
        private Thread helper;

        @Override
        public void execute(Runnable task) {
            queue.offer(task);
        }

        @Override
        public void shutdown() {
        }

        /** Runs what is queued, including what that submits; returns how many tasks ran. One thread at a time. */
        int drain() {
            int n = 0;
            for (Runnable t; (t = queue.relaxedPoll()) != null; n++) {
                t.run();
            }
            return n;
        }

        void startHelper() {
            helping = true;
            helper = new Thread(() -> {
                for (int i = 0; helping; i++) {
                    i = drain() > 0 ? 0 : i;
                    Backoff.pause(i);
                }
            }, "caller-pool-helper");
            helper.start();
        }

        void stopHelper() {
            helping = false;
            try {
                helper.join(); // the benchmark thread drains from here on (join: it sees the helper's writes)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", SIMPLE_WARN})
    public void nop(Frames counter) {
        forward(counter);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", SIMPLE_WARN, NO_SWITCH})
    public void nopNoSwitch(Frames counter) {
        forward(counter);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", LOGBACK, LOGBACK_CONFIG, QUIET_SLF4J})
    public void logback(Frames counter) {
        forward(counter);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", LOGBACK, LOGBACK_CONFIG, QUIET_SLF4J, NO_SWITCH})
    public void logbackNoSwitch(Frames counter) {
        forward(counter);
    }
}
