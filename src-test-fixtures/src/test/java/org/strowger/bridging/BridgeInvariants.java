package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.Simulation;

/**
 * Shared checks and set-up for the bridging scenario tests (RELIABILITY.md #4, #6, #11, #21, #22 and the stress test).
 * Only the public API and the test kit are used.
 */
public final class BridgeInvariants {
    private BridgeInvariants() {
    }

    /**
     * The invariant of RELIABILITY.md that holds at every instant: each live channel is listed by at most one bridge,
     * and a channel that says a bridge owns it is listed by that bridge. (While a move is in flight two bridge
     * snapshots may briefly disagree, see bridging-and-transfers.md; use {@link #assertAtRest} at quiescence.)
     */
    public static void assertOneOwner(ChannelCore core) {
        Map<ChannelId, String> where = new HashMap<>();
        for (BridgeSnapshot b : core.bridges()) {
            for (ChannelId id : b.members()) {
                String before = where.put(id, b.id().value());
                assertTrue(before == null, () -> id + " is in two bridges: " + before + " and " + b.id());
            }
        }
        for (ChannelSnapshot s : core.channels()) {
            if (s.isLive() && s.ownerKind() == OwnerKind.BRIDGE) {
                assertEquals(s.bridge().value(), where.get(s.id()), () -> s.id() + " points at a bridge that lacks it");
            }
        }
    }

    /**
     * At quiescence (no message in flight) bridges and channels must agree exactly: every member of a live bridge is
     * a live channel owned by that bridge and listed by no other; every channel owned by a bridge is listed by it;
     * a channel not owned by a bridge names none; no destroyed bridge is still registered.
     */
    public static void assertAtRest(ChannelCore core) {
        assertOneOwner(core);
        Map<ChannelId, BridgeId> listed = new HashMap<>();
        for (BridgeSnapshot b : core.bridges()) {
            assertTrue(!b.destroyed(), () -> "destroyed bridge still registered: " + b);
            for (ChannelId id : b.members()) {
                listed.put(id, b.id());
                Channel ch = core.channel(id).orElse(null);
                assertTrue(ch != null, () -> "bridge " + b.id() + " lists " + id + ", not a live channel: " + b);
                ChannelSnapshot s = ch.snapshot();
                assertTrue(s.isLive(), () -> "bridge " + b.id() + " lists a hung-up channel " + s);
                assertEquals(OwnerKind.BRIDGE, s.ownerKind(), () -> "bridge " + b.id() + " lists " + s);
                assertEquals(b.id(), s.bridge(), () -> "bridge " + b.id() + " lists " + s);
            }
        }
        for (ChannelSnapshot s : core.channels()) {
            if (!s.isLive()) {
                continue;
            }
            if (s.ownerKind() == OwnerKind.BRIDGE) {
                assertEquals(s.bridge(), listed.get(s.id()), () -> "owned by a bridge that does not list it: " + s);
            } else {
                assertEquals(null, s.bridge(), () -> "channel not owned by a bridge names one: " + s);
            }
        }
    }

    /**
     * At quiescence with no transfer in progress: no two-party call bridge (dissolve WHEN_ONE_LEFT) is left with a
     * single member or none; such a bridge must have dissolved and its member followed its after-bridge policy.
     * Only for bridges that once had two members (pass them).
     */
    static void assertNoStrandedCallBridge(ChannelCore core, List<Bridge> bridges) {
        for (Bridge b : bridges) {
            BridgeSnapshot s = b.snapshot();
            if (!s.destroyed() && s.dissolve() == BridgeOptions.Dissolve.WHEN_ONE_LEFT) {
                assertTrue(s.members().size() >= 2, "call bridge " + s.id() + " stranded with " + s.members().size()
                        + " member(s) " + describeMembers(core, s) + " but not dissolved");
            }
        }
    }

    private static String describeMembers(ChannelCore core, BridgeSnapshot s) {
        List<String> out = new ArrayList<>();
        for (ChannelId id : s.members()) {
            out.add(core.channel(id).map(c -> c.name() + "/" + c.state()).orElse(id + "/gone"));
        }
        return out.toString();
    }

    /**
     * The tech-visible bridge notifications of one fake channel are well formed: {@code bridged} and
     * {@code unbridged} alternate, starting with {@code bridged}, and none comes after {@code hangup}.
     */
    public static void assertBridgeNotificationsWellFormed(FakeTech fake) {
        for (FakeChannel fc : fake.channels()) {
            boolean bridged = false;
            boolean hungUp = false;
            for (Callback c : fc.callbacks()) {
                switch (c.name()) {
                    case "bridged" -> {
                        assertTrue(!hungUp, "bridged after hangup: " + fc.callbackNames());
                        assertTrue(!bridged, "bridged twice without unbridged: " + fc.callbackNames());
                        bridged = true;
                    }
                    case "unbridged" -> {
                        assertTrue(!hungUp, "unbridged after hangup: " + fc.callbackNames());
                        assertTrue(bridged, "unbridged without bridged: " + fc.callbackNames());
                        bridged = false;
                    }
                    case "hangup" -> hungUp = true;
                    default -> {
                    }
                }
            }
        }
    }

    /** Runs {@code checks}, adding {@code context} (the scenario's random choices) to any assertion failure. */
    static void withContext(CharSequence context, Runnable checks) {
        try {
            checks.run();
        } catch (AssertionError e) {
            AssertionError wrapped = new AssertionError("[" + context + "] " + e.getMessage(), e);
            throw wrapped;
        }
    }

    static FakeChannel fakeOf(FakeTech fake, Channel ch) {
        return fake.channels().stream().filter(c -> c.channel() == ch).findFirst()
                .orElseThrow(() -> new AssertionError("no fake channel for " + ch));
    }

    static <T> T done(Simulation sim, CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        sim.runUntil(f::isDone);
        return f.join();
    }

    /** The failure of a completed stage (unwrapped), or null if it succeeded. Fails if it is not done. */
    static Throwable failureOf(CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        assertTrue(f.isDone(), "stage not done: " + f);
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CompletionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    static boolean succeeded(CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        return f.isDone() && !f.isCompletedExceptionally();
    }

    /** An outbound channel to {@code resource}, called and answered by the far end. */
    static Channel answered(Simulation sim, ChannelCore core, FakeTech fake, String resource) {
        Channel c = core.request(OutboundRequest.of("Fake", resource));
        c.call();
        sim.runUntilQuiescent();
        fakeOf(fake, c).remote().answered();
        sim.runUntilQuiescent();
        return c;
    }

    /** Two answered channels in a two-party call bridge, both hanging up after it. */
    static Bridge call(Simulation sim, ChannelCore core, Channel a, Channel b) {
        Bridge bridge = core.createBridge(BridgeOptions.call());
        done(sim, bridge.join(a, JoinOptions.HANG_UP_AFTER));
        done(sim, bridge.join(b, JoinOptions.HANG_UP_AFTER));
        sim.runUntilQuiescent();
        assertEquals(List.of(a.id(), b.id()), bridge.snapshot().members());
        return bridge;
    }

    /** Runs {@code action} as an actor after {@code hops} other ready tasks had the chance to run (random point). */
    static void later(Simulation sim, int hops, Runnable action) {
        if (hops <= 0) {
            sim.fork(action);
        } else {
            sim.fork(() -> later(sim, hops - 1, action));
        }
    }

    /** Hangs up every live channel of the core. */
    static void hangUpAll(ChannelCore core) {
        for (ChannelSnapshot s : core.channels()) {
            core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING));
        }
    }

    /**
     * Hangs up every channel and runs the simulation dry. With {@code bridgesMustDissolve}, asserts that no bridge is
     * left: every bridge these scenarios use (the test's call bridges that held two members, conferences, and the
     * consultation bridges the core creates for attended transfers) must end by its own rules once its channels are
     * gone. Then destroys whatever is left, so the remaining checks can run.
     */
    static void hangUpEverything(Simulation sim, ChannelCore core, boolean bridgesMustDissolve) {
        hangUpAll(core);
        sim.runAll();
        if (bridgesMustDissolve) {
            assertEquals(List.of(), core.bridges(), "bridges left after every channel hung up");
        }
        destroyAllBridges(core);
        sim.runAll();
    }

    /** Destroys every live bridge of the core. */
    static void destroyAllBridges(ChannelCore core) {
        for (BridgeSnapshot s : core.bridges()) {
            core.bridge(s.id()).ifPresent(Bridge::destroy);
        }
    }

    static VoiceFrame voice(long ts) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, ts);
    }
}
