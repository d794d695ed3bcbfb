package org.strowger.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.strowger.bench.lockpeer.LockBenchTech;
import org.strowger.bench.lockpeer.LockBridge;
import org.strowger.bench.lockpeer.LockChannel;
import org.strowger.bench.lockpeer.LockCore;

/**
 * {@code CallSetupBenchmark}'s setup on the lock peer: an inbound caller channel is created (as a network thread
 * would), an outbound callee is created and called (it answers at once), both join a new call bridge with
 * hang-up-after, and the caller is answered; then the callee is hung up, the bridge dissolves, the caller is hung up
 * after it and both are destroyed. Everything runs synchronously on the calling thread under the peer's locks. Two
 * benchmark threads (as many as Strowger's pool has workers) each set up {@code calls / 2} calls per invocation and
 * then tear them down, so up to 2 x calls channels are live, as in Strowger's batch. The {@code setups} counter gives
 * setups per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class LockPeerSetupBenchmark {
    @Param({"1000"})
    public int calls;

    private LockCore core;
    private LockBenchTech tech;
    private final AtomicLong completed = new AtomicLong();
    private final CpuMeter cpu = new CpuMeter();

    /** One thread's calls of the current invocation. */
    @State(Scope.Thread)
    public static class Batch {
        LockChannel[] callees;

        @Setup(Level.Trial)
        public void setup(LockPeerSetupBenchmark b) {
            callees = new LockChannel[Math.max(1, b.calls / 2)];
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        tech = new LockBenchTech();
        core = new LockCore("bench");
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start(null, completed.get()); // the benchmark threads do all the work
    }

    @TearDown(Level.Iteration)
    public void endIteration(BenchmarkParams params, IterationParams iteration) {
        cpu.stop(params, iteration, completed.get());
        if (core.channelCount() != 0 || core.bridgeCount() != 0) {
            throw new IllegalStateException("left " + core.channelCount() + " channels, " + core.bridgeCount()
                    + " bridges");
        }
    }

    @Benchmark
    @Threads(2)
    public void setups(CallSetupBenchmark.Setups counter, Batch batch) {
        LockCore c = core;
        LockChannel[] callees = batch.callees;
        int bridgedBefore = tech.bridged.get();
        for (int i = 0; i < callees.length; i++) {
            LockChannel caller = c.create("Setup", "caller", tech::driver);
            LockChannel callee = c.create("Setup", "callee", tech::driver);
            c.call(callee);
            LockBridge bridge = c.createBridge();
            bridge.join(caller, true);
            bridge.join(callee, true);
            c.answer(caller);
            callees[i] = callee;
        }
        for (int i = 0; i < callees.length; i++) {
            c.hangup(callees[i]);
            callees[i] = null;
        }
        if (tech.bridged.get() - bridgedBefore < 2 * callees.length) { // the other thread's count only adds
            throw new IllegalStateException("not every setup was bridged");
        }
        counter.setups += callees.length;
        completed.addAndGet(callees.length);
    }
}
