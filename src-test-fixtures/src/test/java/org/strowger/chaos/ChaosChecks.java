package org.strowger.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.EndpointUsage;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.StrowgerException;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordMetrics;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.api.cdr.Disposition;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.ChannelStateChanged;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.Owner;
import org.strowger.api.event.OwnerChanged;
import org.strowger.bridging.BridgeInvariants;
import org.strowger.events.EventStreams;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Invariants;
import org.strowger.testkit.RecordingApp;

/**
 * The invariants of the whole-core simulation: {@link #atRest} whenever the simulation is idle, {@link #atEnd} once
 * every channel is gone. Each throws an {@link AssertionError} naming what broke.
 */
final class ChaosChecks {
    private ChaosChecks() {
    }

    /**
     * At an idle point: bridges and channel snapshots agree (each live channel in at most one bridge, owned by the
     * bridge that lists it, one owner each); every hung-up channel is destroyed; no usage count is negative; no tap
     * closed twice or fed after its close; each live channel's last reported hand-over is the owner its snapshot
     * shows; no tech contract violation so far.
     */
    static void atRest(ChaosWorld w) {
        ChannelCore core = w.core;
        BridgeInvariants.assertAtRest(core);
        long now = w.sim.elapsedNanos();
        for (ChaosWorld.Bounded b : w.bounded) {
            check(b.stage().toCompletableFuture().isDone() || now - b.issuedAt() < ChaosWorld.BOUND_MS * 1_000_000L,
                    "the " + b.what() + " command issued at " + b.issuedAt() / 1_000_000 + " ms has not completed by "
                    + now / 1_000_000 + " ms");
        }
        for (BridgeSnapshot b : core.bridges()) {
            // at rest nothing is in flight: a channel still "arriving" is a reservation that will never resolve
            check(b.arriving() == 0, "bridge " + b.id() + " keeps " + b.arriving() + " arriving channel(s) at rest: " + b);
            boolean over = switch (b.dissolve()) {
                case WHEN_ONE_LEFT -> b.members().size() <= 1;
                case WHEN_EMPTY -> b.members().isEmpty();
                case NEVER -> false;
            };
            check(!(over && b.departed() && !b.held() && !b.destroyed()), "bridge " + b.id() + " outlives its "
                    + "members: " + b);
        }
        long live = core.stats().channelsLive();
        check(live == core.channelCount(), "at rest the core counts " + live + " live channels but the registry holds "
                + core.channelCount() + ": " + core.channels());
        for (EndpointUsage u : core.usageLimits()) {
            check(u.inUse() >= 0, "negative usage " + u);
        }
        for (ChaosWorld.CountingTap t : w.taps) {
            check(t.closes <= 1, "a tap closed " + t.closes + " times");
            check(t.framesAfterClose == 0, "a tap saw " + t.framesAfterClose + " frames after its close");
            check(t.closes == 0 || !t.added.isDone() || !t.added.isCompletedExceptionally(),
                    "a tap whose addTap failed was closed (" + t.reason + ")");
        }
        Map<ChannelId, Owner> reported = new HashMap<>();
        for (CoreEvent e : w.events) {
            if (e instanceof OwnerChanged o) {
                reported.put(o.channelId(), o.to());
            }
        }
        for (ChannelSnapshot s : core.channels()) {
            if (s.isLive()) {
                Owner o = reported.getOrDefault(s.id(), Owner.NONE);
                check(o.kind() == s.ownerKind() && java.util.Objects.equals(o.bridge(), s.bridge()),
                        s.id() + "'s last hand-over was to " + o + " but its snapshot says " + s.ownerKind() + " "
                        + s.bridge());
            }
        }
        for (FakeTech t : List.of(w.fake, w.pstn)) {
            List<String> v = t.violations();
            check(v.isEmpty(), "tech contract violations: " + v);
        }
    }

    /**
     * Once every channel is gone: {@link Invariants#assertSimulationClean}; each channel's event stream well formed
     * ({@link EventStreams#problems}: sequence 1..n, created first, one hang-up, destroyed last; bridges likewise);
     * the events and the techs' callback logs agree on the channels and their hang-up causes; every tap that was
     * added closed exactly once; every command stage completed, normally or with a documented exception; the
     * applications saw nothing off their channels' executors; the call records are all delivered, cover every channel
     * and agree with the hang-up and dial events (causes, dispositions, answered parties were up, no two records of
     * one pair at once).
     */
    static void atEnd(ChaosWorld w) {
        Invariants.assertSimulationClean(w.sim, w.core, w.fake, w.pstn);
        List<CoreEvent> events = w.events;
        List<String> problems = EventStreams.problems(events);
        check(problems.isEmpty(), "event streams broken:\n  " + String.join("\n  ", problems));

        Map<ChannelId, HangupCause> hungUp = new HashMap<>();
        Map<ChannelId, String> techs = new HashMap<>();
        Map<ChannelId, DialEnded> dialEnds = new HashMap<>();
        for (CoreEvent e : events) {
            switch (e) {
                case ChannelCreated c -> techs.put(c.channelId(), c.tech());
                case ChannelHungUp h -> hungUp.put(h.channelId(), h.cause());
                case DialEnded d -> dialEnds.put(d.channelId(), d);
                default -> { }
            }
        }
        check(techs.size() == w.core.stats().channelsCreated(), "events name " + techs.size()
                + " channels, the core created " + w.core.stats().channelsCreated());
        for (FakeTech t : List.of(w.fake, w.pstn)) {
            for (FakeChannel fc : t.channels()) {
                ChannelId id = fc.channel().id();
                check(techs.containsKey(id), id + " has callbacks but no ChannelCreated");
                check(fc.argumentOf("hangup") == hungUp.get(id), id + ": the tech was told "
                        + fc.argumentOf("hangup") + ", the events say " + hungUp.get(id));
            }
        }

        for (ChaosWorld.CountingTap t : w.taps) {
            check(t.added.isDone(), "an addTap never completed");
            check(t.closes == (t.added.isCompletedExceptionally() ? 0 : 1), "a tap (added: "
                    + !t.added.isCompletedExceptionally() + ") closed " + t.closes + " times");
        }
        for (Map.Entry<String, CompletionStage<?>> s : w.stages) {
            CompletableFuture<?> f = s.getValue().toCompletableFuture();
            check(f.isDone(), "the " + s.getKey() + " command never completed");
            Throwable failure = failureOf(f);
            check(failure == null || failure instanceof CommandRejectedException
                    || failure instanceof NoSuchChannelException || failure instanceof NoSuchBridgeException
                    // a callback the command ran threw: the channel was hung up for it (Channel's javadoc)
                    || (failure.getClass() == StrowgerException.class
                            && failure.getCause() instanceof FakeTech.FakeFault),
                    "the " + s.getKey() + " command failed with an undocumented " + failure);
        }
        for (Map.Entry<CompletionStage<?>, CompletionStage<?>> pair : w.backToBack) {
            // in call order, or the second refused: never the second run and the first refused because of it
            check(!(failureOf(pair.getKey().toCompletableFuture()) != null
                    && failureOf(pair.getValue().toCompletableFuture()) == null), "of two commands issued back to back,"
                    + " the second ran and the first was refused: " + failureOf(pair.getKey().toCompletableFuture()));
        }
        for (RecordingApp a : w.apps) {
            check(a.violations().isEmpty(), "application callbacks off their executor: " + a.violations());
        }
        records(w, techs.keySet(), hungUp, dialEnds);
    }

    private static void records(ChaosWorld w, Set<ChannelId> channels, Map<ChannelId, HangupCause> hungUp,
            Map<ChannelId, DialEnded> dialEnds) {
        List<CallRecord> records = List.copyOf(w.records);
        CallRecordMetrics m = w.core.metrics().callRecords();
        check(m.open() == 0, m.open() + " call records still open");
        check(m.produced() == records.size(), "produced " + m.produced() + ", the sink has " + records.size());
        CallRecordSinkStats sink = m.sinks().get(0);
        check(sink.delivered() == sink.offered() && sink.fallback() == 0, "records not all delivered: " + sink);
        check(records.size() <= 3L * channels.size() + 10, records.size() + " records for " + channels.size()
                + " channels");
        Set<ChannelId> recorded = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        Set<ChannelId> up = new HashSet<>();
        for (CoreEvent e : w.events) {
            if (e instanceof ChannelStateChanged c && c.to() == ChannelState.UP) {
                up.add(c.channelId());
            }
        }
        Map<String, List<CallRecord>> byPair = new HashMap<>();
        for (CallRecord r : records) {
            check(ids.add(r.id()), "duplicate record id " + r);
            recorded.add(r.a().id());
            if (r.b() != null) {
                recorded.add(r.b().id());
            }
            check(channels.contains(r.a().id()) && (r.b() == null || channels.contains(r.b().id())),
                    "a record names a channel that was never created: " + r);
            // the dial of the record's leg: B's, or for a record alone A's own (an originate)
            DialEnded d = dialEnds.get(r.b() == null ? r.a().id() : r.b().id());
            if (r.cause() != null) {
                check(r.cause() == hungUp.get(r.a().id()) || (r.b() != null && r.cause() == hungUp.get(r.b().id()))
                        || (d != null && r.cause() == d.cause()),
                        "a record's cause is neither party's hang-up cause (" + hungUp.get(r.a().id()) + ", "
                        + (r.b() == null ? "-" : hungUp.get(r.b().id())) + "): " + r);
            }
            if (r.answered() && r.b() != null) {
                check(up.contains(r.b().id()) && (up.contains(r.a().id()) || d != null), "answered, but a party"
                        + " never was: " + r);
            }
            if (r.b() != null) {
                ChannelId x = r.a().id();
                ChannelId y = r.b().id();
                byPair.computeIfAbsent(x.value().compareTo(y.value()) < 0 ? x + "|" + y : y + "|" + x,
                        k -> new ArrayList<>()).add(r);
            }
            if (!r.answered()) {
                check(r.disposition() == Disposition.ofUnanswered(r.cause())
                        || (d != null && r.disposition() == Disposition.of(d.status())),
                        "an unanswered record's disposition agrees with neither its cause nor its dial ("
                        + (d == null ? "none" : d.status()) + "): " + r);
            }
        }
        byPair.forEach((pair, list) -> { // no two records of one pair at once
            list.sort(java.util.Comparator.comparingLong(CallRecord::startMillis).thenComparingLong(CallRecord::id));
            for (int i = 1; i < list.size(); i++) {
                check(list.get(i).startMillis() >= list.get(i - 1).endMillis(), "overlapping records of one pair: "
                        + list);
            }
        });
        List<ChannelId> missing = new ArrayList<>();
        for (ChannelId c : channels) {
            if (!recorded.contains(c)) {
                missing.add(c);
            }
        }
        check(missing.isEmpty(), "channels in no call record: " + missing);
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
