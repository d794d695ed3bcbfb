package org.strowger.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.strowger.api.Application;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.OnAnswer;
import org.strowger.core.Strowger;

/**
 * Call setups per second on the default pool (one thread per processor). One setup: an inbound call arrives
 * ({@code Setup/caller}, announced from the benchmark thread as a network thread would), its application requests an
 * outbound channel ({@code Setup/callee}) on its behalf, calls it (the far end answers at once), creates a call bridge,
 * joins both, answers the caller, and once both are bridged hangs up the callee; the bridge dissolves, the caller is
 * hung up after it, and both are destroyed. A batch of {@code calls} setups (default 1,000) is started at once and the
 * invocation ends when every channel of the batch is destroyed, so the number is throughput with up to 2 x calls
 * live channels. The {@code setups} counter gives setups per second (the primary score is batches per second).
 * {@code pool}: {@code fj} the default work-stealing pool, {@code pinned} {@link PinnedLoopPool}.
 *
 * <p>{@code path}: {@code fake} as above, no admission limit set; {@code fake+endpoint} the same with a usage limit
 * (never reached) on both endpoints, so every channel takes and releases a counter, all calls on the same two
 * counters; {@code fake+all} adds a creation rate and a live-channel limit (never reached);
 * {@code local} through a Local pair ({@code Local/callee/n}, not optimised away): caller - bridge - Local;1 |
 * Local;2 - bridge - callee, four channels and two bridges per setup, the callee hung up once both bridges hold both
 * their members and the second half has answered; {@code dial} places the outbound call with {@code ChannelCore.dial}
 * instead of {@code request}: a one-target dial string ({@code Setup/callee}) on the caller's behalf with
 * {@code OnAnswer.bridgeWith(caller)}, so the dial's coordinator creates and calls the leg, sees it answer, creates the
 * bridge, joins the leg, answers the caller and joins it; the callee is hung up when the result says ANSWERED.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class CallSetupBenchmark {
    private static final OutboundRequest CALLEE = OutboundRequest.of(SetupBenchTech.NAME, "callee");
    private static final OutboundRequest LOCAL = OutboundRequest.of("Local", "callee/n");

    private static final DialString DIAL = DialString.of(DialTarget.of(SetupBenchTech.NAME, "callee"));

    @Param({"fake", "fake+endpoint", "fake+all", "local", "dial"})
    public String path;

    /** Setups started at once per invocation. */
    @Param({"1000"})
    public int calls;

    @Param({"fj"})
    public String pool;

    private PinnedLoopPool pinned;
    private final CpuMeter cpu = new CpuMeter();
    private final AtomicLong completed = new AtomicLong();

    /** Setups completed, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Setups {
        public long setups;

        @Setup(Level.Iteration)
        public void reset() {
            setups = 0;
        }
    }

    private ChannelCore core;
    private SetupBenchTech tech;
    private final Map<String, LocalCall> localCalls = new ConcurrentHashMap<>();
    private final AtomicLong localIds = new AtomicLong();
    /** Setups whose two channels were both bridged (the caller side, for Local); checked after each batch. */
    private final AtomicLong bridged = new AtomicLong();

    /** A Local setup: the callee is hung up when both sides are ready. */
    private final class LocalCall {
        final AtomicInteger pending = new AtomicInteger(2);
        volatile Channel callee;

        void ready() {
            if (pending.decrementAndGet() == 0) {
                callee.hangup(HangupCause.NORMAL_CLEARING);
            }
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        tech = new SetupBenchTech();
        Strowger.Builder b = Strowger.builder().tech(tech).inboundHandler(ch -> ch.techName().equals("Local")
                ? localCallee : caller);
        if (path.startsWith("fake+")) {
            b.usageLimit("Setup/caller", 1_000_000).usageLimit("Setup/callee", 1_000_000);
        }
        if (path.equals("fake+all")) {
            b.maxChannels(1_000_000).creationRate(1e9, 1_000_000);
        }
        if (pool.equals("pinned")) {
            pinned = PinnedLoopPool.perProcessor();
            b.pool(pinned);
        } else if (!pool.equals("fj")) {
            throw new IllegalArgumentException("pool: fj or pinned, not " + pool);
        }
        core = b.build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        core.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (pinned != null) {
            pinned.shutdown();
        }
    }

    /** CPU per setup of everything but the benchmark thread (which announces the calls and then waits). */
    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start(Thread.currentThread(), completed.get());
    }

    @TearDown(Level.Iteration)
    public void endIteration(BenchmarkParams params, IterationParams iteration) {
        cpu.stop(params, iteration, completed.get());
    }

    /** Owns each inbound Setup call: dials, bridges, answers; hangs the callee up once bridged (direct path). */
    private final Application caller = new Application() {
        @Override
        public String name() {
            return "caller"; // the default is getClass().getSimpleName(), slow for an anonymous class
        }

        @Override
        public void onAttach(Channel in) {
            if (path.equals("dial")) {
                core.dial(DialRequest.of(DIAL).withCaller(in).withOnAnswer(OnAnswer.bridgeWith(in))).result()
                        .thenAccept(r -> { // back on the caller's executor, both bridged
                            if (r.outcome() == DialOutcome.ANSWERED) {
                                bridged.incrementAndGet();
                                r.winner().hangup(HangupCause.NORMAL_CLEARING);
                            } else {
                                in.hangup(HangupCause.NORMAL_CLEARING); // the batch check then fails it
                            }
                        });
                return;
            }
            boolean local = path.equals("local");
            LocalCall lc = null;
            OutboundRequest req = CALLEE;
            if (local) {
                String key = Long.toString(localIds.incrementAndGet());
                lc = new LocalCall();
                localCalls.put(key, lc);
                req = LOCAL.withVariables(Map.of("bench_call", key));
            }
            Channel out = core.request(req.withRequester(in));
            out.call();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            LocalCall call = lc;
            bridge.join(in, JoinOptions.HANG_UP_AFTER).thenCombine(bridge.join(out, JoinOptions.HANG_UP_AFTER), (x, y) -> y)
                    .thenRun(() -> {
                        bridged.incrementAndGet();
                        if (call != null) {
                            call.ready();
                        } else {
                            out.hangup(HangupCause.NORMAL_CLEARING);
                        }
                    });
            in.answer();
        }
    };

    /** Owns the second half of each Local pair: dials the callee, bridges, answers (which answers the first half). */
    private final Application localCallee = new Application() {
        @Override
        public String name() {
            return "local-callee";
        }

        @Override
        public void onAttach(Channel two) {
            LocalCall call = localCalls.remove(two.snapshot().variables().get("bench_call"));
            Channel out = core.request(CALLEE.withRequester(two));
            call.callee = out;
            out.call();
            Bridge bridge = core.createBridge(BridgeOptions.call());
            bridge.join(two, JoinOptions.HANG_UP_AFTER).thenCombine(bridge.join(out, JoinOptions.HANG_UP_AFTER),
                    (x, y) -> y).thenCompose(v -> two.answer()).thenRun(call::ready);
        }
    };

    @Benchmark
    public void setups(Setups counter) throws Exception {
        int n = calls;
        SetupBenchTech.Batch batch = new SetupBenchTech.Batch(2L * n);
        long before = bridged.get();
        tech.begin(batch);
        for (int i = 0; i < n; i++) {
            tech.ring();
        }
        batch.done.get(60, TimeUnit.SECONDS);
        BridgeFixtures.await(() -> core.channelCount() == 0 && core.bridgeCount() == 0, "the batch torn down");
        if (bridged.get() - before != n) { // a refused or failed setup would end early and inflate the number
            throw new IllegalStateException((bridged.get() - before) + " of " + n + " setups were bridged");
        }
        counter.setups += n;
        completed.addAndGet(n);
    }
}
