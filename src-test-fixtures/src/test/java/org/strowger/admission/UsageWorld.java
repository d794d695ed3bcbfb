package org.strowger.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.Direction;
import org.strowger.api.EndpointUsage;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;

/**
 * A small telephone network for the usage-limit scenarios (RELIABILITY.md #13): two fake techs, calls a-b bridged,
 * ringing calls (an Alt caller bridged with an outbound leg that rings), and random operations on them: hang-ups,
 * blind and attended transfers, moves between calls, pickups, far-end answers, unregistering Alt, and removing and
 * setting a limit again. Every channel counts on an endpoint with a limit. Thread-safe, so the same world serves the
 * simulation (operations forked as actors) and real threads.
 *
 * <p>Endpoints: outbound {@code Fake/a} (or {@code trunk}, named on the request), {@code Fake/b}, {@code Fake/t} (transfer
 * targets and ringing legs), inbound {@code Alt/p} (callers and pickers).
 */
final class UsageWorld {
    static final Map<String, Integer> LIMITS = Map.of("Fake/a", 3, "Fake/b", 3, "Fake/t", 3, "trunk", 2, "Alt/p", 3);
    static final OutboundRequest TARGET = OutboundRequest.of("Fake", "t");

    volatile ChannelCore core;
    final FakeTech fake;
    final FakeTech alt;
    private final Supplier<RandomGenerator> random;
    private final boolean changeLimits;
    final Set<ChannelId> trunk = ConcurrentHashMap.newKeySet();
    final Queue<Channel> channels = new ConcurrentLinkedQueue<>();
    final Queue<Bridge> bridges = new ConcurrentLinkedQueue<>();
    final Queue<AttendedTransfer> transfers = new ConcurrentLinkedQueue<>();
    final AtomicLong busy = new AtomicLong();
    final AtomicLong ops = new AtomicLong();
    final Map<String, AtomicLong> done = new ConcurrentHashMap<>();
    private final AtomicBoolean altGone = new AtomicBoolean();
    /** Whether the unregister operation may run (real threads hold it back so that Alt lives for most of the run). */
    volatile boolean unregisterAllowed = true;
    final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    /** Builds the techs; call {@link #configure} on the core's builder. */
    UsageWorld(Supplier<RandomGenerator> random, boolean changeLimits) {
        this.random = random;
        this.changeLimits = changeLimits;
        this.fake = new FakeTech("Fake");
        this.alt = new FakeTech("Alt");
        // the far ends: a and b answer at once, t rings (answered later by an operation)
        fake.on("call", (fc, arg) -> {
            if (fc.resource().equals("t")) {
                fc.remote().ringing();
            } else {
                fc.remote().answered();
            }
        });
    }

    /** The techs, the limits and an inbound handler that parks every inbound call in a recording application. */
    static void configure(org.strowger.core.Strowger.Builder b, UsageWorld w) {
        b.inboundHandler(ch -> new org.strowger.testkit.RecordingApp()).tech(w.fake).tech(w.alt);
        LIMITS.forEach(b::usageLimit);
    }

    /** The core built with {@link #configure}. */
    UsageWorld on(ChannelCore built) {
        this.core = built;
        return this;
    }

    private RandomGenerator r() {
        return random.get();
    }

    private <T> T pick(List<T> from) {
        return from.isEmpty() ? null : from.get(r().nextInt(from.size()));
    }

    private List<Channel> live() {
        List<Channel> out = new ArrayList<>();
        for (Channel c : channels) {
            if (c.snapshot().isLive()) {
                out.add(c);
            }
        }
        return out;
    }

    private List<Channel> bridged() {
        return live().stream().filter(c -> c.snapshot().bridge() != null).toList();
    }

    private List<Channel> ringingLegs() {
        return live().stream().filter(c -> c.direction() == Direction.OUTBOUND
                && (c.state() == ChannelState.DIALING || c.state() == ChannelState.RINGING)).toList();
    }

    /** A refusal must be a limit of ours (or Alt being gone); anything else is a failure of the test. */
    private void refused(CommandRejectedException e) {
        if (e.reason() == CommandRejectedException.Reason.ENDPOINT_BUSY) {
            busy.incrementAndGet();
            if (e.hangupCause() != HangupCause.USER_BUSY) {
                unexpected.add("ENDPOINT_BUSY with cause " + e.hangupCause());
            }
        } else if (!(e.reason() == CommandRejectedException.Reason.UNKNOWN_TECH && altGone.get())) {
            unexpected.add("refused: " + e.reason() + " " + e.getMessage());
        }
    }

    private Channel request(OutboundRequest req) {
        try {
            Channel c = core.request(req);
            track(c, req.endpoint());
            return c;
        } catch (CommandRejectedException e) {
            refused(e);
            return null;
        }
    }

    private void track(Channel c, String endpoint) {
        if ("trunk".equals(endpoint)) {
            trunk.add(c.id());
        }
        channels.add(c);
    }

    private Channel inbound(String destination) {
        try {
            FakeChannel fc = alt.inbound(InboundCall.of("p", destination));
            channels.add(fc.channel());
            return fc.channel();
        } catch (CommandRejectedException e) {
            refused(e);
            return null;
        }
    }

    /** a (on Fake/a or trunk) and b, answered, in a call bridge. */
    void newCall() {
        OutboundRequest ra = OutboundRequest.of("Fake", "a");
        Channel a = request(r().nextBoolean() ? ra : ra.withEndpoint("trunk"));
        Channel b = request(OutboundRequest.of("Fake", "b"));
        if (a == null || b == null) {
            if (a != null) {
                a.hangup(HangupCause.NORMAL_CLEARING);
            }
            if (b != null) {
                b.hangup(HangupCause.NORMAL_CLEARING);
            }
            return;
        }
        a.call();
        b.call();
        Bridge br = core.createBridge(BridgeOptions.call());
        bridges.add(br);
        br.join(a, JoinOptions.HANG_UP_AFTER);
        br.join(b, JoinOptions.HANG_UP_AFTER);
    }

    /** An Alt caller bridged with an outbound leg to Fake/t that rings (early media), as a ring group would do. */
    void newRingingCall() {
        Channel caller = inbound("100");
        if (caller == null) {
            return;
        }
        Channel leg = request(OutboundRequest.of("Fake", "t").withRequester(caller));
        if (leg == null) {
            caller.hangup(HangupCause.USER_BUSY);
            return;
        }
        Bridge br = core.createBridge(BridgeOptions.call());
        bridges.add(br);
        br.join(caller, JoinOptions.HANG_UP_AFTER);
        br.join(leg, JoinOptions.HANG_UP_AFTER);
        leg.call();
    }

    /** One random operation; anything thrown that is not a documented refusal is recorded as unexpected. */
    void step() {
        try {
            randomOperation();
        } catch (RuntimeException | AssertionError e) {
            unexpected.add("operation threw " + e);
        }
    }

    private void randomOperation() {
        ops.incrementAndGet();
        int op = r().nextInt(changeLimits ? 12 : 11);
        String name = switch (op) {
            case 0 -> {
                newCall();
                yield "new call";
            }
            case 1 -> {
                newRingingCall();
                yield "new ringing call";
            }
            case 2, 3 -> {
                Channel c = pick(live());
                if (c != null) {
                    c.hangup(r().nextBoolean() ? HangupCause.NORMAL_CLEARING : HangupCause.ORIGINATOR_CANCEL);
                }
                yield "hangup";
            }
            case 4 -> {
                Channel c = pick(bridged());
                if (c != null) {
                    String endpoint = r().nextInt(4) == 0 ? "trunk" : null;
                    try {
                        core.blindTransfer(c, TARGET.withEndpoint(endpoint)).thenAccept(t -> {
                            track(t, endpoint);
                            succeeded("blind transfer");
                        });
                    } catch (CommandRejectedException e) {
                        refused(e);
                    }
                }
                yield "blind transfer";
            }
            case 5 -> {
                Channel c = pick(bridged());
                if (c != null) {
                    try {
                        core.attendedTransfer(c, TARGET).thenAccept(t -> {
                            track(t.target(), null);
                            transfers.add(t);
                            t.outcome().thenAccept(o -> succeeded("attended transfer " + o));
                        });
                    } catch (CommandRejectedException e) {
                        refused(e);
                    }
                }
                yield "attended transfer";
            }
            case 6 -> {
                AttendedTransfer t = pick(List.copyOf(transfers));
                if (t != null) {
                    transfers.remove(t);
                    if (r().nextBoolean()) {
                        t.complete();
                    } else {
                        t.cancel();
                    }
                }
                yield "complete or cancel";
            }
            case 7 -> {
                Channel c = pick(bridged());
                org.strowger.api.BridgeId in = c == null ? null : c.snapshot().bridge();
                Bridge to = pick(bridges.stream().filter(b -> !b.snapshot().destroyed() && !b.id().equals(in))
                        .toList());
                if (c != null && in != null && to != null) {
                    try {
                        core.bridge(in).ifPresent(from -> from.move(c, to, null).thenRun(() -> succeeded("move")));
                    } catch (org.strowger.api.InvalidArgumentException e) {
                        // real threads only: c was moved into `to` since its snapshot was read
                    }
                }
                yield "move";
            }
            case 8 -> {
                Channel ringing = pick(ringingLegs().stream().filter(c -> c.snapshot().bridge() != null).toList());
                if (ringing != null) {
                    Channel picker = inbound("*8");
                    if (picker != null) {
                        core.pickup(picker, ringing).thenRun(() -> succeeded("pickup"));
                    }
                }
                yield "pickup";
            }
            case 9 -> {
                Channel leg = pick(ringingLegs());
                if (leg != null) {
                    fake.channels().stream().filter(f -> f.channel() == leg).findFirst()
                            .ifPresent(f -> f.remote().answered());
                }
                yield "answer";
            }
            case 10 -> {
                if (unregisterAllowed && r().nextInt(8) == 0 && altGone.compareAndSet(false, true)) {
                    core.unregisterTech("Alt").thenRun(() -> succeeded("unregister"));
                }
                yield "unregister Alt";
            }
            default -> {
                if (r().nextBoolean()) {
                    core.removeUsageLimit("Fake/b");
                } else {
                    core.setUsageLimit("Fake/b", LIMITS.get("Fake/b"));
                }
                yield "remove or set the limit of Fake/b";
            }
        };
        done.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    private void succeeded(String what) {
        done.computeIfAbsent("succeeded: " + what, k -> new AtomicLong()).incrementAndGet();
    }

    /** The endpoint a live channel counts on, from what the test knows: its name ({@code tech/resource}) or trunk. */
    String endpointOf(ChannelSnapshot s) {
        return trunk.contains(s.id()) ? "trunk" : s.name().substring(0, s.name().lastIndexOf('-'));
    }

    /**
     * At rest: each limited endpoint counts exactly the registered channels on it, never below zero and never above
     * its limit (except Fake/b when its limit is removed and set again: then it counts what came meanwhile).
     */
    void assertCountsExact() {
        Map<String, Integer> expected = new HashMap<>();
        for (ChannelSnapshot s : core.channels()) {
            expected.merge(endpointOf(s), 1, Integer::sum);
        }
        for (EndpointUsage u : core.usageLimits()) {
            assertEquals(expected.getOrDefault(u.endpoint(), 0).intValue(), u.inUse(),
                    "endpoint " + u.endpoint() + " counts " + u.inUse() + " but holds "
                            + expected.getOrDefault(u.endpoint(), 0) + " live channels: " + core.channels());
            assertTrue(u.inUse() >= 0, u + " went negative");
            if (!(changeLimits && u.endpoint().equals("Fake/b"))) {
                assertTrue(u.inUse() <= LIMITS.get(u.endpoint()), u + " is above its limit");
            }
        }
        assertEquals(List.of(), List.copyOf(unexpected));
    }

    /** Hangs up everything left (transfers still pending are cancelled by the hang-ups). */
    void hangUpAll() {
        for (ChannelSnapshot s : core.channels()) {
            core.channel(s.id()).ifPresent(c -> c.hangup(HangupCause.NORMAL_CLEARING));
        }
        for (Bridge b : bridges) {
            b.destroy();
        }
    }
}
