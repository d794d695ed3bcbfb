package org.strowger.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.media.ChannelMedia;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.InboundCall;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;

/**
 * A scriptable in-memory tech for tests. Every channel it creates is a {@link FakeChannel} that records its
 * callbacks; {@link #violations()} lists every breach of the SPI's thread and exactly-once contract.
 *
 * <p>Scripting: {@link #on(String, BiConsumer)} adds a reaction that runs inside a callback (on the owner executor),
 * e.g. {@code fake.on("call", (ch, arg) -> ch.remote().answered())} answers every outbound call at once;
 * {@link #failOn(String)} makes a callback throw {@link FakeFault}. Reactions may use {@code ch.remote()} (upcalls are
 * queued, never inline). Scripting is thread-safe but should be done before the calls it affects.
 */
public final class FakeTech implements ChannelTech {
    /** The exception a callback throws under {@link #failOn}. */
    public static final class FakeFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FakeFault(String callback) {
            super("fake fault injected into " + callback);
        }
    }

    private final String name;
    private final Queue<FakeChannel> channels = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<BiConsumer<FakeChannel, Object>>> reactions = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> failingForResource = ConcurrentHashMap.newKeySet();
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private final Queue<String> techViolations = new ConcurrentLinkedQueue<>();
    private volatile TechContext context;
    private volatile boolean stopped;
    private volatile boolean confirmAnswers = true;
    private volatile ChannelMedia media; // declared by every new channel, or null: transparent

    public FakeTech() {
        this("Fake");
    }

    public FakeTech(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(TechContext ctx) {
        starts.incrementAndGet();
        this.context = ctx;
    }

    @Override
    public void stop() {
        stops.incrementAndGet();
        stopped = true;
        for (FakeChannel c : channels) {
            if (c.count("close") != 1) {
                techViolations.add("stop ran before channel " + c.channel().id() + " was closed");
            }
        }
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        checkNotStopped("newChannel");
        if (fails("newChannel", setup.resource())) {
            throw new FakeFault("newChannel");
        }
        FakeChannel ch = new FakeChannel(this, setup.resource(), sink);
        channels.add(ch);
        ch.record("newChannel", setup);
        declareMedia(sink);
        return ch;
    }

    /**
     * Announces an inbound call from {@code resource} to {@code destination} (as the network would). Any thread.
     *
     * @return the new channel's fake side (its factory has not necessarily run yet)
     */
    public FakeChannel inbound(String resource, String destination) {
        return inbound(InboundCall.of(resource, destination));
    }

    /** The context the core gave at {@code start}, or null while not registered (to announce calls directly). */
    public TechContext context() {
        return context;
    }

    /** Announces {@code call}; see {@link #inbound(String, String)}. */
    public FakeChannel inbound(InboundCall call) {
        TechContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("tech " + name + " is not registered");
        }
        FakeChannel ch = new FakeChannel(this, call.resource(), null);
        ChannelSink sink = ctx.announceInbound(call, s -> {
            checkNotStopped("inbound factory");
            if (fails("newChannel", call.resource())) {
                throw new FakeFault("newChannel");
            }
            ch.bind(s);
            channels.add(ch);
            ch.record("newChannel", call);
            declareMedia(s);
            return ch;
        });
        ch.bind(sink);
        return ch;
    }

    /** Adds a reaction to callback {@code callback}; it runs on the owner executor after the callback is recorded. */
    public FakeTech on(String callback, BiConsumer<FakeChannel, Object> reaction) {
        reactions.computeIfAbsent(callback, k -> new ConcurrentLinkedQueue<>()).add(reaction);
        return this;
    }

    /**
     * From now on an inbound channel's {@code answer} is not confirmed at once: the channel stays {@code RING} until
     * the test confirms with {@code remote().answered()} (a SIP 200 OK on its way), or hangs it up (a CANCEL that
     * crossed it). By default the fake confirms every answer from inside the callback.
     */
    public FakeTech confirmAnswersLater() {
        confirmAnswers = false;
        return this;
    }

    boolean confirmsAnswers() {
        return confirmAnswers;
    }

    /**
     * From now on every new channel of this tech declares that it speaks {@code formats} (in that order of
     * preference), reading and writing the first ({@code ChannelSink.mediaChanged} at creation), so the core
     * translates what is written to it. By default the fake declares nothing: it is transparent.
     */
    public FakeTech speaking(MediaFormat... formats) {
        this.media = ChannelMedia.of(formats);
        return this;
    }

    private void declareMedia(ChannelSink sink) {
        ChannelMedia m = media;
        if (m != null) {
            sink.mediaChanged(m);
        }
    }

    /** Makes {@code callback} throw {@link FakeFault} from now on ({@code newChannel} included). */
    public FakeTech failOn(String callback) {
        if (callback == null) {
            throw new InvalidArgumentException("callback must not be null");
        }
        failing.add(callback);
        return this;
    }

    /**
     * Makes {@code callback} throw {@link FakeFault} from now on, only for channels whose resource is
     * {@code resource} ({@code newChannel} included).
     */
    public FakeTech failOn(String callback, String resource) {
        if (callback == null || resource == null) {
            throw new InvalidArgumentException("callback and resource must not be null");
        }
        failingForResource.add(callback + '\u0000' + resource);
        return this;
    }

    private boolean fails(String callback, String resource) {
        return failing.contains(callback) || failingForResource.contains(callback + '\u0000' + resource);
    }

    /** Every channel created so far (outbound and inbound whose factory ran). */
    public List<FakeChannel> channels() {
        return List.copyOf(channels);
    }

    /** The fake side of {@code channel}; fails if this tech did not create it (or its factory has not run yet). */
    public FakeChannel channelOf(org.strowger.api.Channel channel) {
        for (FakeChannel c : channels) {
            if (c.channel() == channel) {
                return c;
            }
        }
        throw new AssertionError("tech " + name + " has no channel " + channel.id());
    }

    /** How many times {@code start} and {@code stop} ran. */
    public int starts() {
        return starts.get();
    }

    public int stops() {
        return stops.get();
    }

    /** All contract violations of all channels and of the tech. */
    public List<String> violations() {
        List<String> out = new ArrayList<>(techViolations);
        for (FakeChannel c : channels) {
            for (String v : c.violations()) {
                out.add(c.channel().id() + ": " + v);
            }
        }
        return out;
    }

    void react(FakeChannel ch, String callback, Object arg) {
        if (stopped) {
            techViolations.add(callback + " of " + ch.channel().id() + " ran after stop");
        }
        if (fails(callback, ch.resource())) {
            throw new FakeFault(callback);
        }
        Queue<BiConsumer<FakeChannel, Object>> rs = reactions.get(callback);
        if (rs != null) {
            for (BiConsumer<FakeChannel, Object> r : rs) {
                r.accept(ch, arg);
            }
        }
    }

    private void checkNotStopped(String what) {
        if (stopped) {
            techViolations.add(what + " ran after stop");
        }
    }
}
