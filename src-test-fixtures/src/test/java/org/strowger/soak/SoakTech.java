package org.strowger.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.Channel;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/**
 * The soak's tech: answers every call at once, counts what it is written, and keeps its live channels in
 * {@link #slices} sets that the {@link MediaPacer} walks, one slice per pacing task. Memory stays proportional to
 * the live channels: a channel leaves the pacing set at its hang-up and the open set at its close.
 */
final class SoakTech implements ChannelTech {
    static final String NAME = "Soak";
    /** Channels whose resource starts with this are not paced until the test says so (see SoakChannel.paced). */
    static final String STEADY_PREFIX = "steady-";
    private static final int KEPT_VIOLATIONS = 20;

    final int slices;
    private final List<Set<SoakChannel>> paced = new ArrayList<>();
    private final Set<SoakChannel> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Channel, SoakChannel> byChannel = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    final LongAdder created = new LongAdder();
    final LongAdder hungUp = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder framesWritten = new LongAdder();
    private final AtomicLong violationCount = new AtomicLong();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    SoakTech(int slices) {
        this.slices = slices;
        for (int i = 0; i < slices; i++) {
            paced.add(ConcurrentHashMap.newKeySet());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
        int slice = (int) (sequence.getAndIncrement() % slices);
        SoakChannel ch = new SoakChannel(this, setup.resource(), sink, slice);
        ch.paced = !setup.resource().startsWith(STEADY_PREFIX);
        created.increment();
        open.add(ch);
        byChannel.put(sink.channel(), ch);
        paced.get(slice).add(ch);
        return ch;
    }

    /** The tech side of {@code channel}, or null once it is closed. */
    SoakChannel of(Channel channel) {
        return byChannel.get(channel);
    }

    /** The live channels of pacing slice {@code slice} (a live view). */
    Set<SoakChannel> slice(int slice) {
        return paced.get(slice);
    }

    /** Channels not yet closed. */
    List<SoakChannel> open() {
        return List.copyOf(open);
    }

    int openCount() {
        return open.size();
    }

    void hungUp(SoakChannel ch) {
        hungUp.increment();
        paced.get(ch.slice).remove(ch);
    }

    void closed(SoakChannel ch) {
        closed.increment();
        open.remove(ch);
        byChannel.remove(ch.channel());
    }

    void violation(String what) {
        if (violationCount.incrementAndGet() <= KEPT_VIOLATIONS) {
            violations.add(what);
        }
    }

    long violationCount() {
        return violationCount.get();
    }

    /** The first few violations. */
    List<String> violations() {
        return List.copyOf(violations);
    }
}
