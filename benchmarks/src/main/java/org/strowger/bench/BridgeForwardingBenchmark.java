package org.strowger.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.strowger.bench.lockpeer.LockBenchTech;
import org.strowger.bench.lockpeer.LockBridge;
import org.strowger.bench.lockpeer.LockChannel;
import org.strowger.bench.lockpeer.LockCore;
import org.strowger.api.ChannelCore;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

/**
 * Frames through two-party bridges (tech A's sink -> channel A -> channel B -> tech B's write) against Pekko classic
 * actors doing the same forwarding (actor A tells actor B, which counts) and against the lock peer (the reading
 * thread locks channel A, reads its peer, and writes to B under B's lock), with 1 to 100,000 pairs.
 * {@code strowger} runs on the default work-stealing pool, {@code strowgerPinned} on {@link PinnedLoopPool} (two
 * pinned loops, a forward stays on its loop). {@code lock} has no pool: two benchmark threads (as many as the other
 * peers have workers) each read frames for half of the pairs and forward them themselves.
 *
 * <p>One operation: the benchmark thread injects {@code perPair} frames into side A of every pair (perPair = 1000 /
 * pairs, clamped to 1..16 so that no media lane of capacity 32 can overflow), then spins until the side-B counter has
 * advanced by that many. The {@code frames} aux counter gives frames per second directly. Both peers use the same
 * frame object, the same counter type (one shared LongAdder) and the same number of worker threads (Strowger's
 * default pool and Pekko's default dispatcher both sized to the available processors).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class BridgeForwardingBenchmark {
    @Param({"1", "100", "1000", "10000", "100000"})
    public int pairs;

    private int perPair;
    private final VoiceFrame frame = new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0);

    private ChannelCore core;
    private BridgeBenchTech tech;
    private ChannelSink[] sinksA;

    private ActorSystem system;
    private ActorRef[] actorsA;
    private final LongAdder pekkoCount = new LongAdder();

    private long expected;

    private PinnedLoopPool pinned;
    private LockCore lockCore;
    private LockBenchTech lockTech;
    private LockChannel[] lockA;
    private final CpuMeter cpu = new CpuMeter();

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
        perPair = Math.max(1, Math.min(16, 1000 / pairs));
        if (params.getBenchmark().endsWith("pekko")) {
            setupPekko();
        } else if (params.getBenchmark().endsWith("lock")) {
            setupLock();
        } else {
            setupStrowger(params.getBenchmark().endsWith("Pinned"));
        }
        expected = 0;
    }

    /** Counts the measured system's CPU (not the benchmark thread's, which injects and then waits) per frame. */
    @Setup(Level.Iteration)
    public void startIteration(BenchmarkParams params) {
        boolean lock = params.getBenchmark().endsWith("lock");
        cpu.start(lock ? null : Thread.currentThread(), framesSoFar());
    }

    @TearDown(Level.Iteration)
    public void endIteration(BenchmarkParams params, IterationParams iteration) {
        cpu.stop(params, iteration, framesSoFar());
    }

    private long framesSoFar() {
        return tech != null ? tech.written.sum() : lockTech != null ? lockTech.written.sum() : pekkoCount.sum();
    }

    private void setupLock() {
        lockTech = new LockBenchTech();
        lockCore = new LockCore("bench");
        lockA = new LockChannel[pairs];
        for (int i = 0; i < pairs; i++) {
            LockChannel a = lockCore.create("BBench", "a" + i, lockTech::driver);
            LockChannel b = lockCore.create("BBench", "b" + i, lockTech::driver);
            lockCore.call(a);
            lockCore.call(b);
            LockBridge bridge = lockCore.createBridge();
            bridge.join(a, true);
            bridge.join(b, true);
            lockA[i] = a;
        }
    }

    private void setupStrowger(boolean pinnedLoops) {
        tech = new BridgeBenchTech();
        Strowger.Builder builder = Strowger.builder().tech(tech).localChannels(false);
        if (pinnedLoops) {
            pinned = PinnedLoopPool.perProcessor();
            builder.pool(pinned);
        }
        core = builder.build();
        List<BridgeFixtures.Pair> ps = BridgeFixtures.pairs(core, tech, pairs);
        sinksA = new ChannelSink[pairs];
        for (int i = 0; i < pairs; i++) {
            sinksA[i] = ps.get(i).ta().sink;
        }
        // nothing else may write to side B: forwarding frames start from zero
        expected = tech.written.sum();
        if (expected != 0) {
            throw new IllegalStateException("unexpected frames before the run: " + expected);
        }
    }

    private void setupPekko() {
        int threads = Runtime.getRuntime().availableProcessors();
        Config config = ConfigFactory.parseString(
                "pekko.loglevel = WARNING\n"
                        + "pekko.stdout-loglevel = WARNING\n"
                        + "pekko.log-dead-letters = off\n"
                        + "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = " + threads + "\n"
                        + "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + threads + "\n")
                .withFallback(ConfigFactory.load());
        system = ActorSystem.create("bench", config);
        actorsA = new ActorRef[pairs];
        for (int i = 0; i < pairs; i++) {
            ActorRef b = system.actorOf(Props.create(Counter.class, () -> new Counter(pekkoCount)));
            actorsA[i] = system.actorOf(Props.create(Forwarder.class, () -> new Forwarder(b)));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (core != null) {
            long dropped = 0;
            for (var s : core.channels()) {
                dropped += core.requireChannel(s.id()).mediaFramesDropped();
            }
            System.out.println("\n[strowger] media frames dropped: " + dropped);
            core.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
            core = null;
        }
        if (pinned != null) {
            pinned.shutdown();
            pinned = null;
        }
        if (lockCore != null) {
            for (LockChannel a : lockA) {
                lockCore.hangup(a);
            }
            if (lockCore.channelCount() != 0 || lockCore.bridgeCount() != 0) {
                throw new IllegalStateException("lock peer left " + lockCore.channelCount() + " channels");
            }
            lockCore = null;
        }
        if (system != null) {
            system.terminate();
            Await.result(system.whenTerminated(), Duration.create(60, TimeUnit.SECONDS));
            system = null;
        }
    }

    @Benchmark
    public void strowger(Frames counter) {
        long target = expected + (long) pairs * perPair;
        ChannelSink[] sinks = sinksA;
        for (int k = 0; k < perPair; k++) {
            for (ChannelSink s : sinks) {
                s.receive(frame);
            }
        }
        LongAdder written = tech.written;
        for (int i = 0; written.sum() < target; i++) {
            Backoff.pause(i);
        }
        expected = target;
        counter.frames += (long) pairs * perPair;
    }

    @Benchmark
    public void strowgerPinned(Frames counter) {
        strowger(counter);
    }

    /** This thread's share of the pairs: every other pair from its index (all of them with one pair). */
    @State(Scope.Thread)
    public static class Slice {
        int from;
        int step;

        @Setup(Level.Trial)
        public void setup(ThreadParams t, BridgeForwardingBenchmark b) {
            step = Math.min(t.getThreadCount(), b.pairs);
            from = t.getThreadIndex() % step;
        }
    }

    @Benchmark
    @Threads(2)
    public void lock(Frames counter, Slice slice) {
        LockChannel[] as = lockA;
        int n = 0;
        for (int k = 0; k < perPair; k++) {
            for (int i = slice.from; i < as.length; i += slice.step) {
                as[i].receive(frame);
                n++;
            }
        }
        counter.frames += n;
    }

    @Benchmark
    public void pekko(Frames counter) {
        long target = expected + (long) pairs * perPair;
        ActorRef[] actors = actorsA;
        for (int k = 0; k < perPair; k++) {
            for (ActorRef a : actors) {
                a.tell(frame, ActorRef.noSender());
            }
        }
        LongAdder count = pekkoCount;
        for (int i = 0; count.sum() < target; i++) {
            Backoff.pause(i);
        }
        expected = target;
        counter.frames += (long) pairs * perPair;
    }

    /** Side A of a Pekko pair: passes every message on to side B. */
    static final class Forwarder extends AbstractActor {
        private final ActorRef to;

        Forwarder(ActorRef to) {
            this.to = to;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> to.tell(m, getSelf())).build();
        }
    }

    /** Side B of a Pekko pair: counts. */
    static final class Counter extends AbstractActor {
        private final LongAdder count;

        Counter(LongAdder count) {
            this.count = count;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> count.increment()).build();
        }
    }
}
