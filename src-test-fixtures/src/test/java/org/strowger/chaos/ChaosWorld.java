package org.strowger.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.strowger.api.Application;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CreationRate;
import org.strowger.api.Direction;
import org.strowger.api.FrameTap;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.StrowgerException;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.OnAnswer;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.FaultPlan;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;

/**
 * One seed of the whole-core simulation: a core on the deterministic {@link Simulation} with two fake techs under a
 * {@link FaultPlan}, a call-record sink and an event subscriber, driven by a random mix of every public operation at
 * random virtual instants. It only drives and records; {@link ChaosChecks} judges. Simulation thread only.
 */
final class ChaosWorld {
    /** Per-mille fault odds per tech callback. */
    static final FaultPlan.Rates RATES = new FaultPlan.Rates(15, 10, 20, 20, 60);
    /** Virtual time over which calls arrive and operations happen. */
    static final long WINDOW_MS = 400;

    final Simulation sim;
    final SplittableRandom r;
    final FakeTech fake = new FakeTech("Fake");
    final FakeTech pstn = new FakeTech("Pstn");
    final ChannelCore core;
    final List<CoreEvent> events = new ArrayList<>();
    final Queue<CallRecord> records = new ConcurrentLinkedQueue<>();
    /** Every stage of a command the run issued, with what it was. */
    final List<Map.Entry<String, CompletionStage<?>>> stages = new ArrayList<>();
    /**
     * The stages that depend on no far end and no user (joins, moves, transfers' starts...): each must complete within
     * {@link #BOUND_MS} of virtual time, normally or with a reason.
     */
    final List<Bounded> bounded = new ArrayList<>();

    /** Two commands to one channel issued one right after the other by one actor, first and second. */
    final List<Map.Entry<CompletionStage<?>, CompletionStage<?>>> backToBack = new ArrayList<>();

    /** A bounded stage and when it was issued, in virtual nanoseconds. */
    record Bounded(String what, CompletionStage<?> stage, long issuedAt) {
    }

    /** Virtual time within which a bounded stage completes. */
    static final long BOUND_MS = 2_000;
    final List<CountingTap> taps = new ArrayList<>();
    final List<RecordingApp> apps = new ArrayList<>();
    final List<FaultPlan> plans = new ArrayList<>();
    final Map<String, Integer> seen = new TreeMap<>();
    /** What the run did, for replaying one seed. */
    final List<String> trace = new ArrayList<>();
    boolean pstnUnregistered;

    ChaosWorld(long seed) {
        this.sim = new Simulation(seed);
        this.r = sim.random();
        for (FakeTech t : List.of(fake, pstn)) {
            t.on("call", (fc, arg) -> farEnd(fc));
            plans.add(FaultPlan.install(t, sim, RATES, FaultPlan.CALLBACKS, s -> track("reentrant", s)));
        }
        var builder = sim.coreBuilder();
        if (r.nextInt(4) == 0) {
            builder.maxChannels(8 + r.nextInt(30));
            seen("max channels");
        }
        this.core = builder.tech(fake).tech(pstn).inboundHandler(this::route)
                .callRecordSink(records::add, CallRecordSinkOptions.defaults().onPool().withName("chaos"))
                .build();
        core.subscribe(EventFilter.all(), events::add, SubscribeOptions.defaults().onPool());
    }

    /** Schedules the calls and operations of this seed, runs them, checking at rest every 10 ms, then hangs up. */
    void play(Runnable atRest) {
        int calls = 5 + r.nextInt(16);
        int ops = 60 + r.nextInt(80);
        for (int i = 0; i < calls; i++) {
            int n = i;
            at(r.nextLong(WINDOW_MS), () -> sync(() -> newCall(n)));
        }
        for (int i = 0; i < ops; i++) {
            int what = r.nextInt(100);
            at(r.nextLong(WINDOW_MS), () -> operate(what));
        }
        if (r.nextInt(8) == 0) {
            at(r.nextLong(WINDOW_MS), () -> {
                pstnUnregistered = true;
                seen("unregister Pstn with " + core.channelCount("Pstn") + " live");
                track("unregisterTech", core.unregisterTech("Pstn"));
            });
        }
        for (long t = 0; t < WINDOW_MS + 200; t += 10) {
            sim.runFor(Duration.ofMillis(10));
            atRest.run();
        }
        // wind down: hang up whatever is left, end the bridges nobody dissolves, and repeat for late creations
        for (int round = 0; round < 3 && (core.channelCount() > 0 || core.bridgeCount() > 0); round++) {
            for (ChannelSnapshot s : sorted(core.channels())) {
                core.channel(s.id()).ifPresent(c -> track("final hangup", c.hangup(HangupCause.NORMAL_CLEARING)));
            }
            sim.runFor(Duration.ofSeconds(3)); // past every dial, DTMF and Local retry timer
            atRest.run();
            for (BridgeSnapshot b : core.bridges()) {
                core.bridge(b.id()).ifPresent(x -> track("final destroy", x.destroy()));
            }
            sim.runFor(Duration.ofSeconds(1));
        }
    }

    // ---- calls ----

    private void newCall(int n) {
        int kind = r.nextInt(10);
        FakeTech t = r.nextInt(3) == 0 ? pstn : fake;
        if (t == pstn && pstnUnregistered) {
            t = fake;
        }
        String to = switch (kind) {
            case 0, 1, 2 -> "app";
            case 3, 4, 5 -> "ring";
            case 6 -> "ivr";
            default -> "plain";
        };
        if (kind <= 6) {
            FakeChannel fc = t.inbound("caller" + n, to);
            seen("inbound " + to);
            if (r.nextInt(4) == 0) { // a caller that gives up at some point
                at(r.nextLong(200), () -> fc.remote().hangup(HangupCause.ORIGINATOR_CANCEL));
            }
            return;
        }
        // a plain call: an inbound caller and an outbound callee in a two-party bridge
        FakeChannel caller = t.inbound("caller" + n, "plain");
        sim.runUntilQuiescent();
        if (!caller.channel().snapshot().isLive()) {
            return;
        }
        sync(() -> {
            Channel callee = core.request(OutboundRequest.of(r.nextBoolean() ? "Fake" : "Pstn", "callee" + n)
                    .withRequester(caller.channel()));
            Bridge b = core.createBridge(BridgeOptions.call());
            bounded("join", b.join(caller.channel(), policy()));
            bounded("join", b.join(callee, JoinOptions.HANG_UP_AFTER));
            track("call", callee.call());
            seen("plain bridged call");
        });
    }

    /** The inbound-call handler: the application a new inbound channel gets, by destination. */
    private Application route(Channel ch) {
        String to = ch.snapshot().destination();
        if (to.equals("ring") || to.startsWith("grp")) {
            return new Application() {
                @Override
                public void onAttach(Channel caller) {
                    dialGroup(caller, to.startsWith("grp"));
                }
            };
        }
        RecordingApp app = !to.equals("ivr") ? new RecordingApp() : new RecordingApp() {
            @Override
            public void onAttach(Channel channel) {
                super.onAttach(channel);
                track("ivr answer", channel.answer());
            }
        };
        apps.add(app);
        return app;
    }

    /** A ring group from dial-string text: Fake, Pstn and Local targets, in one or two groups, with timeouts. */
    private void dialGroup(Channel caller, boolean local) {
        int n = 1 + r.nextInt(3);
        StringBuilder s = new StringBuilder();
        if (r.nextInt(3) == 0) {
            s.append("{timeout=").append(50 + r.nextInt(300)).append("ms}");
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(r.nextInt(3) == 0 ? " | " : "&");
            }
            int k = r.nextInt(local ? 2 : 4);
            if (k == 3) {
                s.append("Local/grp").append(i).append(r.nextBoolean() ? "/n" : "");
                seen("dial through Local");
            } else {
                s.append("[timeout=").append(30 + r.nextInt(150)).append("ms]")
                        .append(k == 2 && !pstnUnregistered ? "Pstn" : "Fake").append("/leg").append(i);
            }
        }
        DialString ds = DialString.parse(s.toString());
        track("dial", core.dial(DialRequest.of(ds).withCaller(caller).withOnAnswer(OnAnswer.bridgeWith(caller)))
                .result());
        seen("dial");
    }

    /** What an outbound fake channel's far end does once called. */
    private void farEnd(FakeChannel fc) {
        int what = r.nextInt(8);
        at(r.nextLong(120), () -> {
            switch (what) {
                case 0 -> fc.remote().busy();
                case 1 -> fc.remote().hangup(HangupCause.UNALLOCATED);
                case 2 -> { } // rings until a timeout, a pickup, a cancel or a hang-up
                case 3 -> fc.remote().ringing();
                case 4 -> fc.remote().progress();
                default -> fc.remote().answered();
            }
        });
    }

    // ---- operations ----

    private void operate(int what) {
        List<Channel> live = liveChannels();
        if (live.isEmpty()) {
            return;
        }
        Channel c = live.get(r.nextInt(live.size()));
        Channel other = live.get(r.nextInt(live.size()));
        sync(() -> {
            if (what < 7) {
                answer(c);
            } else if (what < 12) {
                hangup(c);
            } else if (what < 18) {
                bridge(live);
            } else if (what < 21) {
                move(c, other);
            } else if (what < 25) {
                race(c);
            } else if (what < 29) {
                merge(c, other);
            } else if (what < 35) {
                seen("blind transfer");
                bounded("blindTransfer", core.blindTransfer(c, target("blind")));
            } else if (what < 42) {
                attended(c);
            } else if (what < 47) {
                pickup(c);
            } else if (what < 53) {
                tap(c);
            } else if (what < 58) {
                dtmfHook(c);
            } else if (what < 66) {
                media(c);
            } else if (what < 70) {
                admission();
            } else if (what < 74) {
                redirect(c);
            } else if (what < 78) {
                kickOrLeave(c);
            } else if (what < 82) {
                originate();
            } else if (what < 86) {
                farEndSignal(c);
            } else if (what < 90) {
                track("detach", c.detach());
            } else if (what < 92) {
                seen("dtmf to far end");
                track("sendDtmf", c.sendDtmf('1', Duration.ofMillis(40)));
            } else if (what < 95) {
                backToBack(c, other);
            } else if (what < 97) {
                seen("send to");
                bounded("sendTo", core.sendTo(c, target("sent")));
            } else {
                track("absoluteTimeout", c.setAbsoluteTimeout(Duration.ofMillis(1 + r.nextInt(200))));
            }
        });
    }

    /**
     * A hand-over of a bridge member racing the end of its bridge: at one virtual instant, from two actors, a move
     * (or a blind or attended transfer) of one member and the hang-up of another, so the bridge may dissolve under it.
     */
    private void race(Channel c) {
        Bridge from = bridgeOf(c);
        if (from == null || isLocal(c)) {
            return;
        }
        List<Channel> others = from.snapshot().members().stream().filter(id -> !id.equals(c.id()))
                .map(id -> core.channel(id).orElse(null)).filter(x -> x != null).toList();
        if (others.isEmpty()) {
            return;
        }
        Channel victim = others.get(r.nextInt(others.size()));
        int kind = r.nextInt(4);
        Bridge to = kind == 0 ? core.createBridge(r.nextBoolean() ? BridgeOptions.conference() : BridgeOptions.call())
                : null;
        JoinOptions options = r.nextBoolean() ? null : policy();
        seen(kind == 0 ? "race: move vs hang-up" : kind == 1 ? "race: blind transfer vs hang-up"
                : "race: attended transfer vs hang-up");
        sim.fork(() -> sync(() -> {
            switch (kind) {
                case 0 -> bounded("race move", from.move(c, to, options));
                case 1 -> bounded("race blindTransfer", core.blindTransfer(c, target("raced")));
                default -> attended(c);
            }
        }));
        sim.fork(() -> sync(() -> {
            if (r.nextBoolean() || !(fakeOf(victim) instanceof FakeChannel fc)) {
                track("race hangup", victim.hangup(HangupCause.NORMAL_CLEARING));
            } else {
                fc.remote().hangup(HangupCause.NORMAL_CLEARING);
            }
        }));
    }

    /** Two commands to one channel, one right after the other from one thread: in call order, or the second refused. */
    private void backToBack(Channel c, Channel other) {
        Bridge b = bridgeOf(c);
        switch (r.nextInt(4)) {
            case 0 -> {
                seen("back to back: attended then blind");
                CompletionStage<?> first = attended(c);
                CompletionStage<?> second = core.blindTransfer(c, target("b2b"));
                bounded("back-to-back blindTransfer", second);
                backToBack.add(Map.entry(first, second));
            }
            case 1 -> {
                seen("back to back: blind then attended");
                CompletionStage<?> first = core.blindTransfer(c, target("b2b"));
                bounded("back-to-back blindTransfer", first);
                backToBack.add(Map.entry(first, attended(c)));
            }
            case 2 -> {
                if (b == null || isLocal(c)) {
                    return;
                }
                seen("back to back: move then move");
                Bridge to = core.createBridge(BridgeOptions.conference());
                bounded("back-to-back move", b.move(c, to, policy()));
                bounded("back-to-back move", to.move(c, b, null));
            }
            default -> {
                seen("back to back: attach then join");
                RecordingApp app = new RecordingApp();
                apps.add(app);
                bounded("back-to-back attach", c.attach(app));
                if (!isLocal(c) && !isLocal(other)) {
                    Bridge to = core.createBridge(BridgeOptions.call());
                    bounded("back-to-back join", to.join(c, policy()));
                    bounded("back-to-back join", to.join(other, policy()));
                }
            }
        }
    }

    private void answer(Channel c) {
        if (c.direction() == Direction.INBOUND) {
            track("answer", c.answer());
        } else if (fakeOf(c) instanceof FakeChannel fc) {
            fc.remote().answered();
        }
    }

    private void hangup(Channel c) {
        if (r.nextBoolean() || !(fakeOf(c) instanceof FakeChannel fc)) {
            track("hangup", c.hangup(r.nextBoolean() ? HangupCause.NORMAL_CLEARING : HangupCause.CALL_REJECTED));
        } else {
            fc.remote().hangup(r.nextBoolean() ? HangupCause.NORMAL_CLEARING : HangupCause.NO_USER_RESPONSE);
        }
    }

    private void bridge(List<Channel> all) {
        // never a Local half: a cycle of Local pairs bridged to one another (a move or merge can close one) circulates
        // frames without end; only a pair bridged to itself is guarded (docs/reliability.md)
        List<Channel> live = all.stream().filter(c -> !isLocal(c)).toList();
        if (live.isEmpty()) {
            return;
        }
        int n = 2 + (r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0); // two-party, sometimes mixing
        BridgeOptions o = switch (r.nextInt(4)) {
            case 0 -> BridgeOptions.conference();
            case 1 -> BridgeOptions.holding();
            default -> BridgeOptions.call();
        };
        Bridge b = core.createBridge(o);
        seen(n > 2 ? "mixing bridge" : "two-party bridge");
        for (int i = 0; i < n; i++) {
            bounded("join", b.join(live.get(r.nextInt(live.size())), policy()));
        }
    }

    private void move(Channel c, Channel other) {
        Bridge from = bridgeOf(c);
        Bridge to = bridgeOf(other);
        if (from == null || isLocal(c) || (to != null && hasLocal(to))) {
            return;
        }
        if (to == null || to == from) {
            to = core.createBridge(r.nextBoolean() ? BridgeOptions.call() : BridgeOptions.conference());
        }
        seen("move");
        bounded("move", from.move(c, to, r.nextBoolean() ? null : policy()));
    }

    private void merge(Channel c, Channel other) {
        Bridge a = bridgeOf(c);
        Bridge b = bridgeOf(other);
        if (a != null && b != null && !a.id().equals(b.id()) && !(hasLocal(a) && hasLocal(b))) {
            seen("merge");
            bounded("merge", a.merge(b));
        }
    }

    private CompletionStage<AttendedTransfer> attended(Channel c) {
        seen("attended transfer");
        CompletionStage<AttendedTransfer> s = core.attendedTransfer(c, target("consult"));
        bounded("attendedTransfer", s);
        s.thenAccept(t -> {
            track("outcome", t.outcome());
            int how = r.nextInt(4);
            at(r.nextLong(150), () -> {
                switch (how) {
                    case 0 -> track("complete", t.complete());
                    case 1 -> track("cancel", t.cancel());
                    case 2 -> track("blond", t.transferer().hangup(HangupCause.NORMAL_CLEARING)); // blond
                    default -> { } // left to the parties' hang-ups
                }
            });
        });
        return s;
    }

    private void pickup(Channel ringing) {
        FakeTech t = pstnUnregistered || r.nextBoolean() ? fake : pstn;
        FakeChannel picker = t.inbound("picker", "pick");
        sim.runUntilQuiescent();
        if (picker.remote() != null && picker.channel().snapshot().isLive()) {
            seen("pickup");
            bounded("pickup", core.pickup(picker.channel(), ringing));
        }
    }

    private void tap(Channel c) {
        CountingTap tap = new CountingTap(r.nextInt(20) == 0);
        CompletionStage<org.strowger.api.Cancellable> s = c.addTap(tap);
        tap.added = s.toCompletableFuture();
        taps.add(tap);
        track("addTap", s);
        seen("tap");
        if (r.nextBoolean()) {
            s.thenAccept(h -> at(r.nextLong(100), h::cancel));
        }
    }

    private void dtmfHook(Channel c) {
        Bridge b = bridgeOf(c);
        if (b == null) {
            return;
        }
        AtomicInteger fired = new AtomicInteger();
        track("addDtmfHook", b.addDtmfHook("*" + r.nextInt(10), (bridge, member, seq) -> {
            fired.incrementAndGet();
            seen("dtmf hook fired");
            switch (r.nextInt(3)) {
                case 0 -> bounded("hook blind", core.blindTransfer(member, target("hook")));
                case 1 -> track("hook hangup", member.hangup(HangupCause.NORMAL_CLEARING));
                default -> { }
            }
        }));
        seen("dtmf hook");
        if (fakeOf(c) instanceof FakeChannel fc) { // the far end keys the code, sometimes wrong
            String keys = "*" + (r.nextBoolean() ? "" + r.nextInt(10) : "x");
            for (char k : keys.toCharArray()) {
                char d = k == 'x' ? '#' : k;
                at(5 + r.nextLong(20), () -> {
                    fc.remote().receive(new DtmfBegin(d));
                    fc.remote().receive(new DtmfEnd(d, Duration.ofMillis(60)));
                });
            }
        }
    }

    private void media(Channel c) {
        if (fakeOf(c) instanceof FakeChannel fc) {
            for (int i = 0; i < 1 + r.nextInt(4); i++) {
                fc.remote().receive(voice(i));
            }
        }
        c.write(voice(0));
    }

    private void admission() {
        switch (r.nextInt(4)) {
            case 0 -> {
                core.setUsageLimit("Fake/leg" + r.nextInt(3), r.nextInt(3));
                seen("usage limit");
            }
            case 1 -> core.removeUsageLimit("Fake/leg" + r.nextInt(3));
            case 2 -> {
                core.setCreationRate(new CreationRate(50 + r.nextInt(500), 1 + r.nextInt(10)));
                seen("creation rate");
            }
            default -> core.removeCreationRate();
        }
    }

    private void redirect(Channel c) {
        RecordingApp app = r.nextInt(4) == 0 ? new RecordingApp().refusingRelease() : new RecordingApp();
        apps.add(app);
        seen("attach");
        bounded("attach", c.attach(app));
    }

    private void kickOrLeave(Channel c) {
        Bridge b = bridgeOf(c);
        if (b == null) {
            return;
        }
        switch (r.nextInt(3)) {
            case 0 -> track("kick", b.kick(c, HangupCause.NORMAL_CLEARING));
            case 1 -> track("leave", b.leave(c));
            default -> track("destroy", b.destroy());
        }
    }

    private void originate() {
        String text = r.nextBoolean() ? "Fake/orig&Local/grp9" : "[timeout=100ms]Fake/orig";
        RecordingApp app = new RecordingApp();
        apps.add(app);
        OnAnswer onAnswer = r.nextBoolean() ? OnAnswer.attach(app) : OnAnswer.handBack();
        seen("originate");
        var h = core.dial(DialRequest.of(DialString.parse(text)).withOnAnswer(onAnswer));
        track("originate", h.result());
        if (r.nextInt(3) == 0) {
            at(r.nextLong(100), () -> track("dial cancel", h.cancel()));
        }
    }

    private void farEndSignal(Channel c) {
        if (fakeOf(c) instanceof FakeChannel fc) {
            switch (r.nextInt(4)) {
                case 0 -> fc.remote().ringing();
                case 1 -> fc.remote().progress();
                case 2 -> fc.remote().busy();
                default -> fc.remote().redirected("Fake/fwd");
            }
        }
    }

    // ---- helpers ----

    private OutboundRequest target(String resource) {
        return r.nextInt(4) == 0 ? OutboundRequest.of("Local", "grp7") : OutboundRequest.of(
                !pstnUnregistered && r.nextBoolean() ? "Pstn" : "Fake", resource);
    }

    private JoinOptions policy() {
        return switch (r.nextInt(3)) {
            case 0 -> JoinOptions.RETURN_AFTER;
            case 1 -> JoinOptions.PARK_AFTER;
            default -> JoinOptions.HANG_UP_AFTER;
        };
    }

    private static boolean isLocal(Channel c) {
        return c.techName().equals("Local");
    }

    private boolean hasLocal(Bridge b) {
        return b.snapshot().members().stream().anyMatch(id -> core.channel(id).map(ChaosWorld::isLocal).orElse(false));
    }

    private Bridge bridgeOf(Channel c) {
        var id = c.snapshot().bridge();
        return id == null ? null : core.bridge(id).orElse(null);
    }

    private FakeChannel fakeOf(Channel c) {
        for (FakeTech t : List.of(fake, pstn)) {
            for (FakeChannel fc : t.channels()) {
                if (fc.channel() == c) {
                    return fc;
                }
            }
        }
        return null;
    }

    List<Channel> liveChannels() {
        List<Channel> out = new ArrayList<>();
        for (ChannelSnapshot s : sorted(core.channels())) {
            if (s.state() != ChannelState.HUNG_UP && s.state() != ChannelState.DESTROYED) {
                core.channel(s.id()).ifPresent(out::add);
            }
        }
        return out;
    }

    private static List<ChannelSnapshot> sorted(List<ChannelSnapshot> l) {
        List<ChannelSnapshot> out = new ArrayList<>(l);
        out.sort(Comparator.comparing(s -> s.id().value()));
        return out;
    }

    /** Runs a synchronous API call; a documented refusal (limits, unknown tech, a stale handle) is counted. */
    private void sync(Runnable call) {
        try {
            call.run();
        } catch (StrowgerException e) {
            seen("refused at once: " + e.getClass().getSimpleName());
        }
    }

    /** A stage that must complete within {@link #BOUND_MS}; also tracked. */
    void bounded(String what, CompletionStage<?> s) {
        track(what, s);
        bounded.add(new Bounded(what, s, sim.elapsedNanos()));
    }

    void track(String what, CompletionStage<?> s) {
        stages.add(Map.entry(what, s));
        trace.add(sim.elapsedNanos() / 1_000_000 + "ms " + what);
    }

    void seen(String what) {
        seen.merge(what, 1, Integer::sum);
    }

    private void at(long millis, Runnable action) {
        sim.schedule(() -> sim.fork(action), millis, TimeUnit.MILLISECONDS);
    }

    private static VoiceFrame voice(long ts) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, ts * 160);
    }

    /** A tap that counts its closes (and sometimes throws from onFrame, which closes it with FAULT). */
    static final class CountingTap implements FrameTap {
        final boolean throwing;
        CompletableFuture<?> added;
        int closes;
        int framesAfterClose;
        CloseReason reason;

        CountingTap(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public Frame onFrame(Channel channel, FrameTap.Direction direction, Frame frame) {
            if (closes > 0) {
                framesAfterClose++;
            }
            if (throwing) {
                throw new IllegalStateException("chaos tap fault");
            }
            return frame;
        }

        @Override
        public void onClose(Channel channel, CloseReason why) {
            closes++;
            reason = why;
        }
    }
}
