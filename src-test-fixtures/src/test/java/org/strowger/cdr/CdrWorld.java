package org.strowger.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.strowger.api.Application;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.api.cdr.CallParty;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.OnAnswer;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * A simulated core with a call-record sink on the pool, an inbound-call handler routing by destination, actions at
 * virtual instants, and records rendered as one line each with short names and times relative to the start, so that
 * tests can compare them with hand-written lines.
 */
final class CdrWorld {
    final Simulation sim;
    final FakeTech fake = new FakeTech();
    final ChannelCore core;
    final Queue<CallRecord> records = new ConcurrentLinkedQueue<>();
    private final Map<String, Function<Channel, Application>> routes = new HashMap<>();
    private final Map<ChannelId, String> labels = new HashMap<>();
    private final long t0;

    CdrWorld(TestCores cores, long seed) {
        this.sim = new Simulation(seed);
        this.core = cores.simulated(sim, b -> b
                .inboundHandler(ch -> routes.getOrDefault(ch.snapshot().destination(), c -> new RecordingApp())
                        .apply(ch))
                .callRecordSink(records::add, CallRecordSinkOptions.defaults().onPool().withName("test")), fake);
        this.t0 = sim.currentTimeMillis();
    }

    /** Inbound calls to {@code destination} are given to the application {@code app} makes. */
    CdrWorld route(String destination, Function<Channel, Application> app) {
        routes.put(destination, app);
        return this;
    }

    /** An application that dials {@code resource} (a Fake target) for its channel and bridges them on answer. */
    Application dialler(String tech, String resource) {
        return new Application() {
            @Override
            public void onAttach(Channel caller) {
                dial(caller, DialString.of(DialTarget.of(tech, resource)));
            }
        };
    }

    DialHandle dial(Channel caller, DialString targets) {
        return core.dial(DialRequest.of(targets).withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller)));
    }

    /** An inbound call from {@code from} to {@code to}, labelled {@code from}, once it has been routed. */
    Channel inbound(String from, String to) {
        FakeChannel c = fake.inbound(from, to);
        sim.runUntilQuiescent();
        return label(c.channel(), from);
    }

    Channel label(Channel ch, String label) {
        labels.put(ch.id(), label);
        return ch;
    }

    /** The fake channels to {@code resource}, labelled {@code label}, {@code label2} ... in creation order. */
    FakeChannel outbound(String resource, String label) {
        List<FakeChannel> found = new ArrayList<>();
        for (FakeChannel c : fake.channels()) {
            if (c.resource().equals(resource) && c.channel().direction() == org.strowger.api.Direction.OUTBOUND) {
                found.add(c);
            }
        }
        assertEquals(1, found.size(), "channels to " + resource);
        label(found.get(0).channel(), label);
        return found.get(0);
    }

    /** Labels every Local channel by its name's resource and half (";1" outbound, ";2" inbound). */
    void labelLocals(String prefix) {
        core.channels().forEach(s -> {
            if (s.name().startsWith("Local/") && !labels.containsKey(s.id())) {
                labels.put(s.id(), prefix + (s.direction() == org.strowger.api.Direction.OUTBOUND ? ";1" : ";2"));
            }
        });
    }

    /** Runs {@code action} as an actor at {@code ms} from the start (virtual time). */
    void at(long ms, Runnable action) {
        long delay = ms - (sim.currentTimeMillis() - t0);
        sim.schedule(() -> sim.fork(action), Math.max(0, delay), TimeUnit.MILLISECONDS);
    }

    /** Runs the simulation until virtual time {@code ms} from the start. */
    void runTo(long ms) {
        sim.runFor(java.time.Duration.ofMillis(Math.max(0, ms - (sim.currentTimeMillis() - t0))));
    }

    void hangup(Channel ch) {
        ch.hangup(HangupCause.NORMAL_CLEARING);
    }

    /**
     * The records as lines, in the order the sink received them: {@code A-B DISPOSITION start answer end cause #seq},
     * times in ms from the start, "-" for no answer, no party B or no cause.
     */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (CallRecord r : records) {
            out.add(line(r));
        }
        return out;
    }

    /** {@link #lines()}, sorted: records closed at one instant reach the sink in an order the interleaving decides. */
    List<String> sortedLines() {
        List<String> out = new ArrayList<>(lines());
        java.util.Collections.sort(out);
        return out;
    }

    String line(CallRecord r) {
        return name(r.a()) + "-" + (r.b() == null ? "" : name(r.b())) + " " + r.disposition() + " "
                + (r.startMillis() - t0) + " " + (r.answered() ? String.valueOf(r.answerMillis() - t0) : "-") + " "
                + (r.endMillis() - t0) + " " + (r.cause() == null ? "-" : r.cause()) + " #" + r.sequence();
    }

    private String name(CallParty p) {
        return labels.getOrDefault(p.id(), p.name());
    }
}
