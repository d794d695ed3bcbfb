package org.strowger.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.bench.lockpeer.LockBenchTech;
import org.strowger.bench.lockpeer.LockBridge;
import org.strowger.bench.lockpeer.LockChannel;
import org.strowger.bench.lockpeer.LockCore;
import org.strowger.bench.lockpeer.LockTransfer;
import org.strowger.core.Strowger;

/**
 * Attended-transfer latency on the default pool, with a tech whose channels answer at once. Each invocation gets a
 * fresh bridged pair (transferee a, transferer b), built outside the measured time:
 * {@code start} times {@code core.attendedTransfer(b, target)} until its stage completes (the consultation has
 * begun); {@code complete} times {@code transfer.complete()} until its outcome (after the setup waited for the target
 * to answer and be bridged with b). The benchmark thread spins (then yields) on the stage rather than blocking, so no
 * wake-up of the benchmark thread is in the number. Sample mode gives the percentiles. {@code lockStart} and
 * {@code lockComplete} do the same on the lock peer ({@link LockTransfer}), synchronously on the benchmark thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TransferBenchmark {
    private static final OutboundRequest TARGET = OutboundRequest.of(BridgeBenchTech.NAME, "target");

    @State(Scope.Benchmark)
    public static class Core {
        ChannelCore core;
        BridgeBenchTech tech;

        @Setup(Level.Trial)
        public void setup() {
            tech = new BridgeBenchTech();
            core = Strowger.builder().tech(tech).localChannels(false).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            core.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    /** A bridged pair before the transfer; after the invocation, the transfer is completed and everything hung up. */
    @State(Scope.Thread)
    public static class BeforeStart {
        BridgeFixtures.Pair pair;
        AttendedTransfer transfer;

        @Setup(Level.Invocation)
        public void setup(Core c) {
            pair = BridgeFixtures.pairs(c.core, c.tech, 1).get(0);
        }

        @TearDown(Level.Invocation)
        public void tearDown(Core c) {
            BridgeFixtures.spinJoin(transfer.complete());
            BridgeFixtures.hangupAll(c.core, pair.a(), pair.b(), transfer.target());
        }
    }

    /** A transfer in consultation with an answered target. */
    @State(Scope.Thread)
    public static class InConsultation {
        BridgeFixtures.Pair pair;
        AttendedTransfer transfer;
        TransferOutcome outcome;

        @Setup(Level.Invocation)
        public void setup(Core c) {
            pair = BridgeFixtures.pairs(c.core, c.tech, 1).get(0);
            transfer = BridgeFixtures.spinJoin(c.core.attendedTransfer(pair.b(), TARGET));
            BridgeFixtures.await(() -> transfer.target().state() == ChannelState.UP
                    && c.tech.channel(transfer.target().id()) != null
                    && c.tech.channel(transfer.target().id()).inBridge, "target answered and bridged");
        }

        @TearDown(Level.Invocation)
        public void tearDown(Core c) {
            if (outcome != TransferOutcome.COMPLETED) {
                throw new IllegalStateException("outcome " + outcome);
            }
            BridgeFixtures.hangupAll(c.core, pair.a(), pair.b(), transfer.target());
        }
    }

    @Benchmark
    public AttendedTransfer start(Core c, BeforeStart s) {
        s.transfer = BridgeFixtures.spinJoin(c.core.attendedTransfer(s.pair.b(), TARGET));
        return s.transfer;
    }

    @Benchmark
    public TransferOutcome complete(InConsultation s) {
        s.outcome = BridgeFixtures.spinJoin(s.transfer.complete());
        return s.outcome;
    }

    /** The lock peer: a bridged pair per invocation, and a transfer in consultation for {@code lockComplete}. */
    @State(Scope.Thread)
    public static class LockPair {
        final LockCore core = new LockCore("bench");
        final LockBenchTech tech = new LockBenchTech();
        LockChannel a;
        LockChannel b;
        LockTransfer transfer;

        void bridgedPair() {
            a = core.create(BridgeBenchTech.NAME, "a", tech::driver);
            b = core.create(BridgeBenchTech.NAME, "b", tech::driver);
            core.call(a);
            core.call(b);
            LockBridge bridge = core.createBridge();
            bridge.join(a, true);
            bridge.join(b, true);
        }

        LockTransfer start() {
            return LockTransfer.start(core, b, BridgeBenchTech.NAME, "target", tech::driver);
        }

        void hangupAll() {
            core.hangup(a);
            core.hangup(b);
            core.hangup(transfer.target());
            if (core.channelCount() != 0 || core.bridgeCount() != 0) {
                throw new IllegalStateException("lock peer left " + core.channelCount() + " channels");
            }
        }
    }

    @State(Scope.Thread)
    public static class LockBeforeStart extends LockPair {
        @Setup(Level.Invocation)
        public void setup() {
            bridgedPair();
        }

        @TearDown(Level.Invocation)
        public void tearDown() {
            transfer.complete();
            hangupAll();
        }
    }

    @State(Scope.Thread)
    public static class LockInConsultation extends LockPair {
        @Setup(Level.Invocation)
        public void setup() {
            bridgedPair();
            transfer = start();
        }

        @TearDown(Level.Invocation)
        public void tearDown() {
            if (transfer.target().state() != LockChannel.State.UP || b.state() != LockChannel.State.HUNG_UP) {
                throw new IllegalStateException("transfer did not complete");
            }
            hangupAll();
        }
    }

    @Benchmark
    public LockTransfer lockStart(LockBeforeStart s) {
        s.transfer = s.start();
        return s.transfer;
    }

    @Benchmark
    public LockTransfer lockComplete(LockInConsultation s) {
        s.transfer.complete();
        return s.transfer;
    }
}
