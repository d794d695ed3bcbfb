package org.strowger.dialing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.strowger.api.Application;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.EndpointUsage;
import org.strowger.api.HangupCause;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.api.dial.DialLeg;
import org.strowger.api.dial.DialOutcome;
import org.strowger.api.dial.DialRequest;
import org.strowger.api.dial.DialResult;
import org.strowger.api.dial.DialString;
import org.strowger.api.dial.LegOutcome;
import org.strowger.api.dial.OnAnswer;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;

/**
 * The telephone network of RELIABILITY.md #24 (Seed 000: a masquerade "Fixup failed" during a group call
 * {@code Dial(Local/..&Local/..&Local/..)}, then chan_sip stuck and "usage limit of 10" errors). Thread-safe, so the
 * same network serves the deterministic simulation (its actions forked as actors) and real threads.
 *
 * <ul>
 *   <li>Callers arrive on a PSTN trunk ({@code PSTN/trunk}, a fake tech). Each is routed to a dialplan that parses a
 *       group dial string such as {@code {timeout=120ms}Local/100@x & [timeout=40ms]Local/102@x&Local/103@x} and dials
 *       it with {@code OnAnswer.bridgeWith(caller)}; a dial that does not answer hangs the caller up with its cause.
 *   <li>Each Local second half dials the SIP phone of its extension ({@code [timeout=..]SIP/100}, bridged with the
 *       second half). The phones are a second fake tech, {@code SIP}, each with a usage limit of 10 (chan_sip's
 *       call-limit of the anchor), so a phone rung by many group calls at once refuses legs with USER_BUSY. The far
 *       ends ring, then answer, send 183 with early media and answer, are busy, reject, or never answer.
 *   <li>The chains optimise away once answered (a tenth of the targets are {@code /n} and stay).
 *   <li>{@link #step()} is a random action on a random bridged PSTN or SIP channel: a hang-up from the far end or by
 *       the application, a blind or attended transfer to a SIP phone or a Local destination, or the end of an
 *       attended transfer in progress (complete or cancel).
 * </ul>
 *
 * Every refusal and failure must be one the core documents; anything else is collected in {@link #unexpected}.
 */
final class GroupCallNetwork {
    /** When the network acts: a simulation's {@link DialFixtures.Network} or a real scheduled executor. */
    interface Clock {
        void afterMicros(long micros, Runnable action);
    }

    /** chan_sip's call-limit in the anchor report. */
    static final int PHONE_LIMIT = 10;
    static final List<OutboundRequest> TRANSFER_TARGETS = List.of(OutboundRequest.of("SIP", "200"),
            OutboundRequest.of("SIP", "201"), OutboundRequest.of("Local", "200@x"), OutboundRequest.of("Local", "201@x"),
            OutboundRequest.of("Local", "101@x"));

    final FakeTech pstn = new FakeTech("PSTN");
    final FakeTech sip = new FakeTech("SIP");
    final Map<String, Integer> limits;
    private final List<String> extensions = new ArrayList<>();
    private final Supplier<RandomGenerator> random;
    private final Clock clock;
    private volatile ChannelCore core;
    private final Map<ChannelId, FakeChannel> fakes = new ConcurrentHashMap<>();
    private final Set<ChannelId> callers = ConcurrentHashMap.newKeySet();
    private final Set<ChannelId> phonesAnswered = ConcurrentHashMap.newKeySet();
    final Queue<CompletableFuture<DialResult>> groupDials = new ConcurrentLinkedQueue<>();
    final Queue<CompletableFuture<DialResult>> phoneDials = new ConcurrentLinkedQueue<>();
    private final Queue<AttendedTransfer> consulting = new ConcurrentLinkedQueue<>();
    final Queue<CompletableFuture<TransferOutcome>> transferOutcomes = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicBoolean> unregistering = Map.of("SIP", new AtomicBoolean(),
            "PSTN", new AtomicBoolean());
    final Map<String, CompletableFuture<Void>> unregistered = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
    final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    /**
     * @param random the random source of whoever is running (the simulation's, or the current thread's)
     * @param clock when the far ends act
     * @param phones how many extensions (100, 101, ...) the group calls ring, three at a time; at least 4
     * @param trunkLimit the usage limit of the callers' trunk
     */
    GroupCallNetwork(Supplier<RandomGenerator> random, Clock clock, int phones, int trunkLimit) {
        this.random = random;
        this.clock = clock;
        Map<String, Integer> l = new HashMap<>();
        for (int i = 0; i < phones; i++) {
            extensions.add(String.valueOf(100 + i));
            l.put("SIP/" + (100 + i), PHONE_LIMIT);
        }
        l.put("SIP/200", PHONE_LIMIT);
        l.put("SIP/201", 2);
        l.put("Local/103@x", 6); // a group target at its own limit: that leg is busy before it exists
        l.put("PSTN/trunk", trunkLimit);
        this.limits = Map.copyOf(l);
        pstn.on("newChannel", (fc, arg) -> fakes.put(fc.channel().id(), fc));
        sip.on("newChannel", (fc, arg) -> fakes.put(fc.channel().id(), fc));
        sip.on("call", (fc, arg) -> farEnd(fc));
    }

    /**
     * The limits and the routing of inbound calls (PSTN callers to the group dial, Local halves to a phone); the
     * techs {@link #pstn} and {@link #sip} are registered by the caller.
     */
    Strowger.Builder configure(Strowger.Builder b) {
        b.inboundHandler(ch -> ch.techName().equals("Local") ? secondHalf : groupCall);
        limits.forEach(b::usageLimit);
        return b;
    }

    GroupCallNetwork on(ChannelCore built) {
        this.core = built;
        return this;
    }

    private RandomGenerator r() {
        return random.get();
    }

    void seen(String what) {
        seen.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    // ---- the dialplans ----

    /** Owns each PSTN caller: dials the group, bridged with the caller once a phone answers. */
    private final Application groupCall = new Application() {
        @Override
        public String name() {
            return "group-call";
        }

        @Override
        public void onAttach(Channel caller) {
            DialString group = DialString.parse(groupDialString(r())); // real text, as from a dialplan
            CompletableFuture<DialResult> result = core.dial(DialRequest.of(group).withCaller(caller)
                    .withOnAnswer(OnAnswer.bridgeWith(caller))).result().toCompletableFuture();
            groupDials.add(result);
            result.thenAccept(res -> {
                seen("group call " + res.outcome());
                if (res.outcome() != DialOutcome.ANSWERED) {
                    caller.hangup(causeOf(res.outcome()));
                }
            });
        }
    };

    /** Owns each Local second half: dials the SIP phone of its extension, bridged with the half once it answers. */
    private final Application secondHalf = new Application() {
        @Override
        public String name() {
            return "extension";
        }

        @Override
        public void onAttach(Channel two) {
            String destination = two.snapshot().destination(); // 100@x
            RandomGenerator r = r();
            String text = (r.nextBoolean() ? "[timeout=" + (30 + r.nextInt(100)) + "ms]" : "") + "SIP/"
                    + destination.substring(0, destination.indexOf('@'));
            CompletableFuture<DialResult> result = core.dial(DialRequest.of(DialString.parse(text)).withCaller(two)
                    .withOnAnswer(OnAnswer.bridgeWith(two))).result().toCompletableFuture();
            phoneDials.add(result);
            result.thenAccept(res -> {
                seen("phone dial " + res.outcome());
                if (res.outcome() == DialOutcome.ANSWERED) {
                    phonesAnswered.add(res.winner().id());
                } else {
                    two.hangup(causeOf(res.outcome()));
                }
            });
        }
    };

    /** Three different extensions at once, with random options, white space and an occasional /n. */
    private String groupDialString(RandomGenerator r) {
        List<String> ext = new ArrayList<>(extensions);
        for (int i = 0; i < 3; i++) { // the first three of a partial shuffle
            int j = i + r.nextInt(ext.size() - i);
            ext.set(i, ext.set(j, ext.get(i)));
        }
        StringBuilder b = new StringBuilder();
        if (r.nextInt(5) != 0) {
            b.append("{timeout=").append(60 + r.nextInt(120)).append("ms}");
        }
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                b.append(r.nextBoolean() ? "&" : " & ");
            }
            if (r.nextInt(3) == 0) {
                b.append("[timeout=").append(20 + r.nextInt(80)).append("ms]");
            }
            b.append("Local/").append(ext.get(i)).append("@x");
            if (r.nextInt(10) == 0) {
                b.append("/n");
            }
        }
        return b.toString();
    }

    private static HangupCause causeOf(DialOutcome o) {
        return switch (o) {
            case BUSY -> HangupCause.USER_BUSY;
            case NO_ANSWER, TIMED_OUT -> HangupCause.NO_ANSWER;
            case ANSWERED, CANCELLED -> HangupCause.NORMAL_CLEARING;
            case FAILED -> HangupCause.NORMAL_TEMPORARY_FAILURE;
        };
    }

    /** What a SIP phone does once called. */
    private void farEnd(FakeChannel fc) {
        RandomGenerator r = r();
        ChannelSink s = fc.remote();
        long ring = 100 + r.nextInt(3_000);
        long end = ring + r.nextInt(60_000);
        clock.afterMicros(ring, s::ringing);
        int fate = r.nextInt(100);
        if (fate < 50) {
            clock.afterMicros(end, s::answered);
        } else if (fate < 60) {
            clock.afterMicros(ring, () -> {
                s.progress();
                s.receive(DialFixtures.voice(1));
            });
            clock.afterMicros(end, s::answered);
        } else if (fate < 75) {
            clock.afterMicros(end, s::busy);
        } else if (fate < 80) {
            clock.afterMicros(end, () -> s.hangup(HangupCause.CALL_REJECTED));
        } // else it never answers: a timeout, the caller or a transfer ends it
    }

    // ---- what the network does ----

    /** A call arrives on the trunk; a quarter of the callers give up at a random moment (ringing or talking). */
    void newGroupCall() {
        FakeChannel c;
        try {
            c = pstn.inbound(InboundCall.of("trunk", "555"));
        } catch (CommandRejectedException e) {
            refused("caller", e);
            return;
        }
        callers.add(c.channel().id());
        seen("group call placed");
        RandomGenerator r = r();
        if (r.nextInt(4) == 0) {
            clock.afterMicros(r.nextInt(150_000), () -> c.remote().hangup(c.channel().state() == ChannelState.UP
                    ? HangupCause.NORMAL_CLEARING : HangupCause.ORIGINATOR_CANCEL));
        }
    }

    /** One random action; anything thrown that is not a documented refusal is recorded as unexpected. */
    void step() {
        try {
            randomAction();
        } catch (RuntimeException | AssertionError e) {
            unexpected.add("action threw " + e);
        }
    }

    private void randomAction() {
        RandomGenerator r = r();
        int action = r.nextInt(8);
        if (action >= 6) {
            endATransfer(r.nextInt(3) != 0);
            return;
        }
        Channel c = randomBridgedPhone(r);
        if (c == null) {
            return;
        }
        OutboundRequest target = TRANSFER_TARGETS.get(r.nextInt(TRANSFER_TARGETS.size()));
        switch (action) {
            case 0 -> {
                FakeChannel fc = fakes.get(c.id());
                if (fc != null) {
                    fc.remote().hangup(HangupCause.NORMAL_CLEARING);
                }
            }
            case 1 -> c.hangup(HangupCause.NORMAL_CLEARING);
            case 2, 3 -> {
                String what = "blind transfer to " + target.tech();
                try {
                    core.blindTransfer(c, target).whenComplete((t, e) -> outcome(what, e));
                } catch (CommandRejectedException e) {
                    refused(what, e);
                }
            }
            default -> {
                String what = "attended transfer to " + target.tech();
                try {
                    core.attendedTransfer(c, target).whenComplete((t, e) -> {
                        outcome(what + " started", e);
                        if (t != null) {
                            consulting.add(t);
                            CompletableFuture<TransferOutcome> o = t.outcome().toCompletableFuture();
                            transferOutcomes.add(o);
                            o.thenAccept(x -> seen(what + " " + x));
                        }
                    });
                } catch (CommandRejectedException e) {
                    refused(what, e);
                }
            }
        }
    }

    /** Completes or cancels the oldest attended transfer still consulting (it may have ended meanwhile). */
    void endATransfer(boolean complete) {
        AttendedTransfer t = consulting.poll();
        if (t != null) {
            (complete ? t.complete() : t.cancel()).whenComplete((o, e) -> outcome(
                    complete ? "complete" : "cancel", e));
        }
    }

    /** Ends every attended transfer still consulting. */
    void endAllTransfers() {
        while (!consulting.isEmpty()) {
            endATransfer(true);
        }
    }

    /** A live PSTN or SIP channel in a bridge, or null. */
    private Channel randomBridgedPhone(RandomGenerator r) {
        List<ChannelSnapshot> candidates = new ArrayList<>();
        for (ChannelSnapshot s : core.channels()) {
            if (!s.tech().equals("Local") && s.bridge() != null && s.isLive()) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        return core.channel(candidates.get(r.nextInt(candidates.size())).id()).orElse(null);
    }

    /** Unregisters a tech (once), with whatever calls are live. */
    void unregister(String tech) {
        if (unregistering.get(tech).compareAndSet(false, true)) {
            seen("unregistered " + tech + (core.channelCount(tech) > 0 ? " with live calls" : " idle"));
            unregistered.put(tech, core.unregisterTech(tech).toCompletableFuture());
        }
    }

    boolean unregistered(String tech) {
        return unregistering.get(tech).get();
    }

    // ---- failures: documented ones are counted, anything else is unexpected ----

    private void refused(String what, CommandRejectedException e) {
        boolean techGone = e.reason() == CommandRejectedException.Reason.UNKNOWN_TECH
                && (unregistered("SIP") || unregistered("PSTN"));
        if (e.reason() == CommandRejectedException.Reason.ENDPOINT_BUSY && e.hangupCause() == HangupCause.USER_BUSY
                || techGone) {
            seen(what + " refused: " + e.reason());
        } else {
            unexpected.add(what + " refused: " + e.reason() + " " + e.hangupCause() + " " + e.getMessage());
        }
    }

    private void outcome(String what, Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t == null) {
            seen(what + ": ok");
        } else if (t instanceof CommandRejectedException c) {
            seen(what + " failed: " + c.reason());
        } else if (t instanceof NoSuchChannelException n) {
            seen(what + " failed: " + n.reason());
        } else if (t instanceof NoSuchBridgeException) {
            seen(what + " failed: bridge destroyed");
        } else {
            unexpected.add(what + " failed: " + t);
        }
    }

    // ---- checks ----

    /** At any instant: every usage count is between 0 and its limit (no limit is ever changed). */
    void assertWithinLimits() {
        for (EndpointUsage u : core.usageLimits()) {
            assertTrue(u.inUse() >= 0 && u.inUse() <= u.limit(), u + " out of range");
        }
    }

    /** At rest: each limited endpoint counts exactly its live channels. */
    void assertCountsExact() {
        Map<String, Integer> expected = new HashMap<>();
        int optimised = 0;
        for (ChannelSnapshot s : core.channels()) {
            if (!(s.tech().equals("Local") && s.direction() == Direction.INBOUND)) { // a second half counts on nothing
                expected.merge(s.name().substring(0, s.name().lastIndexOf('-')), 1, Integer::sum);
            }
        }
        for (EndpointUsage u : core.usageLimits()) {
            assertEquals(expected.getOrDefault(u.endpoint(), 0).intValue(), u.inUse(), () -> "endpoint " + u.endpoint()
                    + " counts " + u.inUse() + " but holds " + expected.get(u.endpoint()) + " live channels: "
                    + core.channels());
            assertTrue(u.inUse() <= u.limit(), u + " is above its limit");
        }
        for (BridgeSnapshot b : core.bridges()) { // the chain optimised away: the caller and its phone side by side
            if (b.members().size() == 2 && b.members().stream().anyMatch(callers::contains)
                    && b.members().stream().anyMatch(phonesAnswered::contains)) {
                optimised++;
            }
        }
        if (optimised > 0) {
            seen("a caller bridged straight to its phone");
        }
    }

    /**
     * After the run has settled, with no transfer in progress: every live channel is in a bridge with at least one
     * other member (nothing was left alone by a swap, a transfer or an optimisation), or is still part of a dial that
     * rings: a leg, or a caller or a Local second half waiting for its dial (without a timeout a dial rings until
     * someone hangs up).
     */
    void assertNobodyAlone() {
        for (ChannelSnapshot s : core.channels()) {
            if (s.bridge() == null) {
                boolean ringing = Set.of("Dial", "extension", "group-call").contains(s.ownerName());
                assertTrue(ringing && s.state() != ChannelState.UP,
                        () -> "channel " + s + " is live outside any bridge");
                continue;
            }
            BridgeSnapshot b = core.bridge(s.bridge()).map(x -> x.snapshot()).orElse(null);
            assertNotNull(b, () -> "channel " + s.id() + " is in a destroyed bridge");
            assertTrue(b.members().size() >= 2, () -> "channel " + s.id() + " is alone in bridge " + b);
        }
    }

    /** At the end: every dial and every attended transfer ended, consistently, and nothing unexpected happened. */
    void assertEverythingEnded() {
        assertEquals(List.of(), List.copyOf(unexpected));
        for (CompletableFuture<DialResult> f : groupDials) {
            assertTrue(f.isDone(), "a group dial never ended");
            checkResult(f.join(), true);
        }
        for (CompletableFuture<DialResult> f : phoneDials) {
            assertTrue(f.isDone(), "a phone dial never ended");
            checkResult(f.join(), false);
        }
        for (CompletableFuture<TransferOutcome> f : transferOutcomes) {
            assertTrue(f.isDone(), "an attended transfer never ended");
        }
    }

    private void checkResult(DialResult r, boolean group) {
        long won = r.legs().stream().filter(l -> l.outcome() == LegOutcome.ANSWERED).count();
        assertTrue(won <= 1, () -> "two winners: " + r);
        assertEquals(r.outcome() == DialOutcome.ANSWERED, r.winner() != null, () -> r.toString());
        for (DialLeg leg : r.legs()) {
            boolean winner = r.winner() != null && r.winner().id().equals(leg.channelId());
            if (leg.channelId() != null && !winner) {
                assertNotNull(leg.cause(), () -> "a leg still live when its dial ended: " + r);
            }
            if (leg.outcome() == LegOutcome.NOT_CREATED) {
                // a usage limit (busy), or the phones' tech unregistered; a Local leg only ever meets its limit
                assertTrue(leg.cause() == HangupCause.USER_BUSY || (!group && unregistered("SIP")
                        && leg.cause() == HangupCause.CHAN_NOT_IMPLEMENTED), () -> "leg not created: " + leg);
                seen((group ? "Local" : "SIP") + " leg not created: " + leg.cause());
            }
        }
    }
}
