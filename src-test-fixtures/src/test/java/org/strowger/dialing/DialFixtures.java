package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.EarlyMediaPolicy;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.spi.ChannelSink;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Simulation;

/** Shared set-up for the dialing tests: scripted far ends, callers, dial strings, and checks on the result. */
final class DialFixtures {
    private DialFixtures() {
    }

    /**
     * The network of a simulation: actions due at the same virtual instant start together, each after a random number
     * (0-5) of other ready tasks, so they race with each other and with what they set off. (Separate timers would run
     * one after another, each only once the simulation is quiescent.) Simulation thread only.
     */
    static final class Network {
        private final Simulation sim;
        private final Map<Long, List<Runnable>> due = new java.util.HashMap<>();

        Network(Simulation sim) {
            this.sim = sim;
        }

        /** Runs {@code action} as an actor {@code micros} from now. */
        void afterMicros(long micros, Runnable action) {
            long when = sim.elapsedNanos() + micros * 1000;
            List<Runnable> actions = due.get(when);
            if (actions == null) {
                List<Runnable> now = new ArrayList<>();
                due.put(when, now);
                sim.schedule(() -> {
                    due.remove(when);
                    for (Runnable r : now) {
                        later(sim, sim.random().nextInt(6), r);
                    }
                }, micros, TimeUnit.MICROSECONDS);
                actions = now;
            }
            actions.add(action);
        }

        void after(long ms, Runnable action) {
            afterMicros(ms * 1000, action);
        }
    }

    /**
     * What the far end of each outbound Fake channel does after {@code call()}, by resource, on the simulation's
     * clock, through a {@link Network}: steps of different channels due at the same instant race.
     */
    static final class FarEnds {
        private final Map<String, Queue<Step>> steps = new ConcurrentHashMap<>();
        final Network network;

        private record Step(long micros, Consumer<FakeChannel> action) {
        }

        FarEnds(Simulation sim, FakeTech fake) {
            this.network = new Network(sim);
            fake.on("call", (fc, arg) -> {
                for (Step s : steps.getOrDefault(fc.resource(), new ConcurrentLinkedQueue<>())) {
                    network.afterMicros(s.micros(), () -> s.action().accept(fc));
                }
            });
        }

        /** At {@code ms} after the call is placed, the far end of {@code resource} does {@code action}. */
        FarEnds at(String resource, long ms, Consumer<ChannelSink> action) {
            return atMicros(resource, ms * 1000, fc -> action.accept(fc.remote()));
        }

        FarEnds atMicros(String resource, long micros, Consumer<FakeChannel> action) {
            steps.computeIfAbsent(resource, k -> new ConcurrentLinkedQueue<>()).add(new Step(micros, action));
            return this;
        }
    }

    /** Runs {@code action} as an actor after {@code hops} other ready tasks had the chance to run. */
    static void later(Simulation sim, int hops, Runnable action) {
        if (hops <= 0) {
            sim.fork(action);
        } else {
            sim.fork(() -> later(sim, hops - 1, action));
        }
    }

    /** Runs {@code action} as an actor at virtual time {@code ms} from now. */
    static void at(Simulation sim, long ms, Runnable action) {
        sim.schedule(() -> sim.fork(action), ms, TimeUnit.MILLISECONDS);
    }

    static DialTarget fake(String resource) {
        return DialTarget.of("Fake", resource);
    }

    static DialTarget fake(String resource, long timeoutMs) {
        return DialTarget.of("Fake", resource).withTimeout(Duration.ofMillis(timeoutMs));
    }

    /** Groups rung one after another, each a set of targets rung at once. */
    static DialString groups(DialGroup... groups) {
        return new DialString(List.of(groups), null, EarlyMediaPolicy.RINGBACK, DialString.DEFAULT_MAX_FORWARDS,
                Map.of());
    }

    /** An inbound call from {@code from}, routed to the core's handler and still ringing. */
    static FakeChannel inboundCaller(Simulation sim, FakeTech fake, String from) {
        FakeChannel c = fake.inbound(from, "100");
        sim.runUntilQuiescent();
        return c;
    }

    /** The outbound fake channels to {@code resource}, in creation order. */
    static List<FakeChannel> legs(FakeTech fake, String resource) {
        List<FakeChannel> out = new ArrayList<>();
        for (FakeChannel c : fake.channels()) {
            if (c.resource().equals(resource) && c.channel().direction() == Direction.OUTBOUND) {
                out.add(c);
            }
        }
        return out;
    }

    static FakeChannel leg(FakeTech fake, String resource) {
        List<FakeChannel> l = legs(fake, resource);
        assertEquals(1, l.size(), "legs to " + resource + ": " + l);
        return l.get(0);
    }

    /** How many times {@code control} was indicated toward this channel's far end. */
    static long indicated(FakeChannel c, Control control) {
        return c.callbacks().stream().filter(cb -> cb.name().equals("indicate")
                && ((ControlFrame) cb.argument()).control() == control).count();
    }

    /** The timestamps of the voice frames written toward this channel's far end. */
    static List<Long> written(FakeChannel c) {
        List<Long> out = new ArrayList<>();
        for (Callback cb : c.callbacks()) {
            if (cb.name().equals("write") && cb.argument() instanceof VoiceFrame v) {
                out.add(v.timestamp());
            }
        }
        return out;
    }

    static VoiceFrame voice(long ts) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, ts);
    }

    static <T> T done(Simulation sim, CompletionStage<T> stage) {
        return sim.await(stage);
    }

    /** The result of a dial that must have ended by now. */
    static DialResult ended(CompletionStage<DialResult> result) {
        CompletableFuture<DialResult> f = result.toCompletableFuture();
        assertTrue(f.isDone(), "the dial has not ended");
        return f.join();
    }

    /** The leg of {@code result} whose channel is {@code ch}. */
    static DialLeg legOf(DialResult result, Channel ch) {
        return result.legs().stream().filter(l -> ch.id().equals(l.channelId())).findFirst()
                .orElseThrow(() -> new AssertionError("no leg for " + ch.id() + " in " + result.legs()));
    }

    static List<LegOutcome> outcomes(DialResult result) {
        return result.legs().stream().map(DialLeg::outcome).toList();
    }

    /**
     * After a seeded run: every one of {@code outcomes} was seen at least once (so the scenario really explored both
     * sides of its race). Skipped when only a few seeds ran ({@code -Dstrowger.seed} / a small
     * {@code -Dstrowger.seeds}).
     */
    static void assertAllSeen(Map<String, Integer> seen, String... outcomes) {
        if (System.getProperty("strowger.seed") != null || Integer.getInteger("strowger.seeds", 1_000) < 200) {
            return;
        }
        for (String o : outcomes) {
            assertTrue(seen.getOrDefault(o, 0) > 0, "no seed reached outcome " + o + ": " + seen);
        }
    }

    /** Hangs up every live channel and runs the simulation dry. */
    static void hangUpEverything(Simulation sim, ChannelCore core) {
        for (ChannelSnapshot s : core.channels()) {
            core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING));
        }
        sim.runAll();
    }
}
