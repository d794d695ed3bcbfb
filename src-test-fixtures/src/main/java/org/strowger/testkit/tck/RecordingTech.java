package org.strowger.testkit.tck;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.MediaFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;
import org.strowger.testkit.CallbackLog;

/**
 * Wraps any {@link ChannelTech} and records every callback of every channel in a {@link CallbackLog}, so the TCK can
 * check the SPI contract without knowing the tech. Also records {@code start}/{@code stop} and callbacks after stop.
 */
public final class RecordingTech implements ChannelTech {
    /** One channel as seen through the recorder. */
    public record Recorded(ChannelId id, ChannelSink sink, CallbackLog log) {
    }

    private final ChannelTech delegate;
    private final Queue<Recorded> channels = new ConcurrentLinkedQueue<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger stops = new AtomicInteger();
    private volatile TechContext context;

    public RecordingTech(ChannelTech delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void start(TechContext ctx) {
        this.context = new TechContext() {
            @Override
            public ChannelSink announceInbound(InboundCall call, Function<ChannelSink, TechChannel> factory) {
                return ctx.announceInbound(call, sink -> wrap(sink, call, factory.apply(sink)));
            }

            @Override
            public long nanoTime() {
                return ctx.nanoTime();
            }
        };
        delegate.start(context);
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        return wrap(sink, setup, delegate.newChannel(setup, sink));
    }

    @Override
    public void stop() {
        for (Recorded r : channels) {
            if (r.log().count("close") != 1) {
                violations.add("stop ran before " + r.id() + " was closed");
            }
        }
        stops.incrementAndGet();
        delegate.stop();
    }

    /** The wrapped tech's context (for TCK drivers that announce inbound calls through the recorder). */
    public TechContext context() {
        return context;
    }

    public List<Recorded> channels() {
        return List.copyOf(channels);
    }

    public int stops() {
        return stops.get();
    }

    public List<String> violations() {
        List<String> out = new java.util.ArrayList<>(violations);
        for (Recorded r : channels) {
            r.log().violations().forEach(v -> out.add(r.id() + ": " + v));
        }
        return out;
    }

    private TechChannel wrap(ChannelSink sink, Object setup, TechChannel inner) {
        if (inner == null) {
            return null;
        }
        CallbackLog log = new CallbackLog();
        channels.add(new Recorded(sink.channel().id(), sink, log));
        Recorder rec = new Recorder(sink, log, inner);
        rec.note("newChannel", setup);
        return rec;
    }

    private final class Recorder implements TechChannel {
        private final ChannelSink sink;
        private final CallbackLog log;
        private final TechChannel inner;

        Recorder(ChannelSink sink, CallbackLog log, TechChannel inner) {
            this.sink = sink;
            this.log = log;
            this.inner = inner;
        }

        void note(String name, Object arg) {
            if (stops.get() > 0) {
                violations.add(name + " of " + sink.channel().id() + " ran after stop");
            }
            log.record(name, arg, sink.inExecutor());
        }

        @Override
        public void call() {
            note("call", null);
            inner.call();
        }

        @Override
        public void answer() {
            note("answer", null);
            inner.answer();
        }

        @Override
        public void hangup(HangupCause cause) {
            note("hangup", cause);
            inner.hangup(cause);
        }

        @Override
        public void write(MediaFrame frame) {
            note("write", frame);
            inner.write(frame);
        }

        @Override
        public void comfortNoise(ComfortNoiseFrame frame) {
            note("comfortNoise", frame);
            inner.comfortNoise(frame);
        }

        @Override
        public void indicate(ControlFrame control) {
            note("indicate", control);
            inner.indicate(control);
        }

        @Override
        public void dtmfBegin(char digit) {
            note("dtmfBegin", digit);
            inner.dtmfBegin(digit);
        }

        @Override
        public void dtmfEnd(char digit, Duration duration) {
            note("dtmfEnd", digit);
            inner.dtmfEnd(digit, duration);
        }

        @Override
        public void sendText(String text) {
            note("sendText", text);
            inner.sendText(text);
        }

        @Override
        public void bridged(BridgePeer peer) {
            note("bridged", peer);
            inner.bridged(peer);
        }

        @Override
        public void unbridged() {
            note("unbridged", null);
            inner.unbridged();
        }

        @Override
        public void close() {
            note("close", null);
            inner.close();
        }
    }
}
