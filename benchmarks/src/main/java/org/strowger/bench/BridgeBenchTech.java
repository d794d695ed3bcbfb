package org.strowger.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.MediaFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/**
 * The minimal tech of the bridge, mixing and transfer benchmarks: {@code call()} answers at once, {@code write()}
 * counts the frame (one shared {@link LongAdder} plus a plain per-channel counter) and hands it to an optional
 * listener; each tech channel keeps its {@link ChannelSink} so that the benchmark thread can inject frames as if they
 * came from the network.
 */
public final class BridgeBenchTech implements ChannelTech {
    public static final String NAME = "BBench";

    /** Sees every frame a tech channel is asked to send; runs on that channel's executor. */
    public interface WriteListener {
        void written(MediaFrame frame);
    }

    /** Frames written to all channels of this tech. */
    public final LongAdder written = new LongAdder();
    /** Channels told {@code bridged(peer)} (cumulative). */
    public final AtomicInteger bridged = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    private final ConcurrentHashMap<ChannelId, BenchChannel> channels = new ConcurrentHashMap<>();
    private final WriteListener listener;

    public BridgeBenchTech() {
        this(null);
    }

    public BridgeBenchTech(WriteListener listener) {
        this.listener = listener;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        BenchChannel c = new BenchChannel(this, sink);
        channels.put(sink.channel().id(), c);
        return c;
    }

    /** The tech side of channel {@code id}, or null if newChannel has not run yet (or it was closed). */
    public BenchChannel channel(ChannelId id) {
        return channels.get(id);
    }

    /** The tech side of one channel. */
    public static final class BenchChannel implements TechChannel {
        @Override
        public void answer() { // outbound only here; an inbound answer is confirmed at once
            sink.answered();
        }

        private final BridgeBenchTech tech;
        public final ChannelSink sink;
        /** Frames written to this channel; written on its executor only. */
        public volatile long writes;
        public volatile boolean inBridge;

        BenchChannel(BridgeBenchTech tech, ChannelSink sink) {
            this.tech = tech;
            this.sink = sink;
        }

        @Override
        public void call() {
            sink.answered();
        }

        @Override
        public void write(MediaFrame frame) {
            writes++; // single writer (the channel's executor); volatile only so the benchmark may read it
            tech.written.increment();
            WriteListener l = tech.listener;
            if (l != null) {
                l.written(frame);
            }
        }

        @Override
        public void bridged(BridgePeer peer) {
            inBridge = true;
            tech.bridged.incrementAndGet();
        }

        @Override
        public void unbridged() {
            inBridge = false;
        }

        @Override
        public void hangup(HangupCause cause) {
        }

        @Override
        public void close() {
            tech.channels.remove(sink.channel().id());
            tech.closed.incrementAndGet();
        }
    }
}
