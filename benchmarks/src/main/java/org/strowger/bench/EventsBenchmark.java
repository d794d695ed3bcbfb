package org.strowger.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/**
 * The cost of events, on the default pool.
 *
 * <p><b>delivered</b> (events per second): the benchmark thread injects {@link #BURST} DTMF digits into one channel's
 * sink, as a network would; each becomes one {@code DtmfEnded} event (and one {@code DtmfEnded} for the channel's
 * application, which counts them). The operation ends when the application has seen every digit and each of the
 * {@code subscribers} (0, 1 or 10, each counting what it receives) has received every event. Throughput is events
 * emitted per second, each delivered to every subscriber; with 0 subscribers it is the channel's own rate, events
 * included but never built.
 *
 * <p><b>callSetup</b> (calls per second): {@link #CALLS} calls per operation, each created, placed, answered and hung
 * up by a tech that answers and hangs up at once: five events per call (created, dialing, up, hung up, destroyed).
 * With 0 or 1 counting subscriber, so the ratio of the two is the cost of events on call setup.
 *
 * <p><b>callSetupWithRecords</b> (calls per second): the same calls on a core with one call-record sink that counts
 * what it receives ({@code pool} or {@code thread}), or none ({@code none}); an operation ends when every call is
 * destroyed and its record (one per call) has reached the sink. The ratio to {@code none} is the cost of call records.
 *
 * <p>{@code delivery}: {@code thread} = the default, a thread per subscription; {@code pool} = on the core's pool.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventsBenchmark {
    static final int BURST = 1_000;
    static final int CALLS = 100;
    private static final DtmfEnd DIGIT = new DtmfEnd('5', Duration.ofMillis(80));

    /** A core with counting subscribers. */
    @State(Scope.Benchmark)
    public static class Core {
        @Param({"0", "1", "10"})
        public int subscribers;
        @Param({"thread", "pool"})
        public String delivery;
        ChannelCore core;
        SetupTech tech;
        final List<AtomicLong> counts = new ArrayList<>();
        final List<Subscription> subscriptions = new ArrayList<>();

        @Setup(Level.Trial)
        public void setup() {
            tech = new SetupTech();
            core = Strowger.builder().tech(tech).localChannels(false).build();
            SubscribeOptions options = SubscribeOptions.defaults().withQueueCapacity(1_000_000);
            options = delivery.equals("pool") ? options.onPool() : options;
            for (int i = 0; i < subscribers; i++) {
                AtomicLong count = new AtomicLong();
                counts.add(count);
                subscriptions.add(core.subscribe(EventFilter.all(), e -> count.lazySet(count.get() + 1), options));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            long dropped = subscriptions.stream().mapToLong(Subscription::dropped).sum();
            if (dropped != 0) {
                throw new IllegalStateException(dropped + " events dropped: the numbers are not comparable");
            }
            core.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }

        /** After each iteration, untimed: every event published so far has reached every subscriber. */
        @TearDown(Level.Iteration)
        public void delivered() {
            awaitDelivered(core.metrics().eventsPublished());
        }

        /** Waits until every subscriber has received {@code n} events in all. */
        void awaitDelivered(long n) {
            for (AtomicLong c : counts) {
                BridgeFixtures.await(() -> c.get() >= n, "events delivered");
            }
        }
    }

    /** One channel whose application counts the digits it hears. */
    @State(Scope.Benchmark)
    public static class Digits {
        Channel channel;
        ChannelSink sink;
        volatile long heard;
        long sent;
        long eventsBefore;

        @Setup(Level.Trial)
        public void setup(Core c) {
            channel = c.core.request(OutboundRequest.of(SetupTech.NAME, "digits").withVariables(
                    java.util.Map.of(SetupTech.KEEP, "1")));
            BridgeFixtures.spinJoin(channel.attach(new Application() {
                @Override
                public void onEvent(Channel ch, ChannelEvent event) {
                    if (event instanceof ChannelEvent.DtmfEnded) {
                        heard = heard + 1; // single writer: the channel's executor
                    }
                }
            }));
            BridgeFixtures.await(() -> c.tech.sink(channel) != null, "tech side created");
            sink = c.tech.sink(channel);
            eventsBefore = c.counts.isEmpty() ? 0 : c.counts.get(0).get();
        }

        @TearDown(Level.Trial)
        public void tearDown(Core c) {
            channel.hangup(HangupCause.NORMAL_CLEARING);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public long delivered(Core c, Digits d) {
        for (int i = 0; i < BURST; i++) {
            d.sink.receive(DIGIT);
        }
        d.sent += BURST;
        long target = d.sent;
        BridgeFixtures.await(() -> d.heard >= target, "digits heard");
        c.awaitDelivered(d.eventsBefore + d.sent);
        return d.heard;
    }

    /** An MDC that keeps values (slf4j's BasicMDCAdapter; logback's works alike), as each executor run uses it. */
    @State(Scope.Thread)
    public static class Mdc {
        final org.slf4j.spi.MDCAdapter adapter = new org.slf4j.helpers.BasicMDCAdapter();
    }

    /** What MdcKeys costs per executor run with an MDC that keeps values: one put and one remove. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void mdcPutRemove(Mdc m) {
        m.adapter.put(org.strowger.core.MdcKeys.CHANNEL, "pbx1-123456");
        m.adapter.remove(org.strowger.core.MdcKeys.CHANNEL);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CALLS)
    public int callSetup(Core c) {
        long closed = c.tech.closed.get() + CALLS;
        for (int i = 0; i < CALLS; i++) {
            c.core.request(OutboundRequest.of(SetupTech.NAME, "call")).call();
        }
        BridgeFixtures.await(() -> c.tech.closed.get() >= closed, "calls ended");
        return CALLS; // what the calls cost; delivery is awaited after each iteration (Core.delivered), untimed
    }

    /** A core with one call-record sink counting what it receives ({@code none}: no sink, no records computed). */
    @State(Scope.Benchmark)
    public static class Records {
        @Param({"none", "pool", "thread"})
        public String sink;
        ChannelCore core;
        SetupTech tech;
        final AtomicLong received = new AtomicLong();
        long expected;

        @Setup(Level.Trial)
        public void setup() {
            tech = new SetupTech();
            Strowger.Builder b = Strowger.builder().tech(tech).localChannels(false);
            if (!sink.equals("none")) {
                CallRecordSinkOptions options = CallRecordSinkOptions.defaults().withQueueCapacity(1_000_000);
                b.callRecordSink(r -> received.lazySet(received.get() + 1),
                        sink.equals("pool") ? options.onPool() : options);
            }
            core = b.build();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            long fallback = core.metrics().callRecords().sinks().stream().mapToLong(s -> s.fallback()).sum();
            if (fallback != 0) {
                throw new IllegalStateException(fallback + " records went to the fallback: not comparable");
            }
            core.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Call setup with a call-record sink: as {@link #callSetup}, each call (created, answered, hung up; one record)
     * ends only when its record has reached the sink. With {@code none}, the same core without a sink.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CALLS)
    public int callSetupWithRecords(Records r) {
        long closed = r.tech.closed.get() + CALLS;
        for (int i = 0; i < CALLS; i++) {
            r.core.request(OutboundRequest.of(SetupTech.NAME, "call")).call();
        }
        BridgeFixtures.await(() -> r.tech.closed.get() >= closed, "calls ended");
        if (!r.sink.equals("none")) {
            r.expected += CALLS;
            BridgeFixtures.await(() -> r.received.get() >= r.expected, "records delivered");
        }
        return CALLS;
    }

    /**
     * Answers every call at once and hangs it up right after (both queued from call(), so in that order), unless the
     * channel has variable {@link #KEEP}. Keeps each channel's sink for the benchmark.
     */
    static final class SetupTech implements ChannelTech {
        static final String NAME = "Setup";
        static final String KEEP = "KEEP";
        final AtomicLong closed = new AtomicLong();
        private final java.util.concurrent.ConcurrentHashMap<org.strowger.api.ChannelId, ChannelSink> sinks =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String name() {
            return NAME;
        }

        ChannelSink sink(Channel ch) {
            return sinks.get(ch.id());
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            boolean keep = setup.variables().containsKey(KEEP);
            if (keep) {
                sinks.put(setup.channelId(), sink);
            }
            return new TechChannel() {
                @Override
                public void call() {
                    sink.answered();
                    sink.hangup(HangupCause.NORMAL_CLEARING);
                }

                @Override
                public void answer() {
                    sink.answered();
                }

                @Override
                public void hangup(HangupCause cause) {
                }

                @Override
                public void close() {
                    sinks.remove(setup.channelId());
                    closed.incrementAndGet();
                }
            };
        }
    }
}
