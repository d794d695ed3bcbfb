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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.slf4j.MDC;
import org.strowger.core.MdcKeys;

/**
 * The MDC calls of one nested run (SerialExecutor.runNested) alone, on logback's MDC adapter (the fork binds it as
 * MdcForwardingBenchmark's logback forks do; {@code -jvmArgsAppend} on the command line replaces that to try another
 * binding). The thread's MDC holds the outer channel's id, as during a channel's batch. Per operation:
 * <ul>
 *   <li>{@code none}: nothing (the floor);
 *   <li>{@code getPutPut}: what runNested does for a channel forwarding to a channel (same key): get the outer
 *       value, put the peer's, put the outer's back (three calls);
 *   <li>{@code putPut}: the peer's id put, the outer's put back from its label, no get (two calls);
 *   <li>{@code crossKey}: the former runNested for different keys (e.g. a bridge's batch forwarding to a channel):
 *       get, remove, put, remove, put (five calls);
 *   <li>{@code crossKeyNoGet}: the same without the get, the outer's entry put back from its label (four calls).
 * </ul>
 * {@code getPutPut} and {@code crossKey} are what runNested did before it put the outer entry back from its label;
 * {@code putPut} and {@code crossKeyNoGet} what it does now.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
        "-Dlogback.configurationFile=logback-bench.xml", "-Dslf4j.internal.verbosity=WARN"})
@State(Scope.Thread)
public class MdcOpsBenchmark {
    // fields, not constants, as runNested computes them from labels
    private String outerKey = MdcKeys.CHANNEL;
    private String key = MdcKeys.CHANNEL;
    private String otherKey = MdcKeys.BRIDGE;
    private String outerId = "c-0000000001";
    private String peerId = "c-0000000002";

    private String batchKey;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        System.out.println("\n[mdc] adapter " + MDC.getMDCAdapter().getClass().getName());
        // as SerialExecutor.run() does before the batch: a channel's, or for crossKey a bridge's
        batchKey = params.getBenchmark().contains(".crossKey") ? otherKey : outerKey;
        MDC.put(batchKey, outerId);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!outerId.equals(MDC.get(batchKey)) || MDC.getCopyOfContextMap().size() != 1) {
            throw new IllegalStateException("the outer id was not restored: " + MDC.getCopyOfContextMap());
        }
        MDC.clear();
    }

    @Benchmark
    public void none() {
    }

    @Benchmark
    public void getPutPut() {
        nested(outerKey, key);
    }

    @Benchmark
    public void putPut() {
        MDC.put(key, peerId);
        MDC.put(outerKey, outerId);
    }

    @Benchmark
    public void crossKey() {
        nested(otherKey, key);
    }

    @Benchmark
    public void crossKeyNoGet() {
        MDC.remove(otherKey);
        MDC.put(key, peerId);
        MDC.remove(key);
        MDC.put(otherKey, outerId);
    }

    /** runNested's former MDC calls (the outer value read back with get), without the nested task. */
    private void nested(String outerKey, String key) {
        String outerValue = MDC.get(outerKey);
        if (!key.equals(outerKey)) {
            MDC.remove(outerKey);
        }
        MDC.put(key, peerId);
        if (!key.equals(outerKey)) {
            MDC.remove(key);
        }
        if (outerValue != null) {
            MDC.put(outerKey, outerValue);
        }
    }
}
