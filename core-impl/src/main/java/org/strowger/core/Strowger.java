package org.strowger.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.strowger.api.ChannelCore;
import org.strowger.api.CreationRate;
import org.strowger.api.EndpointUsage;
import org.strowger.api.InboundCallHandler;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.cdr.CallRecordSink;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.media.MediaSource;
import org.strowger.core.cdr.CallRecords;
import org.strowger.core.engine.CoreConfig;
import org.strowger.core.engine.CoreImpl;
import org.strowger.core.local.LocalTech;
import org.strowger.core.media.play.FrameSources;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.Codec;

/**
 * The entry point: builds an embedded {@link ChannelCore}.
 *
 * <pre>{@code
 * ChannelCore core = Strowger.builder()
 *         .inboundHandler(channel -> myIvr)
 *         .tech(new MySipTech())
 *         .build();
 * ...
 * core.shutdown().toCompletableFuture().join();
 * }</pre>
 */
public final class Strowger {
    private Strowger() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a core. Not thread-safe; build once. */
    public static final class Builder {
        private WorkerPool pool;
        private boolean ownsPool;
        private CoreScheduler scheduler;
        private boolean ownsScheduler;
        private int throughput = 32;
        private int mediaCapacity = 32;
        private int maxChannels = Integer.MAX_VALUE;
        private CreationRate creationRate;
        private final Map<String, Integer> usageLimits = new LinkedHashMap<>();
        private long stallBudgetNanos = Duration.ofMillis(500).toNanos();
        private Consumer<StallReport> stallListener;
        private InboundCallHandler inboundHandler;
        private String idPrefix;
        private final List<ChannelTech> techs = new ArrayList<>();
        private boolean serviceLoader;
        private boolean localChannels = true;
        private UnaryOperator<ChannelTech> localDecorator = UnaryOperator.identity();
        private final List<CallRecords.Registration> callRecordSinks = new ArrayList<>();
        private final List<Codec> codecs = new ArrayList<>();
        private MediaSource musicOnHold;

        private Builder() {
        }

        /**
         * The pool that runs executors. Default: {@link WorkerPool#forkJoin} with one thread per available processor,
         * shut down with the core. A pool passed here is not shut down by the core.
         */
        public Builder pool(WorkerPool pool) {
            this.pool = nonNull(pool, "pool");
            return this;
        }

        /**
         * The clock and timer. Default: {@link CoreScheduler#system()}, shut down with the core. A scheduler passed
         * here is not shut down by the core.
         */
        public Builder scheduler(CoreScheduler scheduler) {
            this.scheduler = nonNull(scheduler, "scheduler");
            return this;
        }

        /** Tasks an executor runs per batch before yielding its thread (default 32; 1..1,000,000). */
        public Builder executorThroughput(int tasksPerBatch) {
            this.throughput = range(tasksPerBatch, 1, 1_000_000, "executor throughput");
            return this;
        }

        /**
         * Media-lane capacity per channel in frames (default 32, i.e. 640 ms of 20 ms audio; 2..65,536), rounded up
         * to a power of two: the lane holds exactly that many frames.
         */
        public Builder mediaQueueCapacity(int frames) {
            range(frames, 2, 65_536, "media queue capacity");
            this.mediaCapacity = Integer.highestOneBit(frames - 1) << 1;
            return this;
        }

        /** Most live channels; creations beyond it are rejected with {@code LIMIT_REACHED} (default unlimited). */
        public Builder maxChannels(int max) {
            this.maxChannels = range(max, 0, Integer.MAX_VALUE, "max channels");
            return this;
        }

        /**
         * Limits how fast channels are created, inbound and outbound, on the core's clock: at most {@code burst} at
         * once and {@code perSecond} sustained (a token bucket); creations beyond it are rejected with
         * {@code RATE_LIMITED} (default unlimited). Changeable at run time with
         * {@link ChannelCore#setCreationRate}.
         *
         * @throws org.strowger.api.InvalidArgumentException unless {@code perSecond} is 0.001 .. 1e9 and {@code burst}
         *     1 .. 1,000,000
         */
        public Builder creationRate(double perSecond, int burst) {
            this.creationRate = new CreationRate(perSecond, burst);
            return this;
        }

        /**
         * Limits the live channels of {@code endpoint} (default: no endpoint is limited); see
         * {@link ChannelCore#setUsageLimit}, which changes limits at run time.
         *
         * @throws org.strowger.api.InvalidArgumentException for a malformed endpoint or a negative {@code max}
         */
        public Builder usageLimit(String endpoint, int max) {
            EndpointUsage.checkEndpoint(endpoint);
            usageLimits.put(endpoint, range(max, 0, Integer.MAX_VALUE, "usage limit"));
            return this;
        }

        /**
         * How long one executor batch may run before the stall watchdog reports it and compensates the pool with an
         * extra thread (default 500 ms; {@link Duration#ZERO} disables the watchdog). Applies when the pool is a
         * {@link WorkerPool#forkJoin} pool (the default, or one passed to {@link #pool}).
         */
        public Builder stallBudget(Duration budget) {
            nonNull(budget, "stall budget");
            if (budget.isNegative()) {
                throw new InvalidArgumentException("stall budget must not be negative");
            }
            this.stallBudgetNanos = budget.toNanos();
            return this;
        }

        /** Receives each stall report (on the scheduler's thread), besides the log line. */
        public Builder stallListener(Consumer<StallReport> listener) {
            this.stallListener = nonNull(listener, "stall listener");
            return this;
        }

        /** Receives every new inbound channel first. Without one, inbound calls are rejected. */
        public Builder inboundHandler(InboundCallHandler handler) {
            this.inboundHandler = nonNull(handler, "inbound handler");
            return this;
        }

        /** Prefix of generated channel ids (default: random per core). Visible ASCII without '-'. */
        public Builder idPrefix(String prefix) {
            nonNull(prefix, "id prefix");
            if (prefix.isEmpty() || prefix.indexOf('-') >= 0 || prefix.length() > 32) {
                throw new InvalidArgumentException("id prefix must be 1..32 characters without '-'");
            }
            this.idPrefix = prefix;
            return this;
        }

        /** Registers {@code tech} when the core is built. */
        public Builder tech(ChannelTech tech) {
            techs.add(nonNull(tech, "tech"));
            return this;
        }

        /**
         * Whether to register the built-in loopback tech {@code Local} (default true). {@code Local/<destination>}
         * creates a pair of channels: the requested one, and one announced to the inbound-call handler for
         * {@code <destination>}; once both halves are bridged the pair optimises itself away by a bridge swap
         * ({@code Local/<destination>/n} never does).
         */
        public Builder localChannels(boolean enabled) {
            this.localChannels = enabled;
            return this;
        }

        /**
         * Registers the built-in {@code Local} tech wrapped by {@code decorator}, for instrumentation (the test kit's
         * ChannelTech TCK records Local's callbacks this way); implies {@code localChannels(true)}. The wrapper must
         * delegate every method, and pass the context it receives in {@code start} (or a context that delegates
         * {@code announceInbound} to it, on the calling thread) on to Local.
         */
        public Builder localChannels(UnaryOperator<ChannelTech> decorator) {
            this.localDecorator = nonNull(decorator, "local tech decorator");
            this.localChannels = true;
            return this;
        }

        /** Registers every {@link ChannelTech} found by {@link java.util.ServiceLoader} when the core is built. */
        public Builder serviceLoaderTechs() {
            this.serviceLoader = true;
            return this;
        }

        /**
         * Adds a codec to translate through, besides the built-in ones and those {@link java.util.ServiceLoader}
         * finds ({@link Codec}); for a format that several codecs claim, the one of lower cost serves. On equal costs
         * a built-in codec serves, else the builder's (the first added), else ServiceLoader's: so a codec configured
         * here wins over the same codec with its defaults found on the class path.
         */
        public Builder codec(Codec codec) {
            codecs.add(nonNull(codec, "codec"));
            return this;
        }

        /**
         * What a channel put on hold hears: when a channel is sent {@code HOLD} (its two-party peer's far end put the
         * call on hold, or stopped sending; an attended transfer holds its transferees; {@code Channel.indicate}), it
         * plays {@code source}, repeated, until {@code UNHOLD}, instead of passing the hold to its tech. Without
         * one (the default) the hold is passed to the tech, which may play its own music or tell its phone.
         */
        public Builder musicOnHold(MediaSource source) {
            FrameSources.check(nonNull(source, "music on hold"));
            this.musicOnHold = source;
            return this;
        }

        /**
         * Adds a call-record sink with {@link CallRecordSinkOptions#defaults()}: a thread of its own, a queue of
         * 10,000 records, the logging fallback. See {@link #callRecordSink(CallRecordSink, CallRecordSinkOptions)}.
         */
        public Builder callRecordSink(CallRecordSink sink) {
            return callRecordSink(sink, CallRecordSinkOptions.defaults());
        }

        /**
         * Adds a call-record sink: the core derives call records from its events and hands each, once closed, to
         * every sink, on the sink's own executor ({@link CallRecordSink}). With no sink, no record is computed.
         * Records are never lost: what a sink cannot take (its queue is full, it throws, it is still busy 5 s into
         * the core's shutdown) goes to {@code options.fallback()}, and is counted in
         * {@code CoreMetrics.callRecords()}.
         */
        public Builder callRecordSink(CallRecordSink sink, CallRecordSinkOptions options) {
            callRecordSinks.add(new CallRecords.Registration(nonNull(sink, "sink"), nonNull(options, "options")));
            return this;
        }

        /**
         * Builds the core and registers the configured techs.
         *
         * @throws InvalidArgumentException if a tech's name is malformed or taken, or its {@code start} throws; the
         *     partly built core is shut down
         */
        public ChannelCore build() {
            if (pool == null) {
                pool = WorkerPool.forkJoin(Runtime.getRuntime().availableProcessors());
                ownsPool = true;
            }
            if (scheduler == null) {
                scheduler = CoreScheduler.system();
                ownsScheduler = true;
            }
            CoreImpl core = new CoreImpl(new CoreConfig(pool, ownsPool, scheduler, ownsScheduler, throughput,
                    mediaCapacity, maxChannels, creationRate, usageLimits, stallBudgetNanos, stallListener,
                    inboundHandler, idPrefix, callRecordSinks, codecs, musicOnHold));
            try {
                if (localChannels) {
                    core.registerTech(nonNull(localDecorator.apply(new LocalTech(core)), "decorated local tech"));
                }
                for (ChannelTech t : techs) {
                    core.registerTech(t);
                }
                if (serviceLoader) {
                    core.registerServiceLoaderTechs();
                }
            } catch (RuntimeException e) {
                core.shutdown(); // releases the pool and scheduler the core owns
                throw e;
            }
            return core;
        }

        private static <T> T nonNull(T value, String what) {
            if (value == null) {
                throw new InvalidArgumentException(what + " must not be null");
            }
            return value;
        }

        private static int range(int value, int min, int max, String what) {
            if (value < min || value > max) {
                throw new InvalidArgumentException(what + " must be " + min + ".." + max + ", was " + value);
            }
            return value;
        }
    }
}
