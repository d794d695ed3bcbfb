package org.strowger.randomops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.strowger.api.Application;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelEvent;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.Direction;
import org.strowger.api.FrameTap;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.dial.DialGroup;
import org.strowger.api.dial.DialHandle;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.DialTarget;
import org.strowger.api.dial.EarlyMediaPolicy;
import org.strowger.api.dial.OnAnswer;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;

/**
 * The random-operation soak's world (issue 14): a core on real threads with two fake techs, the Local tech and an
 * inbound-call handler, driven through its public API only by worker threads that each pick random operations from
 * the live registry ({@link ChannelCore#channels()}, {@link ChannelCore#bridges()}) in a loop. Nothing is coordinated
 * between the workers, so operations on one channel or bridge race each other freely; some are issued back to back on
 * one channel from one thread, and some deliberately race (a move against the other member's hang-up, a dissolve
 * against a move). Every stage the core returns goes into the {@link StageLedger}.
 *
 * <p>The far ends live on a {@link Network} thread: an outbound fake channel that is called answers, rings, is busy,
 * hangs up or rings for ever, a moment later. A few resources make a fake tech callback throw ({@link #FAULTY}), so
 * some stages fail with a tech fault. Choices on the worker threads come from their seeded random sources; the
 * reactions (far ends, applications, feature hooks) and the threads' timing are not reproducible.
 */
final class RandomOps {
    /** The operations, with their weights. {@code creates}: it makes new channels (not above the live cap). */
    enum Op {
        INBOUND(7, true), OUTBOUND(5, true), FAR_END(9, false), ANSWER(4, false), HANGUP(4, false),
        FAR_HANGUP(4, false), BRIDGE(5, false), JOIN(5, false), LEAVE(2, false), KICK(2, false), MOVE(4, false),
        SWAP(3, false), MERGE(2, false), DESTROY(2, false), BLIND(4, true), ATTENDED(4, true), TRANSFER_END(2, false),
        PICKUP_DIAL_LEG(2, true), PICKUP_BRIDGED(2, true), SEND_TO(3, true), DIAL(4, true), DIAL_CANCEL(1, false),
        REDIRECT(2, false), DETACH(2, false), DTMF_HOOK(3, false), TAP(2, false), TAP_REMOVE(1, false),
        BACK_TO_BACK(6, true), RACE_MOVE_HANGUP(2, false), RACE_DISSOLVE_MOVE(2, false), MISC(3, false);

        final int weight;
        final boolean creates;

        Op(int weight, boolean creates) {
            this.weight = weight;
            this.creates = creates;
        }

        String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** Resources whose fake callback of the same name throws {@link FakeTech.FakeFault}. */
    static final String[] FAULTY = {"faulty-call", "faulty-answer", "faulty-bridged", "faulty-indicate"};
    /** An endpoint with a usage limit: some creations are refused with ENDPOINT_BUSY. */
    static final String LIMITED = "limited";
    static final int LIMIT = 3;
    /** Where inbound calls go (the inbound handler's choice by destination). */
    private static final String[] DESTINATIONS = {"app", "app", "refuse", "ivr", "ivr", "ring", "ring", "picker",
        "none"};
    /** Feature codes; {@code *1} and {@code *12} conflict (one is a prefix of the other). */
    private static final String[] CODES = {"*1", "*12", "#1", "*2", "#9"};
    private static final HangupCause[] CAUSES = {HangupCause.NORMAL_CLEARING, HangupCause.USER_BUSY,
        HangupCause.CALL_REJECTED, HangupCause.NO_ANSWER};

    final FakeTech fake = new FakeTech("Fake");
    final FakeTech pstn = new FakeTech("Pstn");
    final StageLedger ledger = new StageLedger();
    final Network net = new Network((what, e) -> ledger.thrown(what, "", e));
    private final int maxLive;
    private final int totalWeight;
    private volatile ChannelCore core;

    /** Fake channels between their newChannel and their close, by id. */
    private final Map<ChannelId, FakeChannel> live = new ConcurrentHashMap<>();
    /** Bridges made by {@link ChannelCore#createBridge} here (the rest the core made: dials, transfers, sendTo). */
    private final Set<BridgeId> created = ConcurrentHashMap.newKeySet();
    private final Queue<DialHandle> dials = new ConcurrentLinkedQueue<>();
    private final Queue<AttendedTransfer> transfers = new ConcurrentLinkedQueue<>();
    private final Queue<Cancellable> tapHandles = new ConcurrentLinkedQueue<>();
    final Queue<CountingTap> taps = new ConcurrentLinkedQueue<>();
    private final Queue<Cancellable> hooks = new ConcurrentLinkedQueue<>();
    /** Handles in {@link #tapHandles} and {@link #hooks}, at most about {@link #KEPT}. */
    private final AtomicInteger kept = new AtomicInteger();
    private static final int KEPT = 400;
    final List<SoakApp> apps = new ArrayList<>();
    private final SoakApp plain = app(new SoakApp("plain", false, null));
    private final SoakApp refusing = app(new SoakApp("refusing", true, null));
    private final SoakApp picker = app(new SoakApp("picker", false, null));
    private final SoakApp ivr = app(new SoakApp("ivr", false, this::ivrAttach));
    private final SoakApp ring = app(new SoakApp("ring", false, this::ringGroup));

    private final AtomicLong names = new AtomicLong();
    private final Map<Op, LongAdder> issued = new EnumMap<>(Op.class);
    private final Map<Op, LongAdder> skipped = new EnumMap<>(Op.class);
    private final Map<String, LongAdder> variants = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final List<Thread> workers = new ArrayList<>();
    private final Queue<Throwable> workerDeaths = new ConcurrentLinkedQueue<>();

    RandomOps(int maxLive) {
        this.maxLive = maxLive;
        int w = 0;
        for (Op op : Op.values()) {
            w += op.weight;
            issued.put(op, new LongAdder());
            skipped.put(op, new LongAdder());
        }
        this.totalWeight = w;
        for (FakeTech t : List.of(fake, pstn)) {
            t.on("newChannel", (fc, arg) -> live.put(fc.channel().id(), fc));
            t.on("close", (fc, arg) -> live.remove(fc.channel().id()));
            t.on("call", (fc, arg) -> farEnd(fc));
            t.failOn("call", "faulty-call").failOn("answer", "faulty-answer").failOn("bridged", "faulty-bridged")
                    .failOn("indicate", "faulty-indicate");
        }
    }

    private SoakApp app(SoakApp a) {
        apps.add(a);
        return a;
    }

    /** The core's configuration: the inbound-call handler. */
    void configure(Strowger.Builder b) {
        b.inboundHandler(this::route);
    }

    void bind(ChannelCore c) {
        this.core = c;
        c.setUsageLimit("Fake/" + LIMITED, LIMIT);
    }

    // ---- running ----

    /** Starts {@code threads} workers, each with its own random source split from {@code seed}. */
    void start(int threads, long seed) {
        SplittableRandom master = new SplittableRandom(seed);
        for (int i = 0; i < threads; i++) {
            SplittableRandom r = master.split();
            Thread t = new Thread(() -> work(r), "soak-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    private void work(SplittableRandom r) {
        try {
            while (!stopping) {
                operate(r);
                if (r.nextInt(4) == 0) {
                    Thread.sleep(1); // about 2,000 operations a second per worker on an idle machine
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            workerDeaths.add(t);
        }
    }

    /** Stops the workers and waits for them. */
    List<Throwable> stop() throws InterruptedException {
        stopping = true;
        for (Thread t : workers) {
            t.join(10_000);
        }
        return List.copyOf(workerDeaths);
    }

    void operate(SplittableRandom r) {
        Op op = pick(r);
        if (op.creates && core.channelCount() >= maxLive) {
            op = r.nextBoolean() ? Op.HANGUP : Op.FAR_HANGUP;
        } else if (op == Op.BRIDGE && core.bridgeCount() >= maxLive) {
            op = Op.DESTROY; // bridges that never dissolve, and empty ones, would pile up
        }
        boolean done;
        try {
            done = run(op, r);
        } catch (RuntimeException e) {
            ledger.thrown(op.label(), "", e);
            done = true;
        }
        (done ? issued : skipped).get(op).increment();
    }

    private Op pick(SplittableRandom r) {
        int x = r.nextInt(totalWeight);
        for (Op op : Op.values()) {
            x -= op.weight;
            if (x < 0) {
                return op;
            }
        }
        throw new AssertionError();
    }

    private boolean run(Op op, SplittableRandom r) {
        return switch (op) {
            case INBOUND -> inbound(r);
            case OUTBOUND -> outbound(r);
            case FAR_END -> farEndAction(r);
            case ANSWER -> answer(r);
            case HANGUP -> hangup(r);
            case FAR_HANGUP -> farHangup(r);
            case BRIDGE -> bridge(r);
            case JOIN -> join(r);
            case LEAVE -> leaveOrKick(r, false);
            case KICK -> leaveOrKick(r, true);
            case MOVE -> move(r);
            case SWAP -> swap(r);
            case MERGE -> merge(r);
            case DESTROY -> destroy(r);
            case BLIND -> blind(r);
            case ATTENDED -> attended(r);
            case TRANSFER_END -> transferEnd(r);
            case PICKUP_DIAL_LEG -> pickupDialLeg(r);
            case PICKUP_BRIDGED -> pickupBridged(r);
            case SEND_TO -> sendTo(r);
            case DIAL -> dial(r);
            case DIAL_CANCEL -> dialCancel(r);
            case REDIRECT -> redirect(r);
            case DETACH -> detach(r);
            case DTMF_HOOK -> dtmfHook(r);
            case TAP -> tap(r);
            case TAP_REMOVE -> tapRemove(r);
            case BACK_TO_BACK -> backToBack(r);
            case RACE_MOVE_HANGUP -> raceMoveHangup(r);
            case RACE_DISSOLVE_MOVE -> raceDissolveMove(r);
            case MISC -> misc(r);
        };
    }

    // ---- calls ----

    private boolean inbound(SplittableRandom r) {
        FakeTech t = r.nextInt(4) == 0 ? pstn : fake;
        String from = r.nextInt(100) == 0 ? FAULTY[1 + r.nextInt(FAULTY.length - 1)]
                : "caller" + names.incrementAndGet();
        String to = DESTINATIONS[r.nextInt(DESTINATIONS.length)];
        FakeChannel fc = t.inbound(from, to);
        variant("inbound to " + to);
        if (r.nextInt(6) == 0) { // a caller that gives up after a while
            net.later(r.nextLong(400), () -> fc.remote().hangup(HangupCause.ORIGINATOR_CANCEL));
        }
        return true;
    }

    private boolean outbound(SplittableRandom r) {
        String tech = r.nextInt(4) == 0 ? "Pstn" : "Fake";
        int k = r.nextInt(100);
        String resource = k == 0 ? FAULTY[r.nextInt(FAULTY.length)]
                : k < 5 ? LIMITED : "callee" + names.incrementAndGet();
        Channel c = core.request(OutboundRequest.of(k > 0 && k < 5 ? "Fake" : tech, resource));
        int how = r.nextInt(10);
        if (how == 0) {
            track("outbound/attach", c, c.attach(plain));
        }
        if (how < 8) {
            track("outbound/call", c, c.call());
        } // else left DOWN and parked, until something takes it
        return true;
    }

    /** What an outbound fake channel's far end does once called; on the network thread. */
    private void farEnd(FakeChannel fc) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int what = r.nextInt(100);
        long delay = r.nextLong(80);
        net.later(delay, () -> {
            ChannelSink s = fc.remote();
            if (what < 35) {
                s.answered();
            } else if (what < 55) {
                s.ringing();
                if (what < 45) {
                    net.later(ThreadLocalRandom.current().nextLong(300), s::answered);
                }
            } else if (what < 60) {
                s.progress();
            } else if (what < 68) {
                s.busy();
            } else if (what < 73) {
                s.hangup(HangupCause.UNALLOCATED);
            } else if (what < 76) {
                s.redirected("Fake/fwd" + names.incrementAndGet());
            } // else it rings until someone ends it
        });
    }

    private boolean farEndAction(SplittableRandom r) {
        FakeChannel fc = randomFake(r);
        if (fc == null) {
            return false;
        }
        ChannelSink s = fc.remote();
        int what = r.nextInt(9);
        switch (what) {
            case 0 -> s.answered();
            case 1 -> s.ringing();
            case 2 -> s.progress();
            case 3 -> s.busy();
            case 4 -> {
                for (int i = 0; i < 1 + r.nextInt(3); i++) {
                    s.receive(voice(i));
                }
            }
            case 5 -> {
                char d = "0123456789*#".charAt(r.nextInt(12));
                s.receive(new DtmfBegin(d));
                s.receive(new DtmfEnd(d, Duration.ofMillis(40)));
            }
            case 6 -> s.redirected("Fake/fwd" + names.incrementAndGet());
            case 7 -> s.proceeding();
            default -> s.receive(new TextFrame("hello"));
        }
        variant("far end " + new String[] {"answered", "ringing", "progress", "busy", "voice", "dtmf", "redirected",
            "proceeding", "text"}[what]);
        return true;
    }

    private boolean answer(SplittableRandom r) {
        Channel c = r.nextInt(4) == 0 ? channel(r, s -> true)
                : channel(r, s -> s.direction() == Direction.INBOUND && s.state() == ChannelState.RING);
        return c != null && track("answer", c, c.answer());
    }

    private boolean hangup(SplittableRandom r) {
        Channel c = channel(r, s -> true);
        return c != null && track("hangup", c, c.hangup(CAUSES[r.nextInt(CAUSES.length)]));
    }

    private boolean farHangup(SplittableRandom r) {
        FakeChannel fc = randomFake(r);
        if (fc == null) {
            return false;
        }
        fc.remote().hangup(r.nextBoolean() ? HangupCause.NORMAL_CLEARING : HangupCause.NO_USER_RESPONSE);
        return true;
    }

    // ---- bridges ----

    private boolean bridge(SplittableRandom r) {
        Bridge b = newBridge(r);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            Channel c = r.nextInt(4) == 0 ? channel(r, RandomOps::joinable)
                    : channel(r, s -> joinable(s) && s.bridge() == null);
            if (c != null) {
                track("bridge/join", c, b, b.join(c, policy(r)));
            }
        }
        return true;
    }

    private boolean join(SplittableRandom r) {
        Bridge b = bridge(r, x -> true);
        Channel c = r.nextInt(4) == 0 ? channel(r, RandomOps::joinable)
                : channel(r, s -> joinable(s) && s.bridge() == null);
        return b != null && c != null && track("join", c, b, b.join(c, policy(r)));
    }

    private boolean leaveOrKick(SplittableRandom r, boolean kick) {
        Bridge b = bridge(r, x -> !x.members().isEmpty());
        Channel m = member(r, b, s -> true);
        if (m == null) {
            return false;
        }
        return kick ? track("kick", m, b, b.kick(m, CAUSES[r.nextInt(CAUSES.length)]))
                : track("leave", m, b, b.leave(m));
    }

    private boolean move(SplittableRandom r) {
        Bridge from = bridge(r, x -> !x.members().isEmpty());
        Channel m = member(r, from, RandomOps::joinable);
        if (m == null) {
            return false;
        }
        Bridge to = target(r, from);
        JoinOptions o = r.nextBoolean() ? null : policy(r);
        variant(o == null ? "move keeping its policy" : "move with " + o.afterBridge());
        return track("move", m, from, to, from.move(m, to, o));
    }

    private boolean swap(SplittableRandom r) {
        Bridge b = bridge(r, x -> !x.members().isEmpty());
        Channel out = member(r, b, s -> true);
        if (out == null) {
            return false;
        }
        Channel in = channel(r, s -> joinable(s) && !s.id().equals(out.id()));
        if (in == null) {
            return false;
        }
        return track("swap", out, in, b, b.swap(out, in, r.nextBoolean() ? null : policy(r)));
    }

    private boolean merge(SplittableRandom r) {
        Bridge a = bridge(r, x -> true);
        Bridge b = bridge(r, x -> a != null && !x.id().equals(a.id()));
        if (a == null || b == null || (hasLocal(a) && hasLocal(b))) {
            return false;
        }
        return track("merge", a, b, a.merge(b));
    }

    private boolean destroy(SplittableRandom r) {
        Bridge b = bridge(r, x -> true);
        return b != null && track("destroy", b, b.destroy());
    }

    // ---- transfers and pickup ----

    private boolean blind(SplittableRandom r) {
        Channel c = transferer(r);
        if (c == null) {
            return false;
        }
        OutboundRequest t = transferTarget(r);
        return track("blind", c, core.blindTransfer(c, t));
    }

    private boolean attended(SplittableRandom r) {
        Channel c = transferer(r);
        if (c == null) {
            return false;
        }
        attendedTransfer("attended", c, transferTarget(r), r.nextInt(8), r.nextLong(60));
        return true;
    }

    /**
     * Starts an attended transfer, then ends it as {@code how} says after {@code delay} ms: complete, cancel, blond
     * (the transferer hangs up), left alone, complete once the target answers, complete racing the target's hang-up,
     * complete and cancel back to back, or a transferee hangs up.
     */
    private CompletionStage<AttendedTransfer> attendedTransfer(String label, Channel transferer,
            OutboundRequest target, int how, long delay) {
        CompletionStage<AttendedTransfer> started = core.attendedTransfer(transferer, target);
        track(label + "/start", transferer, started);
        started.thenAccept(t -> {
            transfers.add(t);
            String d = describe(t.transferer()) + " to " + describe(t.target());
            ledger.trackEventual(label + "/outcome", d, t.outcome()).whenComplete((o, e) -> {
                transfers.remove(t);
                if (o != null) {
                    ledger.count(label + "/outcome was", o.toString());
                }
            });
            String[] ways = {"complete", "cancel", "blond", "left alone", "complete after the answer",
                "complete racing the target's hang-up", "complete and cancel", "a transferee hangs up"};
            variant(label + " then " + ways[how]);
            net.later(delay, () -> endTransfer(label, t, how));
        });
        return started;
    }

    private void endTransfer(String label, AttendedTransfer t, int how) {
        String d = describe(t.transferer()) + " to " + describe(t.target());
        FakeChannel target = live.get(t.target().id());
        switch (how) {
            case 0 -> ledger.track(label + "/complete", d, t.complete());
            case 1 -> ledger.track(label + "/cancel", d, t.cancel());
            case 2 -> ledger.track(label + "/blond hang-up", d, t.transferer().hangup(HangupCause.NORMAL_CLEARING));
            case 3 -> { } // left to the parties' hang-ups, and in the end to the final hang-up
            case 4 -> {
                if (target != null) {
                    target.remote().answered();
                }
                net.later(20, () -> ledger.track(label + "/complete", d, t.complete()));
            }
            case 5 -> {
                ledger.track(label + "/complete", d, t.complete());
                if (target != null) {
                    target.remote().hangup(HangupCause.NORMAL_CLEARING);
                }
            }
            case 6 -> {
                ledger.track(label + "/complete", d, t.complete());
                ledger.track(label + "/cancel", d, t.cancel());
            }
            default -> t.home().snapshot().members().stream().findFirst().flatMap(core::channel).ifPresent(c ->
                    ledger.track(label + "/transferee hang-up", d, c.hangup(HangupCause.NORMAL_CLEARING)));
        }
    }

    private boolean transferEnd(SplittableRandom r) {
        AttendedTransfer t = random(r, transfers);
        if (t == null) {
            return false;
        }
        String d = describe(t.transferer()) + " to " + describe(t.target());
        ledger.track(r.nextBoolean() ? "transfer-end/complete" : "transfer-end/cancel", d,
                r.nextBoolean() ? t.complete() : t.cancel());
        return true;
    }

    private boolean pickupDialLeg(SplittableRandom r) {
        DialHandle h = random(r, dials);
        if (h == null) {
            return false;
        }
        List<Channel> legs = h.legs();
        if (legs.isEmpty()) {
            return false;
        }
        Channel leg = legs.get(r.nextInt(legs.size()));
        Channel p = picker(r, leg);
        return p != null && track("pickup dial leg", p, leg, core.pickup(p, leg));
    }

    private boolean pickupBridged(SplittableRandom r) {
        Channel leg = channel(r, s -> s.direction() == Direction.OUTBOUND && s.bridge() != null
                && (s.state() == ChannelState.DIALING || s.state() == ChannelState.RINGING));
        if (leg == null) {
            return false;
        }
        Channel p = picker(r, leg);
        return p != null && track("pickup bridged leg", p, leg, core.pickup(p, leg));
    }

    /**
     * Three times in four a member of a bridge with others in it (someone to transfer), else any bridged channel
     * (alone in its bridge, or not there any more: the transfer ends at once, or fails).
     */
    private Channel transferer(SplittableRandom r) {
        Channel c = r.nextInt(4) == 0 ? null : member(r, bridge(r, x -> x.members().size() >= 2), s -> true);
        return c != null ? c : channel(r, s -> s.bridge() != null);
    }

    /** A new inbound call to the picker application, or an existing channel. */
    private Channel picker(SplittableRandom r, Channel not) {
        if (r.nextInt(5) < 3) {
            return (r.nextBoolean() ? fake : pstn).inbound("picker" + names.incrementAndGet(), "picker").channel();
        }
        return channel(r, s -> joinable(s) && !s.id().equals(not.id()));
    }

    private boolean sendTo(SplittableRandom r) {
        Channel c = channel(r, RandomOps::joinable);
        return c != null && track("sendTo", c, core.sendTo(c, transferTarget(r)));
    }

    // ---- dials ----

    private boolean dial(SplittableRandom r) {
        Channel caller = r.nextBoolean() ? null : channel(r, s -> joinable(s) && s.direction() == Direction.INBOUND);
        DialString ds = r.nextBoolean() ? DialString.parse(dialText(r, true)) : dialString(r);
        OnAnswer onAnswer;
        int k = r.nextInt(10);
        if (caller != null && k < 6) {
            onAnswer = OnAnswer.bridgeWith(caller, policy(r));
        } else if (k < 8) {
            onAnswer = r.nextBoolean() ? OnAnswer.attach(plain) : OnAnswer.handBack();
        } else {
            Bridge b = bridge(r, x -> true);
            onAnswer = b == null ? OnAnswer.handBack() : OnAnswer.join(b, policy(r));
        }
        variant("dial " + (caller == null ? "without" : "with") + " a caller, " + onAnswer.getClass().getSimpleName());
        DialHandle h = startDial("dial", DialRequest.of(ds).withCaller(caller).withOnAnswer(onAnswer));
        if (r.nextInt(5) == 0) {
            net.later(r.nextLong(300), () -> ledger.track("dial/cancel", "", h.cancel()));
        }
        return true;
    }

    private DialHandle startDial(String label, DialRequest request) {
        DialHandle h = core.dial(request);
        dials.add(h);
        ledger.track(label + "/result", request.toString(), h.result()).whenComplete((res, e) -> {
            dials.remove(h);
            if (res != null) {
                ledger.count(label + "/result was", res.outcome().toString());
            }
        });
        return h;
    }

    /** A ring group with an overall timeout, so that every dial ends by itself. */
    private static String dialText(java.util.random.RandomGenerator r, boolean local) {
        StringBuilder s = new StringBuilder("{timeout=").append(100 + r.nextInt(1400)).append("ms}");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(r.nextInt(3) == 0 ? "|" : "&");
            }
            switch (r.nextInt(local ? 8 : 6)) {
                case 0, 1, 2 -> s.append("[timeout=").append(50 + r.nextInt(400)).append("ms]Fake/leg").append(i);
                case 3 -> s.append("Pstn/leg").append(i);
                case 4 -> s.append("Fake/").append(r.nextInt(16) == 0 ? "faulty-call" : LIMITED);
                case 5 -> s.append("Fake/leg").append(i);
                case 6 -> s.append("Local/ivr");
                default -> s.append("Local/ring").append(r.nextBoolean() ? "/n" : "");
            }
        }
        return s.toString();
    }

    /** A dial string built from its records: one or two groups, per-leg timeouts, either early-media policy. */
    private static DialString dialString(SplittableRandom r) {
        List<DialGroup> groups = new ArrayList<>();
        for (int g = 0; g < 1 + r.nextInt(2); g++) {
            List<DialTarget> targets = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(3); i++) {
                DialTarget t = switch (r.nextInt(6)) {
                    case 0 -> DialTarget.of("Pstn", "leg" + i);
                    case 1 -> DialTarget.of("Local", r.nextBoolean() ? "ivr" : "ring");
                    case 2 -> DialTarget.of("Fake", LIMITED);
                    default -> DialTarget.of("Fake", "leg" + i);
                };
                targets.add(r.nextBoolean() ? t : t.withTimeout(Duration.ofMillis(50 + r.nextInt(400))));
            }
            groups.add(new DialGroup(targets));
        }
        return new DialString(groups, Duration.ofMillis(100 + r.nextInt(1400)),
                r.nextBoolean() ? EarlyMediaPolicy.RINGBACK : EarlyMediaPolicy.FIRST_PROGRESS,
                r.nextInt(DialString.DEFAULT_MAX_FORWARDS + 1), Map.of("_SOAK_DIAL", "x"));
    }

    private boolean dialCancel(SplittableRandom r) {
        DialHandle h = random(r, dials);
        if (h == null) {
            return false;
        }
        ledger.track("dial-cancel", h.request().toString(), h.cancel());
        return true;
    }

    // ---- owners ----

    /** The inbound-call handler: the application a new inbound channel (a fake call, a Local ;2) gets. */
    private Application route(Channel ch) {
        return switch (ch.snapshot().destination()) {
            case "refuse" -> refusing;
            case "ivr" -> ivr;
            case "ring" -> ring;
            case "picker" -> picker;
            case "none" -> null; // hung up with NO_ROUTE_DESTINATION
            default -> plain;
        };
    }

    private void ivrAttach(Channel ch) {
        if (ch.snapshot().state() == ChannelState.RING) {
            ledger.track("ivr/answer", describe(ch), ch.answer());
        }
    }

    /** The ring application: an unanswered caller gets a ring group, bridged with it when a leg answers. */
    private void ringGroup(Channel caller) {
        if (caller.snapshot().state() != ChannelState.RING) {
            return; // back from a bridge: it just keeps the caller
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        boolean local = !caller.techName().equals("Local"); // a Local ;2 dials no further Local pair
        JoinOptions o = new JoinOptions[] {JoinOptions.HANG_UP_AFTER, JoinOptions.RETURN_AFTER,
            JoinOptions.PARK_AFTER}[r.nextInt(3)];
        startDial("ring group", DialRequest.of(DialString.parse(dialText(r, local))).withCaller(caller)
                .withOnAnswer(OnAnswer.bridgeWith(caller, o)));
    }

    private boolean redirect(SplittableRandom r) {
        Channel c = channel(r, s -> s.bridge() != null);
        if (c == null) {
            return false;
        }
        SoakApp to = new SoakApp[] {plain, refusing, ivr}[r.nextInt(3)];
        return track("redirect to " + to.name(), c, c.attach(to));
    }

    private boolean detach(SplittableRandom r) {
        Channel c = r.nextInt(4) == 0 ? channel(r, s -> true)
                : channel(r, s -> s.ownerKind() == OwnerKind.APPLICATION);
        return c != null && track("detach", c, c.detach());
    }

    // ---- hooks and taps ----

    private boolean dtmfHook(SplittableRandom r) {
        Bridge b = bridge(r, x -> !x.members().isEmpty());
        if (b == null) {
            return false;
        }
        String code = CODES[r.nextInt(CODES.length)];
        int action = r.nextInt(5);
        OutboundRequest t = transferTarget(r);
        int how = r.nextInt(8);
        CompletionStage<Cancellable> added = b.addDtmfHook(code, (bridge, member, seq) -> {
            try {
                variant("dtmf hook fired: " + new String[] {"blind", "attended", "hang-up", "sendTo", "destroy"}
                        [action]);
                switch (action) {
                    case 0 -> ledger.track("hook/blind", describe(member), core.blindTransfer(member, t));
                    case 1 -> attendedTransfer("hook/attended", member, t, how, 30);
                    case 2 -> ledger.track("hook/hang-up", describe(member),
                            member.hangup(HangupCause.NORMAL_CLEARING));
                    case 3 -> ledger.track("hook/sendTo", describe(member), core.sendTo(member, t));
                    default -> ledger.track("hook/destroy", bridge.id().toString(), bridge.destroy());
                }
            } catch (RuntimeException e) {
                ledger.thrown("hook", describe(member), e);
            }
        });
        track("dtmf-hook/add", b, added);
        added.thenAccept(h -> keep(hooks, h));
        // a member's far end keys the code (one time in five a wrong one)
        Channel m = member(r, b, s -> live.containsKey(s.id()));
        FakeChannel fc = m == null ? null : live.get(m.id());
        if (fc != null) {
            String keys = r.nextInt(5) == 0 ? code.charAt(0) + "5" : code;
            long at = r.nextLong(30);
            for (char d : keys.toCharArray()) {
                at += 1 + r.nextLong(20);
                net.later(at, () -> {
                    fc.remote().receive(new DtmfBegin(d));
                    fc.remote().receive(new DtmfEnd(d, Duration.ofMillis(40)));
                });
            }
        }
        if (r.nextInt(4) == 0) {
            Cancellable old = random(r, hooks);
            if (old != null && hooks.remove(old)) {
                kept.decrementAndGet();
                old.cancel();
            }
        }
        return true;
    }

    private boolean tap(SplittableRandom r) {
        Channel c = channel(r, s -> true);
        if (c == null) {
            return false;
        }
        CountingTap tap = new CountingTap(r.nextInt(15) == 0);
        CompletionStage<Cancellable> s = c.addTap(tap);
        tap.added = s.toCompletableFuture();
        taps.add(tap);
        track("tap/add", c, s);
        long after = r.nextInt(3) == 0 ? r.nextLong(100) : -1;
        s.thenAccept(h -> {
            if (after >= 0) {
                net.later(after, h::cancel);
            } else {
                keep(tapHandles, h);
            }
        });
        return true;
    }

    private boolean tapRemove(SplittableRandom r) {
        Cancellable h = random(r, tapHandles);
        if (h == null) {
            return false;
        }
        if (tapHandles.remove(h)) {
            kept.decrementAndGet();
        }
        variant("tap removed " + (h.cancel() ? "now" : "already"));
        return true;
    }

    // ---- back to back, and deliberate races ----

    /** Two commands on one channel (or bridge) issued one right after the other from this thread. */
    private boolean backToBack(SplittableRandom r) {
        int k = r.nextInt(14);
        String label = "b2b " + new String[] {"attended+blind", "blind+blind", "join+move", "move+hang-up",
            "attach+join", "sendTo+attended", "pickup+answer", "detach+attach", "join+leave", "swap+move",
            "merge+destroy", "blind+transferee hang-up", "join+join", "pickup+pickup"}[k];
        switch (k) {
            case 0 -> {
                Channel c = transferer(r);
                if (c == null) {
                    return false;
                }
                OutboundRequest t1 = transferTarget(r);
                OutboundRequest t2 = transferTarget(r);
                List<CompletionStage<?>> both = new ArrayList<>();
                attempt(label, c, () -> both.add(attendedTransfer(label, c, t1, r.nextInt(8), r.nextLong(60))));
                attempt(label, c, () -> both.add(ledger.track(label + "/blind", describe(c),
                        core.blindTransfer(c, t2))));
                bothSucceeded(label, both); // the attended had ended (nobody to transfer) before the blind's lock
            }
            case 1 -> {
                Channel c = transferer(r);
                if (c == null) {
                    return false;
                }
                OutboundRequest t1 = transferTarget(r);
                OutboundRequest t2 = transferTarget(r);
                List<CompletionStage<?>> both = new ArrayList<>();
                attempt(label, c, () -> both.add(ledger.track(label + "/first", describe(c),
                        core.blindTransfer(c, t1))));
                attempt(label, c, () -> both.add(ledger.track(label + "/second", describe(c),
                        core.blindTransfer(c, t2))));
                bothSucceeded(label, both);
            }
            case 2 -> {
                Channel c = channel(r, s -> joinable(s) && s.bridge() == null);
                if (c == null) {
                    return false;
                }
                Bridge a = r.nextBoolean() ? newBridge(r) : bridge(r, x -> true);
                if (a == null) {
                    return false;
                }
                Bridge b = target(r, a);
                track(label + "/join", c, a, a.join(c, policy(r)));
                track(label + "/move", c, a, b, a.move(c, b, r.nextBoolean() ? null : policy(r)));
            }
            case 3 -> {
                Bridge from = bridge(r, x -> !x.members().isEmpty());
                Channel m = member(r, from, RandomOps::joinable);
                if (m == null) {
                    return false;
                }
                Bridge to = target(r, from);
                track(label + "/move", m, from, to, from.move(m, to, r.nextBoolean() ? null : policy(r)));
                track(label + "/hang-up", m, m.hangup(HangupCause.NORMAL_CLEARING));
            }
            case 4 -> {
                Channel c = channel(r, RandomOps::joinable);
                Bridge b = c == null ? null : r.nextBoolean() ? newBridge(r) : bridge(r, x -> true);
                if (b == null) {
                    return false;
                }
                track(label + "/attach", c, c.attach(r.nextBoolean() ? plain : refusing));
                track(label + "/join", c, b, b.join(c, policy(r)));
            }
            case 5 -> {
                Channel c = channel(r, RandomOps::joinable);
                if (c == null) {
                    return false;
                }
                OutboundRequest t1 = transferTarget(r);
                OutboundRequest t2 = transferTarget(r);
                attempt(label, c, () -> track(label + "/sendTo", c, core.sendTo(c, t1)));
                attempt(label, c, () -> attendedTransfer(label, c, t2, r.nextInt(8), r.nextLong(60)));
            }
            case 6 -> {
                Channel leg = channel(r, s -> s.direction() == Direction.OUTBOUND && live.containsKey(s.id())
                        && (s.state() == ChannelState.DIALING || s.state() == ChannelState.RINGING));
                Channel p = leg == null ? null : picker(r, leg);
                if (p == null) {
                    return false;
                }
                track(label + "/pickup", p, leg, core.pickup(p, leg));
                FakeChannel fc = live.get(leg.id());
                if (fc != null) {
                    fc.remote().answered();
                }
            }
            case 7 -> {
                Channel c = channel(r, s -> s.ownerKind() == OwnerKind.APPLICATION);
                if (c == null) {
                    return false;
                }
                track(label + "/detach", c, c.detach());
                track(label + "/attach", c, c.attach(r.nextBoolean() ? plain : ivr));
            }
            case 8 -> {
                Channel c = channel(r, s -> joinable(s) && s.bridge() == null);
                Bridge b = c == null ? null : bridge(r, x -> true);
                if (b == null) {
                    return false;
                }
                track(label + "/join", c, b, b.join(c, policy(r)));
                track(label + "/leave", c, b, b.leave(c));
            }
            case 9 -> {
                Bridge b = bridge(r, x -> !x.members().isEmpty());
                Channel out = member(r, b, s -> true);
                Channel in = out == null ? null : channel(r, s -> joinable(s) && !s.id().equals(out.id()));
                if (in == null) {
                    return false;
                }
                Bridge to = target(r, b);
                track(label + "/swap", out, in, b, b.swap(out, in, r.nextBoolean() ? null : policy(r)));
                track(label + "/move", in, b, to, b.move(in, to, null));
            }
            case 10 -> {
                Bridge a = bridge(r, x -> true);
                Bridge b = bridge(r, x -> a != null && !x.id().equals(a.id()));
                if (a == null || b == null || (hasLocal(a) && hasLocal(b))) {
                    return false;
                }
                track(label + "/merge", a, b, a.merge(b));
                track(label + "/destroy", b, b.destroy());
            }
            case 11 -> {
                Bridge b = bridge(r, x -> x.members().size() >= 2);
                Channel c = member(r, b, s -> true);
                Channel other = c == null ? null : member(r, b, s -> !s.id().equals(c.id()));
                if (other == null) {
                    return false;
                }
                OutboundRequest t = transferTarget(r);
                attempt(label, c, () -> track(label + "/blind", c, core.blindTransfer(c, t)));
                track(label + "/hang-up", other, other.hangup(HangupCause.NORMAL_CLEARING));
            }
            case 12 -> {
                Channel c = channel(r, s -> joinable(s) && s.bridge() == null);
                Bridge a = c == null ? null : bridge(r, x -> true);
                Bridge b = a == null ? null : target(r, a);
                if (b == null) {
                    return false;
                }
                CompletionStage<Void> first = a.join(c, policy(r));
                CompletionStage<Void> second = b.join(c, policy(r));
                track(label + "/first", c, a, first);
                track(label + "/second", c, b, second);
                bothSucceeded(label, List.of(first, second));
            }
            default -> {
                DialHandle h = r.nextBoolean() ? random(r, dials) : null;
                List<Channel> legs = h == null ? List.of() : h.legs();
                Channel leg = !legs.isEmpty() ? legs.get(r.nextInt(legs.size()))
                        : channel(r, s -> s.direction() == Direction.OUTBOUND && s.bridge() != null
                                && (s.state() == ChannelState.DIALING || s.state() == ChannelState.RINGING));
                if (leg == null) {
                    return false;
                }
                Channel p1 = picker(r, leg);
                Channel p2 = picker(r, leg);
                if (p1 == null || p2 == null || p1.id().equals(p2.id())) {
                    return false;
                }
                CompletionStage<Void> first = core.pickup(p1, leg);
                CompletionStage<Void> second = core.pickup(p2, leg);
                track(label + "/first", p1, leg, first);
                track(label + "/second", p2, leg, second);
                // a winning pickup hangs the ringing leg up (or its dial decides): the other cannot win as well,
                // whatever else happens meanwhile
                atMostOne(label, leg, List.of(first, second));
            }
        }
        variant(label);
        return true;
    }

    /** A move of one member of a two-party bridge at the same moment as the other member's hang-up. */
    private boolean raceMoveHangup(SplittableRandom r) {
        Bridge from = bridge(r, x -> x.members().size() == 2);
        Channel m = member(r, from, RandomOps::joinable);
        Channel other = m == null ? null : member(r, from, s -> !s.id().equals(m.id()));
        if (other == null) {
            return false;
        }
        Bridge to = target(r, from);
        JoinOptions o = r.nextBoolean() ? null : policy(r);
        int how = r.nextInt(3);
        FakeChannel far = live.get(other.id());
        if (how == 2 && far != null) { // the far end hangs up on the network thread, at the same moment
            net.later(0, () -> far.remote().hangup(HangupCause.NORMAL_CLEARING));
            track("race move/move", m, from, to, from.move(m, to, o));
        } else if (how == 1 && far != null) {
            track("race move/move", m, from, to, from.move(m, to, o));
            far.remote().hangup(HangupCause.NORMAL_CLEARING);
        } else {
            track("race move/move", m, from, to, from.move(m, to, o));
            track("race move/other's hang-up", other, other.hangup(HangupCause.NORMAL_CLEARING));
        }
        return true;
    }

    /** A move out of a bridge racing the bridge's dissolve (the other member leaves, is kicked, or it is destroyed). */
    private boolean raceDissolveMove(SplittableRandom r) {
        Bridge from = bridge(r, x -> x.members().size() >= 2);
        Channel m = member(r, from, RandomOps::joinable);
        Channel other = m == null ? null : member(r, from, s -> !s.id().equals(m.id()));
        if (other == null) {
            return false;
        }
        Bridge to = target(r, from);
        JoinOptions o = r.nextBoolean() ? null : policy(r);
        track("race dissolve/move", m, from, to, from.move(m, to, o));
        switch (r.nextInt(3)) {
            case 0 -> track("race dissolve/leave", other, from, from.leave(other));
            case 1 -> track("race dissolve/kick", other, from, from.kick(other, HangupCause.NORMAL_CLEARING));
            default -> track("race dissolve/destroy", from, from.destroy());
        }
        return true;
    }

    private boolean misc(SplittableRandom r) {
        Channel c = channel(r, s -> true);
        if (c == null) {
            return false;
        }
        switch (r.nextInt(6)) {
            case 0 -> track("misc/sendDtmf", c, c.sendDtmf('1', Duration.ofMillis(40)));
            case 1 -> track("misc/setVariable", c, c.setVariable("_SOAK", "v" + r.nextInt(10)));
            case 2 -> track("misc/indicate", c, c.indicate(new Control[] {Control.RINGING, Control.PROGRESS,
                Control.HOLD, Control.UNHOLD, Control.SRC_UPDATE}[r.nextInt(5)]));
            case 3 -> track("misc/absoluteTimeout", c, c.setAbsoluteTimeout(Duration.ofMillis(50 + r.nextInt(500))));
            case 4 -> track("misc/execute", c, c.execute(() -> { }));
            default -> c.write(voice(0));
        }
        return true;
    }

    // ---- the end ----

    /**
     * Hangs up every channel, repeatedly, until none is left (late creations: a Local ;2, a ring group's legs), then
     * destroys the bridges this soak created (those that never dissolve, and call bridges whose joins failed).
     *
     * @return the bridges the core created itself that were still there once every channel was gone
     */
    List<String> tearDown(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (core.channelCount() > 0 && System.nanoTime() < end) {
            for (ChannelSnapshot s : core.channels()) {
                core.channel(s.id()).ifPresent(c -> track("final/hang-up", c, c.hangup(HangupCause.NORMAL_CLEARING)));
            }
            org.strowger.testkit.TestCores.await(() -> core.channelCount() == 0, Duration.ofMillis(500));
        }
        org.strowger.testkit.TestCores.await(() -> core.bridges().stream().allMatch(b -> created.contains(b.id())),
                Duration.ofSeconds(2));
        List<String> leftByCore = new ArrayList<>();
        for (BridgeSnapshot b : core.bridges()) {
            if (!created.contains(b.id())) {
                leftByCore.add(b.toString());
            }
            core.bridge(b.id()).ifPresent(x -> ledger.track("final/destroy", x.id().toString(), x.destroy()));
        }
        return leftByCore;
    }

    List<Thread> workers() {
        return workers;
    }

    /** Operations issued by kind, with the ones skipped for want of a candidate. */
    String opSummary() {
        StringBuilder b = new StringBuilder();
        for (Op op : Op.values()) {
            b.append(String.format("    %-20s %,9d issued %,9d skipped%n", op.label(), issued.get(op).sum(),
                    skipped.get(op).sum()));
        }
        return b.toString();
    }

    long issuedTotal() {
        return issued.values().stream().mapToLong(LongAdder::sum).sum();
    }

    List<Op> neverIssued() {
        return issued.entrySet().stream().filter(e -> e.getValue().sum() == 0).map(Map.Entry::getKey).toList();
    }

    Map<String, Long> variants() {
        Map<String, Long> out = new TreeMap<>();
        variants.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    // ---- helpers ----

    private Bridge newBridge(SplittableRandom r) {
        BridgeOptions o = switch (r.nextInt(5)) {
            case 0 -> BridgeOptions.call();
            case 1 -> BridgeOptions.conference();
            case 2 -> BridgeOptions.holding();
            case 3 -> new BridgeOptions(null, BridgeOptions.Kind.CALL, BridgeOptions.Dissolve.NEVER);
            default -> new BridgeOptions(null, BridgeOptions.Kind.HOLDING, BridgeOptions.Dissolve.WHEN_EMPTY);
        };
        Bridge b = core.createBridge(o);
        created.add(b.id());
        variant("bridge " + o.kind() + " " + o.dissolve());
        return b;
    }

    /** Another bridge than {@code not}, or a new one. */
    private Bridge target(SplittableRandom r, Bridge not) {
        Bridge b = r.nextBoolean() ? null : bridge(r, x -> !x.id().equals(not.id()));
        return b != null ? b : newBridge(r);
    }

    private static JoinOptions policy(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> JoinOptions.HANG_UP_AFTER;
            case 1 -> JoinOptions.RETURN_AFTER;
            default -> JoinOptions.PARK_AFTER;
        };
    }

    private OutboundRequest transferTarget(SplittableRandom r) {
        int k = r.nextInt(20);
        if (k < 10 || k == 17 || (k == 16 && r.nextInt(3) > 0)) {
            return OutboundRequest.of("Fake", "target" + names.incrementAndGet());
        } else if (k < 14) {
            return OutboundRequest.of("Pstn", "target" + names.incrementAndGet());
        } else if (k < 16) {
            return OutboundRequest.of("Local", r.nextBoolean() ? "ivr" : "app");
        } else if (k == 16) { // one target in 60
            return OutboundRequest.of("Fake", FAULTY[r.nextInt(FAULTY.length)]);
        }
        return OutboundRequest.of("Fake", LIMITED);
    }

    /**
     * A Local half is never taken into a bridge by a plain join, move or swap, and two bridges that both hold one are
     * never merged: that could close a cycle of Local pairs, which circulates frames until a party hangs up
     * (docs/reliability.md, whole-core simulation). Local halves reach bridges through dials and transfers.
     */
    private static boolean joinable(ChannelSnapshot s) {
        return !s.tech().equals("Local");
    }

    private boolean hasLocal(Bridge b) {
        return b.snapshot().members().stream()
                .anyMatch(id -> core.channel(id).map(c -> c.techName().equals("Local")).orElse(false));
    }

    private Channel channel(SplittableRandom r, Predicate<ChannelSnapshot> p) {
        List<ChannelSnapshot> all = core.channels();
        List<ChannelSnapshot> ok = new ArrayList<>();
        for (ChannelSnapshot s : all) {
            if (s.isLive() && p.test(s)) {
                ok.add(s);
            }
        }
        while (!ok.isEmpty()) {
            ChannelSnapshot s = ok.remove(r.nextInt(ok.size()));
            Channel c = core.channel(s.id()).orElse(null);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private Bridge bridge(SplittableRandom r, Predicate<BridgeSnapshot> p) {
        List<BridgeSnapshot> ok = new ArrayList<>();
        for (BridgeSnapshot b : core.bridges()) {
            if (!b.destroyed() && p.test(b)) {
                ok.add(b);
            }
        }
        while (!ok.isEmpty()) {
            BridgeSnapshot s = ok.remove(r.nextInt(ok.size()));
            Bridge b = core.bridge(s.id()).orElse(null);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /** A member of {@code b} (by its latest snapshot) whose channel snapshot passes {@code p}. */
    private Channel member(SplittableRandom r, Bridge b, Predicate<ChannelSnapshot> p) {
        if (b == null) {
            return null;
        }
        List<ChannelId> members = new ArrayList<>(b.snapshot().members());
        while (!members.isEmpty()) {
            Channel c = core.channel(members.remove(r.nextInt(members.size()))).orElse(null);
            if (c != null && p.test(c.snapshot())) {
                return c;
            }
        }
        return null;
    }

    private FakeChannel randomFake(SplittableRandom r) {
        FakeChannel[] all = live.values().toArray(new FakeChannel[0]);
        return all.length == 0 ? null : all[r.nextInt(all.length)];
    }

    private static <T> T random(SplittableRandom r, Queue<T> q) {
        Object[] all = q.toArray();
        @SuppressWarnings("unchecked")
        T t = all.length == 0 ? null : (T) all[r.nextInt(all.length)];
        return t;
    }

    /**
     * Keeps {@code h} for a later random cancel; beyond {@link #KEPT} handles the oldest is cancelled now (the handles
     * are picked from by copying the queue, which must stay short).
     */
    private void keep(Queue<Cancellable> q, Cancellable h) {
        q.add(h);
        if (kept.incrementAndGet() > KEPT) {
            Cancellable oldest = q.poll();
            if (oldest != null) {
                kept.decrementAndGet();
                oldest.cancel();
            }
        }
    }

    /**
     * Notes a problem if both of two racing operations succeeded where one winner at most is possible whatever else
     * happens (two pickups of one leg).
     */
    private void atMostOne(String label, Channel c, List<CompletionStage<?>> stages) {
        if (stages.size() < 2) {
            return; // one was refused at once
        }
        CompletableFuture<?> a = stages.get(0).toCompletableFuture();
        CompletableFuture<?> b = stages.get(1).toCompletableFuture();
        CompletableFuture.allOf(a, b).whenComplete((v, e) -> {
            if (!a.isCompletedExceptionally() && !b.isCompletedExceptionally()) {
                ledger.problem(label + " of " + describe(c) + ": both succeeded, but at most one may");
            }
        });
    }

    /**
     * Counts the pairs of back-to-back operations that both succeeded. On real threads that is no contradiction for
     * two transfers or two joins: the calling thread issues the second a moment after the first, and meanwhile the
     * first may have finished (a transfer with nobody to transfer ends at once) and another worker may have moved the
     * channel on. The simulated tests check the strict order (handover/BackToBackTransfersTest).
     */
    private void bothSucceeded(String label, List<CompletionStage<?>> stages) {
        if (stages.size() < 2) {
            return;
        }
        CompletableFuture<?> a = stages.get(0).toCompletableFuture();
        CompletableFuture<?> b = stages.get(1).toCompletableFuture();
        CompletableFuture.allOf(a, b).whenComplete((v, e) -> {
            if (!a.isCompletedExceptionally() && !b.isCompletedExceptionally()) {
                variant(label + ": both succeeded");
            }
        });
    }

    /** Runs an API call whose own refusal at once (a target that cannot be created) is an outcome, not the end. */
    private void attempt(String label, Channel c, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            ledger.thrown(label, describe(c), e);
        }
    }

    private boolean track(String label, Channel c, CompletionStage<?> s) {
        ledger.track(label, describe(c), s);
        return true;
    }

    private boolean track(String label, Bridge b, CompletionStage<?> s) {
        ledger.track(label, b.id().toString(), s);
        return true;
    }

    private boolean track(String label, Channel c, Bridge b, CompletionStage<?> s) {
        ledger.track(label, describe(c) + " / bridge " + b.id(), s);
        return true;
    }

    private boolean track(String label, Channel c, Channel d, CompletionStage<?> s) {
        ledger.track(label, describe(c) + " / " + describe(d), s);
        return true;
    }

    private boolean track(String label, Bridge a, Bridge b, CompletionStage<?> s) {
        ledger.track(label, a.id() + " / " + b.id(), s);
        return true;
    }

    private boolean track(String label, Channel c, Bridge a, Bridge b, CompletionStage<?> s) {
        ledger.track(label, describe(c) + " from " + a.id() + " to " + b.id(), s);
        return true;
    }

    private boolean track(String label, Channel c, Channel d, Bridge b, CompletionStage<?> s) {
        ledger.track(label, describe(c) + " / " + describe(d) + " / bridge " + b.id(), s);
        return true;
    }

    private static String describe(Channel c) {
        return c.id() + " (" + c.name() + ")";
    }

    private void variant(String what) {
        variants.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    private static VoiceFrame voice(long ts) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, ts * 160);
    }

    /** An application shared by many channels: notes any callback off the channel's executor. */
    static final class SoakApp implements Application {
        private final String name;
        private final boolean refuse;
        private final Consumer<Channel> onAttach;
        final Queue<String> violations = new ConcurrentLinkedQueue<>();

        SoakApp(String name, boolean refuse, Consumer<Channel> onAttach) {
            this.name = name;
            this.refuse = refuse;
            this.onAttach = onAttach;
        }

        @Override
        public String name() {
            return name;
        }

        private void check(Channel ch, String what) {
            if (!ch.inExecutor() && violations.size() < 20) {
                violations.add(what + " of " + ch.id() + " ran on " + Thread.currentThread().getName());
            }
        }

        @Override
        public void onAttach(Channel ch) {
            check(ch, "onAttach");
            if (onAttach != null) {
                onAttach.accept(ch);
            }
        }

        @Override
        public void onEvent(Channel ch, ChannelEvent event) {
            check(ch, "onEvent");
        }

        @Override
        public void onMedia(Channel ch, MediaFrame frame) {
            check(ch, "onMedia");
        }

        @Override
        public boolean onReleaseRequest(Channel ch, String requester) {
            check(ch, "onReleaseRequest");
            return !refuse;
        }

        @Override
        public void onDetach(Channel ch, DetachReason reason) {
            check(ch, "onDetach");
        }
    }

    /** A tap that counts its closes and the frames it saw after one (sometimes it throws from onFrame). */
    static final class CountingTap implements FrameTap {
        final boolean throwing;
        volatile CompletableFuture<Cancellable> added;
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger framesAfterClose = new AtomicInteger();
        volatile CloseReason reason;

        CountingTap(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public Frame onFrame(Channel channel, FrameTap.Direction direction, Frame frame) {
            if (closes.get() > 0) {
                framesAfterClose.incrementAndGet();
            }
            if (throwing) {
                throw new IllegalStateException("soak tap fault");
            }
            return frame;
        }

        @Override
        public void onClose(Channel channel, CloseReason why) {
            closes.incrementAndGet();
            reason = why;
        }
    }
}
