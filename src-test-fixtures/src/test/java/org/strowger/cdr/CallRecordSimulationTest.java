package org.strowger.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordMetrics;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.api.cdr.Disposition;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.OnAnswer;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelStateChanged;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.DialStatus;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Seeds;
import org.strowger.testkit.Simulation;

/**
 * Call records under random interleavings: calls made by dials (ring groups, some through Local channels, with and
 * without optimisation) and by plain bridges, IVR-only calls, and at random instants answers, busy and failing far
 * ends, blind and attended transfers (completed, cancelled, abandoned), pickups of dialled and of bridged ringing
 * legs, redirects, merges and hang-ups. Once every channel is gone, checked against the events of the same run: times
 * ordered, every record closed and delivered once, no two records of one pair at once, every channel in some record,
 * and every answered record's parties answered and bridged together (or, for a dial, the leg answered and won).
 */
class CallRecordSimulationTest {
    @Test
    void recordsAgreeWithTheEventsWhateverTheInterleaving() {
        AtomicLong runs = new AtomicLong();
        Map<String, Integer> seen = new java.util.TreeMap<>();
        Seeds.forEach("call records", 70_000, 1_000, seed -> {
            runs.incrementAndGet();
            Simulation sim = new Simulation(seed);
            FakeTech fake = new FakeTech();
            Queue<CallRecord> records = new ConcurrentLinkedQueue<>();
            List<CoreEvent> events = new ArrayList<>();
            World w = new World(sim, fake);
            ChannelCore core = sim.coreBuilder().tech(fake)
                    .inboundHandler(ch -> w.route(ch))
                    .callRecordSink(records::add, CallRecordSinkOptions.defaults().onPool().withName("sim"))
                    .build();
            w.core = core;
            core.subscribe(EventFilter.all(), events::add, SubscribeOptions.defaults().onPool());

            w.play();
            core.channels().forEach(s -> core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING)));
            sim.runFor(Duration.ofSeconds(10));
            Invariants.assertClean(sim, core, fake);

            check(List.copyOf(records), events, core.metrics().callRecords(), seen);
            for (CoreEvent e : events) {
                switch (e.kind()) {
                    case BLIND_TRANSFERRED -> seen.merge("blind transfer", 1, Integer::sum);
                    case ATTENDED_TRANSFER_ENDED -> seen.merge("attended transfer", 1, Integer::sum);
                    case CALL_PICKED_UP -> seen.merge("pickup of a bridged leg", 1, Integer::sum);
                    case DIAL_ENDED -> seen.merge("dialled leg", 1, Integer::sum);
                    default -> { }
                }
            }
            core.shutdown();
            sim.runAll();
        });
        if (runs.get() >= 100) { // not when replaying one seed
            for (String kind : List.of("ANSWERED pair", "NO_ANSWER pair", "BUSY pair", "FAILED pair", "alone",
                    "via Local", "Local pair optimised", "dialled leg")) {
                assertTrue(seen.getOrDefault(kind, 0) > 0, "no run produced " + kind + ": " + seen);
            }
            for (String kind : List.of("blind transfer", "attended transfer")) { // about 0.46 per run
                assertTrue(seen.getOrDefault(kind, 0) > runs.get() / 10, "too few: " + kind + ": " + seen);
            }
            assertTrue(seen.getOrDefault("pickup of a bridged leg", 0) > runs.get() / 50, "too few pickups: " + seen);
        }
    }

    private static void check(List<CallRecord> records, List<CoreEvent> events, CallRecordMetrics metrics,
            Map<String, Integer> seen) {
        assertEquals(0, metrics.open(), "every record is closed once all channels are gone");
        assertEquals(records.size(), metrics.produced());
        CallRecordSinkStats sink = metrics.sinks().get(0);
        assertEquals(metrics.produced(), sink.offered());
        assertEquals(sink.offered(), sink.delivered(), "the sink took every record: " + sink);
        assertEquals(0, sink.fallback());

        // what the events say
        Set<ChannelId> channels = new HashSet<>();
        Set<ChannelId> up = new HashSet<>();
        Set<String> bridgedPairs = new HashSet<>();
        Set<String> answeredDials = new HashSet<>();
        Map<ChannelId, String> techs = new HashMap<>();
        Map<BridgeId, Set<ChannelId>> members = new HashMap<>();
        for (CoreEvent e : events) {
            switch (e) {
                case ChannelCreated c -> {
                    channels.add(c.channelId());
                    techs.put(c.channelId(), c.tech());
                }
                case ChannelStateChanged s when s.to() == ChannelState.UP -> up.add(s.channelId());
                case DialEnded d when d.status() == DialStatus.ANSWERED && d.caller() != null ->
                        answeredDials.add(d.caller().id() + "|" + d.channelId());
                case BridgeEntered b -> {
                    Set<ChannelId> in = members.computeIfAbsent(b.bridgeId(), k -> new HashSet<>());
                    in.add(b.channel().id());
                    for (ChannelId m : in) {
                        bridgedPairs.add(m + "|" + b.channel().id());
                        bridgedPairs.add(b.channel().id() + "|" + m);
                    }
                }
                case BridgeLeft l -> members.getOrDefault(l.bridgeId(), new HashSet<>()).remove(l.channel().id());
                default -> { }
            }
        }

        Set<Long> ids = new HashSet<>();
        Set<String> sequences = new HashSet<>();
        Set<ChannelId> recorded = new HashSet<>();
        Map<String, List<CallRecord>> byPair = new HashMap<>();
        for (CallRecord r : records) {
            assertTrue(ids.add(r.id()), "duplicate record id " + r);
            assertTrue(sequences.add(r.linkedId() + "#" + r.sequence()), "duplicate sequence in a call " + r);
            assertTrue(r.startMillis() <= r.endMillis(), "times " + r);
            assertTrue(!r.answered() || (r.startMillis() <= r.answerMillis() && r.answerMillis() <= r.endMillis()),
                    "times " + r);
            assertEquals(r.answered(), r.disposition() == Disposition.ANSWERED, "disposition " + r);
            assertTrue(channels.contains(r.a().id()), "party A was never created " + r);
            recorded.add(r.a().id());
            if (r.b() == null) {
                assertTrue(!r.answered() || up.contains(r.a().id()), "answered alone but never up " + r);
                seen.merge("alone", 1, Integer::sum);
                continue;
            }
            assertTrue(channels.contains(r.b().id()), "party B was never created " + r);
            recorded.add(r.b().id());
            String pair = r.a().id() + "|" + r.b().id();
            byPair.computeIfAbsent(r.a().id().compareTo(r.b().id()) < 0 ? pair : r.b().id() + "|" + r.a().id(),
                    k -> new ArrayList<>()).add(r);
            seen.merge(r.disposition() + " pair", 1, Integer::sum);
            if (r.viaLocal()) {
                seen.merge("via Local", 1, Integer::sum);
            }
            if (r.answered()) {
                boolean dial = answeredDials.contains(pair);
                assertTrue(up.contains(r.b().id()), "answered, but B never was " + r);
                assertTrue(dial || up.contains(r.a().id()), "answered, but A never was " + r);
                assertTrue(dial || bridgedPairs.contains(pair), "answered, but never bridged together " + r);
            }
        }
        for (ChannelId c : channels) {
            assertTrue(recorded.contains(c), c + " (" + techs.get(c) + ") is in no record: " + records);
        }
        byPair.forEach((pair, list) -> { // no two records of one pair at once
            list.sort(java.util.Comparator.comparingLong(CallRecord::startMillis).thenComparingLong(CallRecord::id));
            for (int i = 1; i < list.size(); i++) {
                assertTrue(list.get(i).startMillis() >= list.get(i - 1).endMillis(),
                        "overlapping records of one pair: " + list);
            }
        });
        if (records.stream().anyMatch(r -> r.b() != null && !r.viaLocal()
                && records.stream().anyMatch(x -> x.viaLocal() && x.linkedId().equals(r.linkedId())))) {
            seen.merge("Local pair optimised", 1, Integer::sum);
        }
    }

    /** The random calls of one run. Simulation thread only. */
    private static final class World {
        final Simulation sim;
        final FakeTech fake;
        final SplittableRandom r;
        ChannelCore core;
        final List<Channel> parties = new ArrayList<>();

        World(Simulation sim, FakeTech fake) {
            this.sim = sim;
            this.fake = fake;
            this.r = sim.random();
            fake.on("call", (fc, arg) -> farEnd(fc));
        }

        /** The inbound-call handler: "dial" rings a random group, "ivr" may answer, "*8" waits to pick up. */
        org.strowger.api.Application route(Channel ch) {
            String to = ch.snapshot().destination();
            if (to.startsWith("dial")) {
                return new org.strowger.api.Application() {
                    @Override
                    public void onAttach(Channel caller) {
                        dialGroup(caller);
                    }
                };
            }
            if (to.equals("ivr") && r.nextBoolean()) {
                return new org.strowger.api.Application() {
                    @Override
                    public void onAttach(Channel caller) {
                        caller.answer();
                    }
                };
            }
            return new RecordingApp();
        }

        private void dialGroup(Channel caller) {
            int n = 1 + r.nextInt(3);
            List<DialTarget> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                targets.add(r.nextInt(5) == 0 && !caller.name().startsWith("Local")
                        ? DialTarget.of("Local", "dial" + (r.nextBoolean() ? "" : "/n"))
                        : DialTarget.of("Fake", "leg").withTimeout(Duration.ofMillis(20 + r.nextInt(60))));
            }
            DialString s = r.nextInt(4) == 0
                    ? new DialString(targets.stream().map(DialGroup::of).toList(), null,
                            org.strowger.api.dial.EarlyMediaPolicy.RINGBACK, DialString.DEFAULT_MAX_FORWARDS,
                            Map.of())
                    : DialString.of(targets.toArray(new DialTarget[0]));
            core.dial(DialRequest.of(s).withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller)));
        }

        /** What an outbound Fake channel's far end does once called. */
        private void farEnd(FakeChannel fc) {
            parties.add(fc.channel());
            int what = r.nextInt(8);
            long when = r.nextInt(50);
            at(when, () -> {
                switch (what) {
                    case 0 -> fc.remote().busy();
                    case 1 -> fc.remote().hangup(HangupCause.UNALLOCATED);
                    case 2 -> { } // rings until a timeout, a pickup or a hang-up
                    case 3 -> fc.remote().ringing();
                    default -> fc.remote().answered();
                }
            });
        }

        void play() {
            int calls = 2 + r.nextInt(3);
            for (int i = 0; i < calls; i++) {
                int kind = r.nextInt(5);
                if (kind <= 2) {
                    parties.add(fake.inbound("caller" + i, "dial").channel());
                } else if (kind == 3) {
                    parties.add(fake.inbound("ivr" + i, "ivr").channel());
                } else { // a plain bridge with an outbound callee
                    Channel caller = fake.inbound("caller" + i, "100").channel();
                    sim.runUntilQuiescent();
                    Channel callee = core.request(OutboundRequest.of("Fake", "callee" + i).withRequester(caller));
                    Bridge b = core.createBridge(BridgeOptions.call());
                    JoinOptions[] policies = {JoinOptions.RETURN_AFTER, JoinOptions.HANG_UP_AFTER,
                        JoinOptions.PARK_AFTER};
                    b.join(caller, policies[r.nextInt(policies.length)]);
                    b.join(callee, JoinOptions.HANG_UP_AFTER);
                    callee.call();
                    parties.add(caller);
                }
                sim.runUntilQuiescent();
            }
            int ops = 3 + r.nextInt(8);
            for (int i = 0; i < ops; i++) {
                int what = r.nextInt(12);
                long when = r.nextInt(80);
                at(when, () -> operate(what));
            }
            sim.runFor(Duration.ofMillis(300));
        }

        private void operate(int what) {
            List<Channel> live = parties.stream().filter(c -> c.state() != ChannelState.DESTROYED
                    && c.state() != ChannelState.HUNG_UP).toList();
            if (live.isEmpty()) {
                return;
            }
            Channel c = live.get(r.nextInt(live.size()));
            Channel other = live.get(r.nextInt(live.size()));
            switch (what) {
                case 0, 1 -> core.blindTransfer(c, OutboundRequest.of("Fake", "blind"));
                case 2, 3 -> core.attendedTransfer(c, OutboundRequest.of("Fake", "consult")).thenAccept(t -> {
                    int how = r.nextInt(3);
                    at(10 + r.nextInt(40), () -> ending(t, how));
                });
                case 4, 5 -> {
                    Channel picker = fake.inbound("picker", "*8").channel();
                    parties.add(picker);
                    core.pickup(picker, c);
                }
                case 6, 7 -> c.hangup(HangupCause.NORMAL_CLEARING);
                case 8 -> c.attach(new RecordingApp()); // a redirect when bridged
                case 9 -> {
                    Bridge mine = bridgeOf(c);
                    Bridge theirs = bridgeOf(other);
                    if (mine != null && theirs != null && mine != theirs) {
                        mine.merge(theirs);
                    }
                }
                default -> parties.add(fake.inbound("late", "dial").channel());
            }
        }

        private static void ending(AttendedTransfer t, int how) {
            switch (how) {
                case 0 -> t.complete();
                case 1 -> t.cancel();
                default -> t.transferer().hangup(HangupCause.NORMAL_CLEARING);
            }
        }

        private Bridge bridgeOf(Channel c) {
            BridgeId id = c.snapshot().bridge();
            return id == null ? null : core.bridge(id).orElse(null);
        }

        private void at(long millis, Runnable action) {
            sim.schedule(() -> sim.fork(action), millis, TimeUnit.MILLISECONDS);
        }
    }
}
