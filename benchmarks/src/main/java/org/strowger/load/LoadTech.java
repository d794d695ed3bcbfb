package org.strowger.load;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.ChannelId;
import org.strowger.api.frame.MediaFrame;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;

/**
 * The fake tech of the load driver. Unlike the test kit's {@code FakeTech}, which records every callback, it keeps
 * only counters, so it can carry millions of frames: channels created and closed, frames written, the hop latency of
 * every pacer frame a channel is asked to send, the live channels per call (linked id), and every breach of the SPI's
 * thread and exactly-once contract. Far ends are scripted by their resource ({@link FarEndScript}).
 */
final class LoadTech implements ChannelTech {
    static final String NAME = "Fake";
    private static final int MAX_VIOLATIONS = 100;

    private final ScheduledExecutorService network;
    private final MediaPacer pacer;
    private final LatencyHistogram hops;
    private final Map<ChannelId, LoadChannel> live = new ConcurrentHashMap<>();
    private final Map<ChannelId, AtomicInteger> liveByCall = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong violationCount = new AtomicLong();
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final LongAdder created = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder callsEnded = new LongAdder();
    private final LongAdder framesWritten = new LongAdder();
    private final LongAdder hopFrames = new LongAdder();
    private volatile boolean recordHops;
    private volatile TechContext context;

    LoadTech(ScheduledExecutorService network, MediaPacer pacer, LatencyHistogram hops) {
        this.network = network;
        this.pacer = pacer;
        this.hops = hops;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(TechContext ctx) {
        this.context = ctx;
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        return register(new LoadChannel(this, sink, FarEndScript.parse(setup.resource()), slot()));
    }

    /** The network announces an inbound call. Any thread. */
    ChannelSink inbound(InboundCall call) {
        TechContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("tech " + NAME + " is not registered");
        }
        FarEndScript script = FarEndScript.parse(call.resource());
        return ctx.announceInbound(call, s -> register(new LoadChannel(this, s, script, slot())));
    }

    private int slot() {
        return Math.floorMod(nextSlot.getAndIncrement(), MediaPacer.SLOTS);
    }

    private LoadChannel register(LoadChannel ch) {
        created.increment();
        live.put(ch.id(), ch);
        liveByCall.computeIfAbsent(ch.linkedId(), k -> new AtomicInteger()).incrementAndGet();
        return ch;
    }

    void closed(LoadChannel ch) {
        closed.increment();
        live.remove(ch.id());
        AtomicInteger n = liveByCall.get(ch.linkedId());
        if (n != null && n.decrementAndGet() == 0) {
            liveByCall.remove(ch.linkedId(), n);
            callsEnded.increment();
        }
    }

    void written(MediaFrame frame) {
        framesWritten.increment();
        long age = pacer.age(frame.timestamp());
        if (age >= 0) {
            hopFrames.increment();
            if (recordHops) {
                hops.record(age);
            }
        }
    }

    void violation(String what) {
        if (violationCount.incrementAndGet() <= MAX_VIOLATIONS) {
            violations.add(what);
        }
    }

    ScheduledExecutorService network() {
        return network;
    }

    MediaPacer pacer() {
        return pacer;
    }

    void recordHops(boolean on) {
        recordHops = on;
    }

    /** The network hangs up every live channel of this tech. */
    void hangUpAll() {
        for (LoadChannel ch : live.values()) {
            ch.farEndHangup();
        }
    }

    int liveChannels() {
        return live.size();
    }

    /** Calls (linked ids) with at least one live channel of this tech. */
    int liveCalls() {
        return liveByCall.size();
    }

    long created() {
        return created.sum();
    }

    long closedCount() {
        return closed.sum();
    }

    long callsEnded() {
        return callsEnded.sum();
    }

    long framesWritten() {
        return framesWritten.sum();
    }

    /** Pacer frames that reached a tech's write (forwarded by a two-party bridge or a Local pair). */
    long hopFrames() {
        return hopFrames.sum();
    }

    long violationCount() {
        return violationCount.get();
    }

    java.util.List<String> violations() {
        return java.util.List.copyOf(violations);
    }
}
