package org.strowger.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.CoreScheduler;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;

/**
 * Cost of one 20 ms mixer tick of a conference bridge with 3, 10 and 50 members. The core runs on a scheduler that
 * hands every 20 ms task (the mixer's tick) to the benchmark instead of a timer, and every other timer to the real
 * system scheduler; the benchmark fires ticks back to back. One operation of {@code tick}: inject one 20 ms mu-law
 * frame into each member's sink, fire one tick, spin until every member's tech has been written one mixed frame. So
 * an operation is one tick's whole media work: N frames in (channel executor, then the bridge's media lane, decoded),
 * the mix, and N frames out (encoded, through each channel's executor to its tech). {@code tickSilent} fires ticks
 * with no frames in (the mix and the N writes only). Divide the score by {@code members} for ns per member per tick.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class MixingBenchmark {
    @Param({"3", "10", "50"})
    public int members;

    /** {@code fj}: the default work-stealing pool; {@code pinned}: {@link PinnedLoopPool}. */
    @Param({"fj", "pinned"})
    public String pool;

    private PinnedLoopPool pinned;

    private final VoiceFrame frame;
    private ManualTicks scheduler;
    private ChannelCore core;
    private BridgeBenchTech tech;
    private ChannelSink[] sinks;
    private long expected;

    public MixingBenchmark() {
        byte[] payload = new byte[160];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7); // not silence: every member contributes
        }
        frame = new VoiceFrame(MediaFormat.ULAW, payload, 160, 0);
    }

    /**
     * Hands 20 ms tasks (the mixer) to the benchmark; everything else goes to a real timer. The clock is virtual and
     * moves 20 ms each time the benchmark fires a tick, because the mixer schedules each tick at the next multiple of
     * 20 ms on the core's clock: with a real clock, ticks fired faster than real time would be scheduled further and
     * further ahead (no longer 20 ms) and go to the real timer.
     */
    static final class ManualTicks implements CoreScheduler {
        final CoreScheduler real = CoreScheduler.system();
        final ConcurrentLinkedQueue<Runnable> ticks = new ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(
                real.nanoTime());

        /** Moves the clock to the time the next tick is due; called before the benchmark runs it. */
        void advance() {
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(20));
        }

        @Override
        public long nanoTime() {
            return clock.get();
        }

        @Override
        public long currentTimeMillis() {
            return real.currentTimeMillis();
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            if (unit.toNanos(delay) == TimeUnit.MILLISECONDS.toNanos(20)) {
                ticks.add(task);
                return () -> ticks.remove(task);
            }
            return real.schedule(task, delay, unit);
        }

        @Override
        public void shutdown() {
            real.shutdown();
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        scheduler = new ManualTicks();
        tech = new BridgeBenchTech();
        Strowger.Builder builder = Strowger.builder().scheduler(scheduler).tech(tech).localChannels(false);
        if (pool.equals("pinned")) {
            pinned = PinnedLoopPool.perProcessor();
            builder.pool(pinned);
        }
        core = builder.build();
        Bridge bridge = core.createBridge(BridgeOptions.conference());
        List<Channel> chans = new ArrayList<>();
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Channel c = core.request(OutboundRequest.of(BridgeBenchTech.NAME, "m" + i));
            stages.add(c.call().toCompletableFuture());
            chans.add(c);
        }
        CompletableFuture.allOf(stages.toArray(new CompletableFuture[0])).join();
        stages.clear();
        for (Channel c : chans) {
            stages.add(bridge.join(c, JoinOptions.HANG_UP_AFTER).toCompletableFuture());
        }
        CompletableFuture.allOf(stages.toArray(new CompletableFuture[0])).join();
        sinks = new ChannelSink[members];
        for (int i = 0; i < members; i++) {
            sinks[i] = tech.channel(chans.get(i).id()).sink;
        }
        BridgeFixtures.await(() -> !scheduler.ticks.isEmpty(), "mixer started");
        expected = tech.written.sum();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        core.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
        scheduler.shutdown();
        if (pinned != null) {
            pinned.shutdown();
        }
    }

    @Benchmark
    public void tick() {
        for (ChannelSink s : sinks) {
            s.receive(frame);
        }
        fireAndWait();
    }

    @Benchmark
    public void tickSilent() {
        fireAndWait();
    }

    private void fireAndWait() {
        Runnable t;
        for (int i = 0; (t = scheduler.ticks.poll()) == null; i++) {
            Backoff.pause(i); // the previous tick reschedules itself at its end
        }
        scheduler.advance();
        t.run(); // what the timer thread would do: post the tick to the bridge's executor
        long target = expected + members;
        for (int i = 0; tech.written.sum() < target; i++) {
            Backoff.pause(i);
        }
        expected = target;
    }
}
