package org.strowger.core.engine;

import java.util.ArrayList;
import java.util.Collection;
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
import org.slf4j.LoggerFactory;
import org.strowger.api.AttendedTransfer;
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
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OperatorView;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecordMetrics;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventSubscriber;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.media.Translator;
import org.strowger.core.admission.Admission;
import org.strowger.core.admission.EndpointHold;
import org.strowger.core.admission.EndpointLimits;
import org.strowger.core.bridge.BridgeHome;
import org.strowger.core.bridge.BridgeImpl;
import org.strowger.core.cdr.CallRecords;
import org.strowger.core.channel.ChannelHome;
import org.strowger.core.channel.ChannelImpl;
import org.strowger.core.channel.ChannelRegistry;
import org.strowger.core.channel.IdGenerator;
import org.strowger.core.channel.MemberSide;
import org.strowger.core.channel.TechRegistration;
import org.strowger.core.channel.Variables;
import org.strowger.core.dial.DialCoordinator;
import org.strowger.core.event.EventBus;
import org.strowger.core.event.EventSubscription;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.exec.ForkJoinWorkerPool;
import org.strowger.core.exec.RefusalFallbackPool;
import org.strowger.core.exec.StallWatchdog;
import org.strowger.core.local.LocalTech;
import org.strowger.core.log.LogText;
import org.strowger.core.media.playout.VoiceJitterBuffer;
import org.strowger.core.media.translate.Codecs;
import org.strowger.core.runtime.CoreRuntime;
import org.strowger.core.switchboard.Switchboard;
import org.strowger.core.transfer.Transfers;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.Codec;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/*
 * The core: the registry of channels and bridges, and the home of every channel, bridge and composition of this core
 * (ChannelHome, BridgeHome, Switchboard). Creating a channel never waits: admission reserves what it takes
 * (Admission), the channel is built with a held executor whose first task creates the tech side, it is registered (the
 * id claim rejects duplicates) and only then is its executor released, so no command can overtake the first task.
 * After registering, the tech's phase and the core's run state are read again and the new channel is hung up if
 * either changed meanwhile; unregister (TechRegistry) and shutdown (CoreShutdown) iterate the registry after changing
 * their phase, so every channel is caught by one side or the other. Destroy releases the endpoint counter, the tech
 * count and the slot exactly once (registry removal is exactly-once), which is what lets unregister and shutdown
 * complete.
 *
 * Bridges live in a second map with their own count. Transfers and dials are compositions of channel and bridge
 * operations and own no channel state. Events are emitted by the channels and bridges themselves; the core holds the
 * subscriptions. Metrics are counters kept here plus gauges computed on demand by walking the live channels.
 */
public final class CoreImpl implements ChannelCore, ChannelHome, BridgeHome, Switchboard {
    private static final int QUEUE_DEPTH_LIMIT = 1_000_000;

    private final ChannelRegistry<ChannelImpl> registry = new ChannelRegistry<>();
    private final ConcurrentHashMap<BridgeId, BridgeImpl> bridges = new ConcurrentHashMap<>();
    private final AtomicInteger liveBridges = new AtomicInteger();
    private final IdGenerator ids;
    private final CoreRuntime rt;
    private final CoreConfig config;
    private final StallWatchdog watchdog;
    private final Admission admission;
    private final Transfers transfers = new Transfers(this);
    final TechRegistry techs = new TechRegistry(this);
    final CoreShutdown shutdown = new CoreShutdown(this);
    final CallRecords callRecords; // null without sinks
    private final AtomicLong nameSequence = new AtomicLong();
    private final AtomicLong subscriptionNames = new AtomicLong();
    private final LongAdder created = new LongAdder();
    private final LongAdder destroyed = new LongAdder();
    private final LongAdder bridgesCreated = new LongAdder();
    private final LongAdder mediaDroppedByGone = new LongAdder();

    public CoreImpl(CoreConfig config) {
        this.config = config;
        ExecutorSettings settings = new ExecutorSettings(new RefusalFallbackPool(config.pool()), config.throughput(),
                config.mediaCapacity());
        List<Codec> found = new ArrayList<>();
        ServiceLoader.load(Codec.class).forEach(found::add);
        found.addAll(config.codecs()); // the builder's last: on equal costs the last added serves (Codecs.with)
        this.rt = new CoreRuntime(settings, config.scheduler(), new EventBus(), new LongAdder(),
                Codecs.builtIn().with(found), config.musicOnHold());
        this.ids = new IdGenerator(config.idPrefix());
        this.admission = new Admission(config.maxChannels(), config.creationRate(), config.scheduler()::nanoTime,
                shutdown::maybeFinish);
        config.usageLimits().forEach((endpoint, max) -> admission.setUsageLimit(endpoint, max, List.of()));
        this.callRecords = config.callRecordSinks().isEmpty() ? null
                : new CallRecords(rt.events(), settings, config.scheduler(), config.callRecordSinks());
        if (config.pool() instanceof ForkJoinWorkerPool fj && config.stallBudgetNanos() > 0) {
            watchdog = new StallWatchdog(fj, config.scheduler(), config.stallBudgetNanos(), config.stallListener());
            watchdog.start();
        } else {
            watchdog = null;
        }
    }

    @Override
    public CoreRuntime runtime() {
        return rt;
    }

    @Override
    public ChannelCore core() {
        return this;
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

    Collection<ChannelImpl> liveChannels() {
        return registry.values();
    }

    Collection<BridgeImpl> liveBridges() {
        return bridges.values();
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
        return new CoreStats(admission.reserved(), created.sum(), destroyed.sum(), admission.rejected(),
                rt.faults().sum(), watchdog == null ? 0 : watchdog.stalls(), admission.rejectedMax(),
                admission.rejectedRate(), admission.rejectedBusy());
    }

    int reservedSlots() {
        return admission.reserved();
    }

    int liveBridgeCount() {
        return liveBridges.get();
    }

    // ---- handles of this core (Switchboard, BridgeHome) ----

    @Override
    public ChannelImpl channel(Channel channel) {
        if (channel == null) {
            throw new InvalidArgumentException("channel must not be null");
        }
        if (!(channel instanceof ChannelImpl c) || c.core() != this) {
            throw new InvalidArgumentException("channel " + channel.id() + " is not a channel of this core");
        }
        return c;
    }

    @Override
    public MemberSide member(Channel channel) {
        return channel(channel);
    }

    @Override
    public BridgeImpl bridge(Bridge bridge) {
        if (bridge == null) {
            throw new InvalidArgumentException("bridge must not be null");
        }
        if (!(bridge instanceof BridgeImpl b) || !b.belongsTo(this)) {
            throw new InvalidArgumentException("bridge " + bridge.id() + " is not a bridge of this core");
        }
        return b;
    }

    @Override
    public Optional<ChannelImpl> liveChannel(ChannelId id) {
        return Optional.ofNullable(registry.get(id));
    }

    @Override
    public Optional<BridgeImpl> liveBridge(BridgeId id) {
        return Optional.ofNullable(bridges.get(id));
    }

    // ---- admission control ----

    @Override
    public void setUsageLimit(String endpoint, int max) {
        EndpointUsage.checkEndpoint(endpoint);
        if (max < 0) {
            throw new InvalidArgumentException("usage limit must be >= 0, was " + max);
        }
        List<EndpointLimits.Holder> live = new ArrayList<>();
        registry.values().forEach(c -> live.add(c.endpoint()));
        admission.setUsageLimit(endpoint, max, live);
    }

    @Override
    public boolean removeUsageLimit(String endpoint) {
        return admission.removeUsageLimit(EndpointUsage.checkEndpoint(endpoint));
    }

    @Override
    public Optional<EndpointUsage> usage(String endpoint) {
        return admission.usage(EndpointUsage.checkEndpoint(endpoint));
    }

    @Override
    public List<EndpointUsage> usageLimits() {
        return admission.usageLimits();
    }

    @Override
    public void setCreationRate(CreationRate rate) {
        if (rate == null) {
            throw new InvalidArgumentException("creation rate must not be null");
        }
        admission.setCreationRate(rate);
    }

    @Override
    public void removeCreationRate() {
        admission.setCreationRate(null);
    }

    @Override
    public Optional<CreationRate> creationRate() {
        return admission.creationRate();
    }

    // ---- observing ----

    @Override
    public CoreMetrics metrics() {
        long depthTotal = 0;
        int depthMax = 0;
        long media = mediaDroppedByGone.sum();
        for (ChannelImpl c : registry.values()) {
            int d = c.executor().queueDepth(QUEUE_DEPTH_LIMIT);
            depthTotal += d;
            depthMax = Math.max(depthMax, d);
            media += c.executor().mediaDropped();
        }
        for (BridgeImpl b : bridges.values()) {
            media += b.executor().mediaDropped();
        }
        return new CoreMetrics(stats(), liveBridges.get(), bridgesCreated.sum(), media, depthTotal, depthMax,
                rt.events().published(), rt.events().stats(), rt.now(),
                callRecords == null ? CallRecordMetrics.NONE : callRecords.metrics());
    }

    @Override
    public String channelTable() {
        return OperatorView.channelTable(channels(), rt.now());
    }

    @Override
    public String bridgeTable() {
        return OperatorView.bridgeTable(bridges(), rt.now());
    }

    @Override
    public Subscription subscribe(EventFilter filter, EventSubscriber subscriber, SubscribeOptions options) {
        if (filter == null || subscriber == null || options == null) {
            throw new InvalidArgumentException("filter, subscriber and options must not be null");
        }
        String name = options.name() != null ? options.name() : "subscription-" + subscriptionNames.incrementAndGet();
        EventSubscription s = new EventSubscription(rt.events(), rt.executors(), rt.scheduler(), filter, subscriber,
                options, name);
        if (shutdown.isStopped() || !rt.events().add(s)) {
            s.close();
            throw new CommandRejectedException(CommandRejectedException.Reason.SHUTTING_DOWN, "the core has stopped");
        }
        return s;
    }

    // ---- dialing and transfers ----

    @Override
    public DialHandle dial(DialRequest request) {
        return DialCoordinator.start(this, request);
    }

    @Override
    public CompletionStage<Channel> blindTransfer(Channel transferer, OutboundRequest target) {
        return transfers.blind(transferer, target);
    }

    @Override
    public CompletionStage<AttendedTransfer> attendedTransfer(Channel transferer, OutboundRequest target) {
        return transfers.attended(transferer, target);
    }

    @Override
    public CompletionStage<Void> pickup(Channel picker, Channel ringing) {
        return transfers.pickup(picker, ringing);
    }

    @Override
    public CompletionStage<Channel> sendTo(Channel party, OutboundRequest target) {
        return transfers.sendTo(party, target);
    }

    // ---- bridges ----

    @Override
    public BridgeImpl createBridge(BridgeOptions options) {
        if (options == null) {
            throw new InvalidArgumentException("bridge options must not be null");
        }
        BridgeId id = options.id() == null ? ids.nextBridge() : ids.checkChosen(options.id());
        if (!shutdown.isRunning()) {
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
        b.executor().release();
        if (!shutdown.isRunning()) {
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

    @Override
    public void destroyed(BridgeImpl b) {
        if (bridges.remove(b.id(), b)) {
            mediaDroppedByGone.add(b.executor().mediaDropped());
            releaseBridge();
        }
    }

    private void releaseBridge() {
        if (liveBridges.decrementAndGet() == 0) {
            shutdown.maybeFinish();
        }
    }

    // ---- creation ----

    @Override
    public ChannelImpl request(OutboundRequest request) {
        if (request == null) {
            throw new InvalidArgumentException("request must not be null");
        }
        TechRegistration reg = techs.get(request.tech());
        if (reg == null) {
            throw admission.refused(CommandRejectedException.Reason.UNKNOWN_TECH,
                    "no tech named '" + LogText.escape(request.tech()) + "' is registered");
        }
        ChannelId id = request.id() == null ? ids.next() : ids.checkChosen(request.id());
        Variables vars = Variables.EMPTY;
        ChannelId linked = id;
        List<MediaFormat> formats = List.of();
        if (request.requester() != null) {
            if (!(request.requester() instanceof ChannelImpl requester) || requester.core() != this) {
                throw new InvalidArgumentException("the requester is not a channel of this core");
            }
            vars = requester.publishedVariables().inherited();
            linked = requester.linkedId();
            formats = requester.requesterFormats();
        }
        vars = vars.withAll(request.variables());
        String resource = request.resource();
        String key = EndpointLimits.key(reg.name, request.endpoint(), resource);
        long limitsVersion = admitOrThrow();
        EndpointHold hold = new EndpointHold(key, admission.admit(reg, key));
        ChannelImpl ch = new ChannelImpl(this, reg, id, nameFor(reg, resource), Direction.OUTBOUND, resource, linked,
                request.caller(), vars, hold, List.of());
        ch.postStartOutbound(new OutboundSetup(id, ch.name(), resource, request.caller(), vars.values, formats));
        register(ch, reg, limitsVersion);
        return ch;
    }

    @Override
    public ChannelSink announceInbound(TechRegistration reg, InboundCall call,
            Function<ChannelSink, TechChannel> factory) {
        if (call == null || factory == null) {
            throw new InvalidArgumentException("inbound call and factory must not be null");
        }
        ChannelImpl firstHalf = LocalTech.firstHalfAnnouncing(reg);
        if (firstHalf != null) { // the second half of a Local pair: in the first half's call, counting on no endpoint
            return startInbound(reg, call, factory, ids.next(), firstHalf.linkedId(), firstHalf.publishedVariables(),
                    null);
        }
        ChannelId id = call.id() == null ? ids.next() : ids.checkChosen(call.id());
        return startInbound(reg, call, factory, id, id, Variables.EMPTY.withAll(call.variables()),
                EndpointLimits.key(reg.name, call.endpoint(), call.resource()));
    }

    private ChannelSink startInbound(TechRegistration reg, InboundCall call, Function<ChannelSink, TechChannel> factory,
            ChannelId id, ChannelId linked, Variables vars, String endpointKey) {
        long limitsVersion = admitOrThrow();
        EndpointHold hold = new EndpointHold(endpointKey, admission.admit(reg, endpointKey));
        ChannelImpl ch = new ChannelImpl(this, reg, id, nameFor(reg, call.resource()), Direction.INBOUND,
                call.destination(), linked, call.caller(), vars, hold, call.offeredFormats());
        ch.postStartInbound(factory, config.inboundHandler());
        register(ch, reg, limitsVersion);
        return ch.sink();
    }

    /**
     * The first step of admission, the run state; returns the endpoint limits' version to re-check against after
     * registering.
     */
    private long admitOrThrow() {
        if (!shutdown.isRunning()) {
            throw admission.refused(CommandRejectedException.Reason.SHUTTING_DOWN, "the core is shutting down");
        }
        return admission.limitsVersion();
    }

    private String nameFor(TechRegistration reg, String resource) {
        return reg.name + '/' + LogText.escape(resource) + '-' + hex8(nameSequence.incrementAndGet());
    }

    /** {@code String.format("%08x", n)} without the formatter (it was a visible share of a call setup's cost). */
    static String hex8(long n) {
        String hex = Long.toHexString(n);
        return hex.length() >= 8 ? hex : "00000000".substring(hex.length()) + hex;
    }

    /** Registers {@code ch}, admitted when the endpoint limits had {@code limitsVersion}; releases its executor. */
    private void register(ChannelImpl ch, TechRegistration reg, long limitsVersion) {
        if (!registry.add(ch)) {
            throw admission.backOutDuplicate(ch.endpoint(), reg, ch.id().toString());
        }
        admission.recheck(ch.endpoint(), limitsVersion); // a limit added or removed while it was being admitted
        created.increment();
        ch.executor().release();
        if (!reg.isActive()) {
            ch.postHangup(HangupCause.TECH_UNREGISTERED);
        } else if (!shutdown.isRunning()) {
            ch.postHangup(HangupCause.SYSTEM_SHUTDOWN);
        }
    }

    @Override
    public void destroyed(ChannelImpl ch) {
        if (registry.remove(ch)) {
            mediaDroppedByGone.add(ch.executor().mediaDropped());
            destroyed.increment();
            admission.released(ch.endpoint(), ch.tech());
        } else {
            LoggerFactory.getLogger(CoreImpl.class).error("channel {} was destroyed but was not registered",
                    ch.id());
        }
    }

    // ---- techs ----

    @Override
    public void registerTech(ChannelTech tech) {
        techs.register(tech);
    }

    @Override
    public List<String> registerServiceLoaderTechs() {
        return techs.registerServiceLoaderTechs();
    }

    @Override
    public List<String> techNames() {
        return techs.names();
    }

    @Override
    public CompletionStage<Void> unregisterTech(String techName) {
        return techs.unregister(techName);
    }

    @Override
    public void techDrained(TechRegistration tech) {
        techs.drained(tech);
    }

    /** Runs {@code r} on a pool thread outside every executor (a thread of its own once the pool is shut down). */
    void runOffExecutors(Runnable r) {
        rt.pool().execute(r);
    }

    // ---- media ----

    @Override
    public List<MediaFormat> translatableFormats() {
        return rt.codecs().formats();
    }

    @Override
    public Translator translator(MediaFormat from, MediaFormat to) {
        if (from == null || to == null) {
            throw new InvalidArgumentException("formats must not be null");
        }
        return rt.codecs().translator(from, to);
    }

    @Override
    public org.strowger.api.media.JitterBuffer newJitterBuffer(org.strowger.api.media.JitterBufferOptions options) {
        return new VoiceJitterBuffer(options, rt.codecs(), config.scheduler()::nanoTime);
    }

    // ---- shutdown ----

    @Override
    public CompletionStage<Void> shutdown() {
        return shutdown.begin();
    }

    void stopWatchdog() {
        if (watchdog != null) {
            watchdog.stop();
        }
    }

    void releaseOwnedThreads() {
        if (config.ownsScheduler()) {
            rt.scheduler().shutdown();
        }
        if (config.ownsPool()) {
            rt.pool().shutdown();
        }
    }
}
