package org.strowger.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.CoreMetrics;
import org.strowger.api.CoreStats;
import org.strowger.api.CreationRate;
import org.strowger.api.Direction;
import org.strowger.api.EndpointUsage;
import org.strowger.api.HangupCause;
import org.strowger.api.InboundCallHandler;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OperatorView;
import org.strowger.api.OutboundRequest;
import org.strowger.api.StrowgerException;
import org.strowger.api.cdr.CallRecordMetrics;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventSubscriber;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/*
 * The core: registry, techs, admission, shutdown. Creating a channel never waits: it reserves a slot (max channels),
 * counts the channel on its tech, builds it with a held executor whose first task creates the tech side, registers
 * it (the id claim rejects duplicates) and only then releases the executor, so no command can overtake the first
 * task. After registering, it re-reads the tech's phase and the core's run state and hangs the new channel up if
 * either changed meanwhile; unregister and shutdown iterate the registry after changing their phase, so every channel
 * is caught by one side or the other. Destroy releases the slot and the tech count exactly once (registry removal is
 * exactly-once), which is what lets unregister and shutdown complete.
 *
 * Admission, in order: run state, creation rate (TokenBucket), max channels (a reserved-slot counter), the tech's
 * count, the endpoint's usage limit (EndpointLimits), and last the id claim; each refusal gives back what the steps
 * before it took (a rate token included: a refused creation created nothing), counts itself in the stats, and
 * carries the cause to signal. Destroy releases the endpoint counter before the slot, so a shutdown completes with
 * every usage back at zero.
 *
 * Bridges live in a second map with their own count; shutdown destroys them, hangs every channel up, and finishes
 * when both counts reach zero. Transfers (Transfers, AttendedTransferImpl) are compositions of bridge operations and
 * own no channel state.
 *
 * Events (EventBus) are emitted by the channels and bridges themselves; the core only holds the subscriptions, and at
 * shutdown lets each one deliver what it has queued (at most SUBSCRIPTION_DRAIN_NANOS), then lets the call-record
 * sinks (CallRecords) drain likewise, before it completes and stops the pool. Metrics are counters kept here plus
 * gauges computed on demand by walking the live channels.
 */
final class CoreImpl implements ChannelCore {
    private static final Logger LOG = LoggerFactory.getLogger(CoreImpl.class);
    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int STOPPED = 2;
    private static final long SUBSCRIPTION_DRAIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private static final int QUEUE_DEPTH_LIMIT = 1_000_000;
    private static final VarHandle RUN_STATE;

    static {
        try {
            RUN_STATE = MethodHandles.lookup().findVarHandle(CoreImpl.class, "runState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ChannelRegistry<ChannelImpl> registry = new ChannelRegistry<>();
    private final ConcurrentHashMap<String, TechRegistration> techs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<BridgeId, BridgeImpl> bridges = new ConcurrentHashMap<>();
    private final AtomicInteger liveBridges = new AtomicInteger();
    private final Transfers transfers = new Transfers(this);
    private final IdGenerator ids;
    private final ExecutorSettings settings;
    private final CoreScheduler scheduler;
    private final boolean ownsPool;
    private final boolean ownsScheduler;
    private final StallWatchdog watchdog;
    private final InboundCallHandler inboundHandler;
    private final int maxChannels;
    private final AtomicInteger reserved = new AtomicInteger();
    private final EndpointLimits endpoints = new EndpointLimits();
    private volatile TokenBucket creationRate;
    private final java.util.function.LongSupplier clock; // the scheduler's nanoTime, for the rate bucket
    private final AtomicLong nameSequence = new AtomicLong();
    private final LongAdder created = new LongAdder();
    private final LongAdder destroyed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder rejectedMax = new LongAdder();
    private final LongAdder rejectedRate = new LongAdder();
    private final LongAdder rejectedBusy = new LongAdder();
    private final LongAdder faults = new LongAdder();
    private final LongAdder bridgesCreated = new LongAdder();
    private final LongAdder mediaDroppedByGone = new LongAdder();
    private final AtomicLong subscriptionNames = new AtomicLong();
    final EventBus events = new EventBus();
    private final CallRecords callRecords; // null without sinks
    private final CommandFuture<Void> terminated = new CommandFuture<>();
    private volatile int runState = RUNNING;

    CoreImpl(Strowger.Builder b) {
        this.settings = new ExecutorSettings(b.pool, b.throughput, b.mediaCapacity);
        this.scheduler = b.scheduler;
        this.ownsPool = b.ownsPool;
        this.ownsScheduler = b.ownsScheduler;
        this.inboundHandler = b.inboundHandler;
        this.maxChannels = b.maxChannels;
        this.ids = new IdGenerator(b.idPrefix);
        this.clock = scheduler::nanoTime;
        this.callRecords = b.callRecordSinks.isEmpty() ? null
                : new CallRecords(events, settings, scheduler, List.copyOf(b.callRecordSinks));
        if (b.creationRate != null) {
            creationRate = new TokenBucket(b.creationRate, scheduler.nanoTime());
        }
        b.usageLimits.forEach((endpoint, max) -> endpoints.set(endpoint, max, List.of()));
        if (b.pool instanceof ForkJoinWorkerPool fj && b.stallBudgetNanos > 0) {
            watchdog = new StallWatchdog(fj, scheduler, b.stallBudgetNanos, b.stallListener);
            watchdog.start();
        } else {
            watchdog = null;
        }
    }

    WorkerPool pool() {
        return settings.pool();
    }

    ExecutorSettings executorSettings() {
        return settings;
    }

    CoreScheduler scheduler() {
        return scheduler;
    }

    void countFault() {
        faults.increment();
    }

    // ---- lookups ----

    @Override
    public Optional<Channel> channel(ChannelId id) {
        if (id == null) {
            throw new InvalidArgumentException("id must not be null");
        }
        return Optional.ofNullable(registry.get(id));
    }

    @Override
    public Optional<Channel> channelByName(String name) {
        if (name == null) {
            throw new InvalidArgumentException("name must not be null");
        }
        return Optional.ofNullable(registry.getByName(name));
    }

    @Override
    public Channel requireChannel(ChannelId id) {
        return channel(id).orElseThrow(() -> new NoSuchChannelException(id, NoSuchChannelException.Reason.UNKNOWN,
                "no live channel has id " + id));
    }

    @Override
    public List<ChannelSnapshot> channels() {
        // A weakly consistent walk can meet an assigned id twice: the entry destroyed meanwhile and its successor
        // created meanwhile (appended to the bucket behind the walk). List the id once, as the registered entry.
        Map<ChannelId, ChannelImpl> byId = new LinkedHashMap<>();
        for (ChannelImpl c : registry.values()) {
            byId.merge(c.id(), c, (seen, again) -> registry.get(again.id()) == again ? again : seen);
        }
        List<ChannelSnapshot> out = new ArrayList<>(byId.size());
        for (ChannelImpl c : byId.values()) {
            out.add(c.snapshot());
        }
        return out;
    }

    @Override
    public int channelCount() {
        return registry.size();
    }

    @Override
    public int channelCount(String techName) {
        if (techName == null) {
            throw new InvalidArgumentException("tech name must not be null");
        }
        TechRegistration r = techs.get(techName);
        return r == null ? 0 : r.liveChannels();
    }

    @Override
    public CoreStats stats() {
        return new CoreStats(reserved.get(), created.sum(), destroyed.sum(), rejected.sum(), faults.sum(),
                watchdog == null ? 0 : watchdog.stalls(), rejectedMax.sum(), rejectedRate.sum(), rejectedBusy.sum());
    }

    // ---- admission control ----

    @Override
    public void setUsageLimit(String endpoint, int max) {
        EndpointUsage.checkEndpoint(endpoint);
        if (max < 0) {
            throw new InvalidArgumentException("usage limit must be >= 0, was " + max);
        }
        endpoints.set(endpoint, max, registry.values());
    }

    @Override
    public boolean removeUsageLimit(String endpoint) {
        return endpoints.remove(EndpointUsage.checkEndpoint(endpoint));
    }

    @Override
    public Optional<EndpointUsage> usage(String endpoint) {
        return endpoints.usage(EndpointUsage.checkEndpoint(endpoint));
    }

    @Override
    public List<EndpointUsage> usageLimits() {
        return endpoints.all();
    }

    @Override
    public void setCreationRate(CreationRate rate) {
        if (rate == null) {
            throw new InvalidArgumentException("creation rate must not be null");
        }
        creationRate = new TokenBucket(rate, scheduler.nanoTime());
    }

    @Override
    public void removeCreationRate() {
        creationRate = null;
    }

    @Override
    public Optional<CreationRate> creationRate() {
        TokenBucket b = creationRate;
        return b == null ? Optional.empty() : Optional.of(b.rate);
    }

    @Override
    public CoreMetrics metrics() {
        long depthTotal = 0;
        int depthMax = 0;
        long media = mediaDroppedByGone.sum();
        for (ChannelImpl c : registry.values()) {
            int d = c.executor.queueDepth(QUEUE_DEPTH_LIMIT);
            depthTotal += d;
            depthMax = Math.max(depthMax, d);
            media += c.executor.mediaDropped();
        }
        for (BridgeImpl b : bridges.values()) {
            media += b.executor.mediaDropped();
        }
        return new CoreMetrics(stats(), liveBridges.get(), bridgesCreated.sum(), media, depthTotal, depthMax,
                events.published(), events.stats(), scheduler.currentTimeMillis(),
                callRecords == null ? CallRecordMetrics.NONE : callRecords.metrics());
    }

    @Override
    public String channelTable() {
        return OperatorView.channelTable(channels(), scheduler.currentTimeMillis());
    }

    @Override
    public String bridgeTable() {
        return OperatorView.bridgeTable(bridges(), scheduler.currentTimeMillis());
    }

    // ---- events ----

    @Override
    public Subscription subscribe(EventFilter filter, EventSubscriber subscriber, SubscribeOptions options) {
        if (filter == null || subscriber == null || options == null) {
            throw new InvalidArgumentException("filter, subscriber and options must not be null");
        }
        String name = options.name() != null ? options.name() : "subscription-" + subscriptionNames.incrementAndGet();
        EventSubscription s = new EventSubscription(events, settings, scheduler, filter, subscriber, options, name);
        if (runState == STOPPED || !events.add(s)) {
            s.close();
            throw new CommandRejectedException(CommandRejectedException.Reason.SHUTTING_DOWN, "the core has stopped");
        }
        return s;
    }

    /** The implementation behind a handle of this core. */
    ChannelImpl own(Channel channel) {
        if (channel == null) {
            throw new InvalidArgumentException("channel must not be null");
        }
        if (!(channel instanceof ChannelImpl c) || c.core != this) {
            throw new InvalidArgumentException("channel " + channel.id() + " is not a channel of this core");
        }
        return c;
    }

    /** The implementation behind a handle of this core. */
    BridgeImpl own(Bridge bridge) {
        if (bridge == null) {
            throw new InvalidArgumentException("bridge must not be null");
        }
        if (!(bridge instanceof BridgeImpl b) || b.core != this) {
            throw new InvalidArgumentException("bridge " + bridge.id() + " is not a bridge of this core");
        }
        return b;
    }

    // ---- bridges ----

    /** The bridge that owns {@code c} according to its latest snapshot, or null. */
    BridgeImpl bridgeOf(ChannelImpl c) {
        BridgeId id = c.snapshot().bridge();
        return id == null ? null : bridges.get(id);
    }

    Optional<ChannelImpl> channelImpl(ChannelId id) {
        return Optional.ofNullable(registry.get(id));
    }

    BridgeImpl createBridgeImpl(BridgeOptions options) {
        return (BridgeImpl) createBridge(options);
    }

    // ---- dialing ----

    @Override
    public org.strowger.api.dial.DialHandle dial(org.strowger.api.dial.DialRequest request) {
        return DialCoordinator.start(this, request);
    }

    // ---- transfers ----

    @Override
    public CompletionStage<Channel> blindTransfer(Channel transferer, OutboundRequest target) {
        return transfers.blind(transferer, target);
    }

    @Override
    public CompletionStage<Void> pickup(Channel picker, Channel ringing) {
        return transfers.pickup(picker, ringing);
    }

    @Override
    public CompletionStage<org.strowger.api.AttendedTransfer> attendedTransfer(Channel transferer,
            OutboundRequest target) {
        ChannelImpl t = own(transferer);
        if (target == null) {
            throw new InvalidArgumentException("target must not be null");
        }
        CommandFuture<org.strowger.api.AttendedTransfer> started = CommandFuture.forCaller(pool());
        BridgeImpl home = bridgeOf(t);
        if (home == null) {
            started.fail(Transfers.notInBridge(t, "attended transfer"));
            return started;
        }
        ChannelImpl x = (ChannelImpl) request(target.withRequester(t));
        new AttendedTransferImpl(this, t, home, x).begin(started);
        return started;
    }

    @Override
    public Bridge createBridge(BridgeOptions options) {
        if (options == null) {
            throw new InvalidArgumentException("bridge options must not be null");
        }
        BridgeId id = options.id() == null ? ids.nextBridge() : ids.checkChosen(options.id());
        if (runState != RUNNING) {
            throw new CommandRejectedException(CommandRejectedException.Reason.SHUTTING_DOWN, "the core is shutting down");
        }
        liveBridges.incrementAndGet();
        BridgeImpl b = new BridgeImpl(this, id, options);
        if (bridges.putIfAbsent(id, b) != null) {
            releaseBridge(); // b's executor was never released: its first task (BridgeCreated) never runs
            throw new CommandRejectedException(CommandRejectedException.Reason.DUPLICATE_ID,
                    "a live bridge already has id " + id);
        }
        bridgesCreated.increment();
        b.executor.release();
        if (runState != RUNNING) {
            b.destroy();
        }
        return b;
    }

    @Override
    public Optional<Bridge> bridge(BridgeId id) {
        if (id == null) {
            throw new InvalidArgumentException("id must not be null");
        }
        return Optional.ofNullable(bridges.get(id));
    }

    @Override
    public List<BridgeSnapshot> bridges() {
        List<BridgeSnapshot> out = new ArrayList<>();
        for (BridgeImpl b : bridges.values()) {
            out.add(b.snapshot());
        }
        return out;
    }

    @Override
    public int bridgeCount() {
        return bridges.size();
    }

    /** Called on the bridge's executor when it is destroyed. */
    void bridgeDestroyed(BridgeImpl b) {
        if (bridges.remove(b.id(), b)) {
            mediaDroppedByGone.add(b.executor.mediaDropped());
            releaseBridge();
        }
    }

    private void releaseBridge() {
        if (liveBridges.decrementAndGet() == 0 && reserved.get() == 0 && runState == SHUTTING_DOWN) {
            finishShutdown();
        }
    }

    // ---- creation ----

    @Override
    public Channel request(OutboundRequest request) {
        if (request == null) {
            throw new InvalidArgumentException("request must not be null");
        }
        TechRegistration reg = techs.get(request.tech());
        if (reg == null) {
            rejected.increment();
            throw new CommandRejectedException(CommandRejectedException.Reason.UNKNOWN_TECH,
                    "no tech named '" + LogText.escape(request.tech()) + "' is registered");
        }
        ChannelId id = request.id() == null ? ids.next() : ids.checkChosen(request.id());
        Variables vars = Variables.EMPTY;
        ChannelId linked = id;
        if (request.requester() != null) {
            if (!(request.requester() instanceof ChannelImpl requester) || requester.core != this) {
                throw new InvalidArgumentException("the requester is not a channel of this core");
            }
            vars = requester.publishedVariables().inherited();
            linked = requester.linkedId();
        }
        vars = vars.withAll(request.variables());
        String resource = request.resource();
        long limitsVersion = endpoints.version();
        EndpointLimits.Counter counter = admit(reg, request.endpoint(), resource);
        ChannelImpl ch = new ChannelImpl(this, reg, id, nameFor(reg, resource), Direction.OUTBOUND, resource, linked,
                request.caller(), vars, request.endpoint(), resource, counter);
        OutboundSetup setup = new OutboundSetup(id, ch.name(), request.resource(), request.caller(), vars.values);
        ch.executor.execute(() -> ch.startOutbound(setup));
        register(ch, reg, limitsVersion);
        return ch;
    }

    ChannelSink createInbound(TechRegistration reg, InboundCall call, Function<ChannelSink, TechChannel> factory) {
        if (call == null || factory == null) {
            throw new InvalidArgumentException("inbound call and factory must not be null");
        }
        ChannelImpl firstHalf = LocalTech.firstHalfAnnouncing(reg);
        if (firstHalf != null) {
            return createLocalPeer(reg, call, factory, firstHalf);
        }
        ChannelId id = call.id() == null ? ids.next() : ids.checkChosen(call.id());
        return startInbound(reg, call, factory, id, id, Variables.EMPTY.withAll(call.variables()), call.endpoint(),
                call.resource());
    }

    /**
     * The second half of a Local pair: an inbound channel in the first half's call, with its variables. It counts on
     * no endpoint: the first half already counts the call (on {@code Local/<destination>} by default).
     */
    private ChannelSink createLocalPeer(TechRegistration reg, InboundCall call, Function<ChannelSink, TechChannel> factory,
            ChannelImpl first) {
        return startInbound(reg, call, factory, ids.next(), first.linkedId(), first.publishedVariables(), null, null);
    }

    private ChannelSink startInbound(TechRegistration reg, InboundCall call, Function<ChannelSink, TechChannel> factory,
            ChannelId id, ChannelId linked, Variables vars, String endpoint, String endpointResource) {
        long limitsVersion = endpoints.version();
        EndpointLimits.Counter counter = admit(reg, endpoint, endpointResource);
        ChannelImpl ch = new ChannelImpl(this, reg, id, nameFor(reg, call.resource()), Direction.INBOUND,
                call.destination(), linked, call.caller(), vars, endpoint, endpointResource, counter);
        ch.executor.execute(() -> ch.startInbound(factory, inboundHandler));
        register(ch, reg, limitsVersion);
        return ch.sink;
    }

    private String nameFor(TechRegistration reg, String resource) {
        return reg.name + '/' + LogText.escape(resource) + '-' + hex8(nameSequence.incrementAndGet());
    }

    /** {@code String.format("%08x", n)} without the formatter (it was a visible share of a call setup's cost). */
    static String hex8(long n) {
        String hex = Long.toHexString(n);
        return hex.length() >= 8 ? hex : "00000000".substring(hex.length()) + hex;
    }

    /**
     * Admits a creation for {@code reg} counting on endpoint {@code explicit} or {@code tech/resource} (neither: none),
     * or throws with everything taken given back. Returns the endpoint counter taken, or null.
     */
    private EndpointLimits.Counter admit(TechRegistration reg, String explicit, String resource) {
        if (runState != RUNNING) {
            throw refused(CommandRejectedException.Reason.SHUTTING_DOWN, "the core is shutting down");
        }
        TokenBucket bucket = creationRate;
        if (bucket != null && !bucket.tryTake(clock)) {
            rejectedRate.increment();
            throw refused(CommandRejectedException.Reason.RATE_LIMITED, "the creation rate of "
                    + bucket.rate.perSecond() + "/s (burst " + bucket.rate.burst() + ") is exceeded");
        }
        if (reserved.incrementAndGet() > maxChannels) {
            releaseSlot();
            refundRate(bucket);
            rejectedMax.increment();
            throw refused(CommandRejectedException.Reason.LIMIT_REACHED,
                    "the limit of " + maxChannels + " live channels is reached");
        }
        if (!reg.acquire()) {
            releaseSlot();
            refundRate(bucket);
            throw refused(CommandRejectedException.Reason.UNKNOWN_TECH, "tech '" + reg.name + "' is being unregistered");
        }
        if (!endpoints.active()) {
            return null;
        }
        String key = EndpointLimits.key(reg.name, explicit, resource);
        EndpointLimits.Counter counter = key == null ? null : endpoints.counter(key);
        if (counter != null && !counter.tryAcquire()) {
            reg.release();
            releaseSlot();
            refundRate(bucket);
            rejectedBusy.increment();
            throw refused(CommandRejectedException.Reason.ENDPOINT_BUSY, "endpoint '" + LogText.escape(key)
                    + "' is at its usage limit of " + counter.limit() + " live channels");
        }
        return counter;
    }

    private CommandRejectedException refused(CommandRejectedException.Reason reason, String message) {
        rejected.increment();
        return new CommandRejectedException(reason, message);
    }

    private static void refundRate(TokenBucket bucket) {
        if (bucket != null) {
            bucket.refund();
        }
    }

    /** Registers {@code ch}; {@code limitsVersion} is the endpoint limits' version read before it was admitted. */
    private void register(ChannelImpl ch, TechRegistration reg, long limitsVersion) {
        if (!registry.add(ch)) {
            EndpointLimits.release(ch);
            reg.release();
            releaseSlot();
            refundRate(creationRate);
            throw refused(CommandRejectedException.Reason.DUPLICATE_ID, "a live channel already has id " + ch.id());
        }
        if (endpoints.active() && endpoints.changedSince(limitsVersion)) {
            String key = ch.endpointKey();
            if (key != null) {
                endpoints.recheck(ch, key); // a limit added or removed while this channel was being admitted
            }
        }
        created.increment();
        ch.executor.release();
        if (!reg.isActive()) {
            hangupQuietly(ch, HangupCause.TECH_UNREGISTERED);
        } else if (runState != RUNNING) {
            hangupQuietly(ch, HangupCause.SYSTEM_SHUTDOWN);
        }
    }

    /** Called on the channel's executor as the last step of its life. */
    void destroyed(ChannelImpl ch) {
        if (registry.remove(ch)) {
            mediaDroppedByGone.add(ch.executor.mediaDropped());
            destroyed.increment();
            EndpointLimits.release(ch);
            ch.tech.release();
            releaseSlot();
        } else {
            LOG.error("channel {} was destroyed but was not registered", ch.id());
        }
    }

    private void releaseSlot() {
        if (reserved.decrementAndGet() == 0 && liveBridges.get() == 0 && runState == SHUTTING_DOWN) {
            finishShutdown();
        }
    }

    private static void hangupQuietly(ChannelImpl ch, HangupCause cause) {
        ch.executor.execute(() -> ch.hangupNow(cause));
    }

    // ---- techs ----

    @Override
    public void registerTech(ChannelTech tech) {
        if (tech == null) {
            throw new InvalidArgumentException("tech must not be null");
        }
        if (runState != RUNNING) {
            throw new CommandRejectedException(CommandRejectedException.Reason.SHUTTING_DOWN, "the core is shutting down");
        }
        String name = TechRegistration.checkName(tech.name());
        TechRegistration reg = new TechRegistration(this, tech, name);
        if (techs.putIfAbsent(name, reg) != null) {
            throw new InvalidArgumentException("a tech named '" + name + "' is already registered");
        }
        try {
            tech.start(reg);
        } catch (RuntimeException e) {
            techs.remove(name, reg);
            throw new StrowgerException("tech '" + name + "' failed to start; it is not registered", e);
        }
        LOG.info("registered tech {}", name);
    }

    @Override
    public List<String> registerServiceLoaderTechs() {
        List<String> names = new ArrayList<>();
        for (ChannelTech t : ServiceLoader.load(ChannelTech.class)) {
            registerTech(t);
            names.add(t.name());
        }
        return names;
    }

    @Override
    public List<String> techNames() {
        return List.copyOf(techs.keySet());
    }

    @Override
    public CompletionStage<Void> unregisterTech(String techName) {
        if (techName == null) {
            throw new InvalidArgumentException("tech name must not be null");
        }
        TechRegistration reg = techs.get(techName);
        if (reg == null) {
            throw new InvalidArgumentException("no tech named '" + LogText.escape(techName) + "' is registered");
        }
        if (reg.beginDrain()) {
            LOG.info("unregistering tech {} with {} live channels", techName, reg.liveChannels());
            for (ChannelImpl c : registry.values()) {
                if (c.tech == reg) {
                    hangupQuietly(c, HangupCause.TECH_UNREGISTERED);
                }
            }
        }
        return forCaller(reg.stopped);
    }

    /** A stage that completes with {@code internal} on the calling thread's executor (or a pool thread). */
    private CompletionStage<Void> forCaller(CommandFuture<Void> internal) {
        CommandFuture<Void> f = CommandFuture.forCaller(settings.pool());
        internal.whenComplete((v, t) -> f.succeed(null));
        return f;
    }

    /** The tech's last channel is gone: stop it, off every executor. */
    void techStopped(TechRegistration reg) {
        runOffExecutors(() -> {
            stopTech(reg);
            techs.remove(reg.name, reg);
            reg.stopped.complete(null);
        });
    }

    private static void stopTech(TechRegistration reg) {
        try {
            reg.tech.stop();
        } catch (RuntimeException e) {
            LOG.warn("tech {}: stop threw {}", reg.name, LogText.escape(e.toString()));
        }
        LOG.info("tech {} stopped", reg.name);
    }

    private void runOffExecutors(Runnable r) {
        try {
            settings.pool().execute(r);
        } catch (RuntimeException poolGone) {
            r.run();
        }
    }

    // ---- shutdown ----

    @Override
    public CompletionStage<Void> shutdown() {
        if (RUN_STATE.compareAndSet(this, RUNNING, SHUTTING_DOWN)) {
            LOG.info("shutting down with {} live channels and {} bridges", registry.size(), bridges.size());
            for (BridgeImpl b : bridges.values()) {
                b.destroy();
            }
            for (ChannelImpl c : registry.values()) {
                hangupQuietly(c, HangupCause.SYSTEM_SHUTDOWN);
            }
            if (reserved.get() == 0 && liveBridges.get() == 0) {
                finishShutdown();
            }
        }
        return forCaller(terminated);
    }

    private void finishShutdown() {
        if (!RUN_STATE.compareAndSet(this, SHUTTING_DOWN, STOPPED)) {
            return;
        }
        runOffExecutors(() -> {
            for (TechRegistration reg : techs.values()) {
                if (reg.stopAtShutdown()) {
                    stopTech(reg);
                    reg.stopped.complete(null);
                }
            }
            EventSubscription[] subscriptions = events.stop();
            if (callRecords == null) {
                drainSubscriptions(subscriptions, () -> runOffExecutors(this::stopped));
            } else { // the engine's never blocks and is drained in full, with no deadline: no record is lost
                drainSubscriptions(java.util.Arrays.stream(subscriptions).filter(s -> !callRecords.isEngine(s))
                        .toArray(EventSubscription[]::new),
                        () -> callRecords.drainThenClose(() -> runOffExecutors(this::stopped)));
            }
        });
    }

    /**
     * Lets every subscription deliver what it has queued, then closes it; runs {@code then} once all have, or after
     * SUBSCRIPTION_DRAIN_NANOS (a subscriber stuck in onEvent), closing the rest.
     */
    private void drainSubscriptions(EventSubscription[] subscriptions, Runnable then) {
        if (subscriptions.length == 0) {
            then.run();
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger left = new AtomicInteger(subscriptions.length);
        CoreScheduler.Cancellable[] deadline = new CoreScheduler.Cancellable[1];
        Runnable finish = () -> {
            if (finished.compareAndSet(false, true)) {
                for (EventSubscription s : subscriptions) {
                    s.close();
                }
                then.run();
            }
        };
        deadline[0] = scheduler.schedule(() -> {
            if (!finished.get()) {
                LOG.warn("shutdown: {} event subscription(s) did not drain within {} s; closing them", left.get(),
                        java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(SUBSCRIPTION_DRAIN_NANOS));
            }
            finish.run();
        }, SUBSCRIPTION_DRAIN_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
        for (EventSubscription s : subscriptions) {
            s.drainThenClose(() -> {
                if (left.decrementAndGet() == 0) {
                    deadline[0].cancel();
                    finish.run();
                }
            });
        }
    }

    private void stopped() {
        if (watchdog != null) {
            watchdog.stop();
        }
        terminated.complete(null);
        if (ownsScheduler) {
            scheduler.shutdown();
        }
        if (ownsPool) {
            settings.pool().shutdown();
        }
        LOG.info("shut down");
    }
}
