package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * The rules of bridge membership that only show at the edges: a bridge destroyed while a channel is on its way in,
 * merges that cannot take everyone (or anyone), dissolving, swaps from another bridge, snapshots, and the limits of
 * hooks (docs/bridging-and-transfers.md, section 2).
 */
@ExtendWith(NoLeakExtension.class)
class BridgeMembershipRulesTest {
    private final Simulation sim = new Simulation(51);
    private final FakeTech fake = new FakeTech();
    private ChannelCore core;

    private void start(TestCores cores) {
        core = cores.simulated(sim, b -> { }, fake);
    }

    private Channel channel(String resource) {
        Channel c = core.request(OutboundRequest.of("Fake", resource));
        sim.runUntilQuiescent();
        return c;
    }

    private <T> T done(CompletionStage<T> stage) {
        return sim.await(stage);
    }

    private Throwable failure(CompletionStage<?> stage) {
        return sim.awaitFailure(stage);
    }

    private void hangUpAll() {
        core.channels().forEach(s -> core.channel(s.id()).ifPresent(ch -> ch.hangup(HangupCause.NORMAL_CLEARING)));
        sim.runUntilQuiescent();
    }

    @Test
    void aBridgeDestroyedBeforeItAdmitsAChannelRefusesItAndItsApplicationKeepsIt(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        RecordingApp ivr = new RecordingApp();
        done(a.attach(ivr));
        Bridge gone = core.createBridge(BridgeOptions.call());
        CompletionStage<Void> join = gone.join(a, JoinOptions.HANG_UP_AFTER);
        gone.destroy(); // reaches the bridge before the channel's admission does
        assertInstanceOf(NoSuchBridgeException.class, failure(join));
        sim.runUntilQuiescent();
        assertEquals(List.of("attach", "release? bridge " + gone.id()), ivr.log(a),
                "refused at admission: the application was never asked to hand the channel over");
        assertEquals(OwnerKind.APPLICATION, a.snapshot().ownerKind());
        Bridge next = core.createBridge(BridgeOptions.call());
        done(next.join(a, JoinOptions.PARK_AFTER)); // the reservation for the destroyed bridge was released
        assertEquals(next.id(), a.snapshot().bridge());
        done(next.destroy());
        hangUpAll();
    }

    @Test
    void aBridgeDestroyedBetweenCommitAndActivateGivesTheChannelBackToItsApplication(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        Bridge bridge = core.createBridge(BridgeOptions.call());
        RecordingApp ivr = new RecordingApp() {
            @Override
            public void onDetach(Channel channel, DetachReason reason) {
                super.onDetach(channel, reason);
                if (reason == DetachReason.HANDED_OVER) {
                    bridge.destroy(); // at the commit: the activation reaches a destroyed bridge
                }
            }
        };
        done(a.attach(ivr));
        assertInstanceOf(NoSuchBridgeException.class, failure(bridge.join(a, JoinOptions.HANG_UP_AFTER)));
        sim.runUntilQuiescent();
        assertTrue(a.snapshot().isLive(), "the join is undone, not followed by the HANG_UP policy");
        assertEquals(OwnerKind.APPLICATION, a.snapshot().ownerKind());
        assertEquals(List.of("attach", "release? bridge " + bridge.id(), "detach HANDED_OVER", "attach"), ivr.log(a));
        assertEquals(0, core.bridgeCount());
        hangUpAll();
    }

    @Test
    void mergingAnEmptyBridgeDestroysIt(TestCores cores) {
        start(cores);
        Bridge into = core.createBridge(BridgeOptions.conference());
        Bridge empty = core.createBridge(BridgeOptions.conference());
        done(into.merge(empty));
        assertTrue(empty.snapshot().destroyed());
        assertFalse(into.snapshot().destroyed());
        assertInstanceOf(NoSuchBridgeException.class, failure(into.merge(empty)));
        done(into.destroy());
    }

    @Test
    void aBridgeBeingMergedRefusesASecondMergeAndNewJoins(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Channel c = channel("c");
        Bridge one = core.createBridge(BridgeOptions.conference());
        Bridge two = core.createBridge(BridgeOptions.conference());
        Bridge three = core.createBridge(BridgeOptions.conference());
        done(two.join(a, JoinOptions.HANG_UP_AFTER));
        done(two.join(b, JoinOptions.HANG_UP_AFTER));
        CompletionStage<Void> first = one.merge(two);
        CompletionStage<Void> second = three.merge(two); // queued on two right behind the first
        CompletionStage<Void> late = two.join(c, JoinOptions.HANG_UP_AFTER);
        done(first);
        CommandRejectedException r = assertInstanceOf(CommandRejectedException.class, failure(second));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, r.reason());
        assertTrue(r.getMessage().contains("already being merged"), r.getMessage());
        Throwable refused = failure(late);
        assertTrue(refused instanceof CommandRejectedException rj && rj.getMessage().contains("being merged away")
                || refused instanceof NoSuchBridgeException, refused.toString());
        assertEquals(java.util.Set.of(a.id(), b.id()), java.util.Set.copyOf(one.snapshot().members()));
        assertTrue(two.snapshot().destroyed());
        assertEquals(List.of(), three.snapshot().members());
        assertEquals(OwnerKind.NONE, c.snapshot().ownerKind(), "the refused channel stays where it was");
        done(one.destroy());
        done(three.destroy());
        hangUpAll();
    }

    @Test
    void aMergeIntoADestroyedBridgeFailsAndLeavesEveryMemberWhereItWas(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Bridge target = core.createBridge(BridgeOptions.conference());
        Bridge source = core.createBridge(BridgeOptions.call());
        done(source.join(a, JoinOptions.HANG_UP_AFTER));
        done(source.join(b, JoinOptions.HANG_UP_AFTER));
        done(target.destroy());
        CommandRejectedException r = assertInstanceOf(CommandRejectedException.class, failure(target.merge(source)));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, r.reason());
        assertTrue(r.getMessage().contains("left 2 member(s) behind"), r.getMessage());
        assertFalse(source.snapshot().destroyed());
        assertEquals(List.of(a.id(), b.id()), source.snapshot().members());
        assertEquals(BridgeSnapshot.Mode.TWO_PARTY, source.snapshot().mode());
        for (Channel ch : List.of(a, b)) {
            assertEquals(source.id(), ch.snapshot().bridge());
        }
        Bridge other = core.createBridge(BridgeOptions.conference());
        done(other.merge(source)); // no longer marked as being merged
        assertEquals(2, other.snapshot().members().size());
        done(other.destroy());
    }

    @Test
    void mergingACallBridgeMovesBothPartiesInsteadOfDissolvingItHalfway(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Channel c = channel("c");
        Bridge conference = core.createBridge(BridgeOptions.conference());
        Bridge call = core.createBridge(BridgeOptions.call());
        done(conference.join(c, JoinOptions.HANG_UP_AFTER));
        done(call.join(a, JoinOptions.HANG_UP_AFTER));
        done(call.join(b, JoinOptions.HANG_UP_AFTER));
        done(conference.merge(call));
        sim.runUntilQuiescent();
        assertTrue(call.snapshot().destroyed());
        assertEquals(java.util.Set.of(a.id(), b.id(), c.id()), java.util.Set.copyOf(conference.snapshot().members()));
        for (Channel ch : List.of(a, b, c)) {
            assertTrue(ch.snapshot().isLive(), ch.id() + " was moved, not hung up by a dissolving call");
        }
        done(conference.destroy());
    }

    @Test
    void leavingACallBridgeDissolvesItAndTheOtherPartyFollowsItsPolicy(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Bridge call = core.createBridge(BridgeOptions.call());
        done(call.join(a, JoinOptions.PARK_AFTER));
        done(call.join(b, JoinOptions.PARK_AFTER));
        done(call.leave(a));
        sim.runUntilQuiescent();
        assertTrue(call.snapshot().destroyed(), "one party left: the call is over");
        assertEquals(OwnerKind.NONE, b.snapshot().ownerKind());
        assertTrue(b.snapshot().isLive());

        Bridge lonely = core.createBridge(BridgeOptions.call());
        done(lonely.join(a, JoinOptions.PARK_AFTER));
        assertFalse(lonely.snapshot().destroyed(), "a call bridge with one member waits for the second");
        done(lonely.leave(a));
        sim.runUntilQuiescent();
        assertTrue(lonely.snapshot().destroyed(), "its only member went: nothing is left for it to connect");
        hangUpAll();
    }

    @Test
    void aSwapTakesTheIncomingChannelFromTheBridgeItIsIn(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Channel c = channel("c");
        Channel d = channel("d");
        Bridge one = core.createBridge(BridgeOptions.conference());
        Bridge two = core.createBridge(BridgeOptions.conference());
        done(one.join(a, JoinOptions.PARK_AFTER));
        done(one.join(b, JoinOptions.PARK_AFTER));
        done(two.join(c, JoinOptions.PARK_AFTER));
        done(two.join(d, JoinOptions.PARK_AFTER));
        done(two.swap(d, b, null));
        assertEquals(List.of(a.id()), one.snapshot().members());
        assertEquals(List.of(c.id(), b.id()), two.snapshot().members());
        assertEquals(two.id(), b.snapshot().bridge());
        assertEquals(OwnerKind.NONE, d.snapshot().ownerKind(), "d parks, its own policy");
        VoiceFrame f = new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0);
        fake.channelOf(c).remote().receive(f);
        sim.runUntilQuiescent();
        assertEquals(1, fake.channelOf(b).count("write"), "c's media now reaches b, its new peer");
        assertEquals(0, fake.channelOf(d).count("write"));
        done(one.destroy());
        done(two.destroy());
        hangUpAll();
    }

    @Test
    void snapshotsStartInTheModeOfTheKindAndEveryChangeHasAHigherVersion(TestCores cores) {
        start(cores);
        Bridge lot = core.createBridge(BridgeOptions.holding());
        Bridge call = core.createBridge(new BridgeOptions(null, BridgeOptions.Kind.CALL, BridgeOptions.Dissolve.NEVER));
        assertEquals(BridgeSnapshot.Mode.HOLDING, lot.snapshot().mode(), "a holding bridge holds before anyone joins");
        assertEquals(BridgeSnapshot.Mode.IDLE, call.snapshot().mode());
        Channel a = channel("a");
        List<Long> versions = new ArrayList<>();
        versions.add(call.snapshot().version());
        done(call.join(a, JoinOptions.PARK_AFTER));
        versions.add(call.snapshot().version());
        done(call.leave(a));
        versions.add(call.snapshot().version());
        done(call.destroy());
        versions.add(call.snapshot().version());
        for (int i = 1; i < versions.size(); i++) {
            assertTrue(versions.get(i) > versions.get(i - 1), "versions must grow: " + versions);
        }
        done(lot.destroy());
        hangUpAll();
    }

    @Test
    void hookLimitsAreInclusiveAndACancelWorksOnce(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Bridge bridge = core.createBridge(BridgeOptions.call());
        done(bridge.join(a, JoinOptions.PARK_AFTER));
        List<String> fired = new ArrayList<>();
        Cancellable longest = done(bridge.addDtmfHook("1234567890*#ABCD", (br, m, s) -> fired.add(s)));
        Cancellable shortest = done(bridge.addIntervalHook(Duration.ofMillis(10), br -> { }));
        Cancellable daily = done(bridge.addIntervalHook(Duration.ofHours(24), br -> { }));
        assertThrows(InvalidArgumentException.class,
                () -> bridge.addIntervalHook(Duration.ofMillis(10).minusNanos(1), br -> { }));
        assertThrows(InvalidArgumentException.class,
                () -> bridge.addIntervalHook(Duration.ofHours(24).plusNanos(1), br -> { }));
        Cancellable fault = done(bridge.addDtmfHook("*9", (br, m, s) -> {
            fired.add(s);
            throw new IllegalStateException("a faulty feature code");
        }));
        done(bridge.join(b, JoinOptions.PARK_AFTER)); // a member that joins later gets the hooks too
        for (char d : "*9*9".toCharArray()) {
            fake.channelOf(b).remote().receive(new DtmfEnd(d, Duration.ofMillis(80)));
            sim.runUntilQuiescent();
        }
        assertEquals(List.of("*9"), fired, "a hook that threw is removed: the second *9 is no feature code");
        assertEquals(2, fake.channelOf(a).count("dtmfEnd"), "the feature code never reaches the other party; the"
                + " digits keyed after the hook was removed do");
        assertTrue(shortest.cancel());
        assertFalse(shortest.cancel(), "a second cancel does nothing");
        assertTrue(daily.cancel());
        assertTrue(longest.cancel());
        assertFalse(longest.cancel());
        assertTrue(fault.cancel(), "cancelling a hook that was removed is harmless");
        done(bridge.destroy());
        hangUpAll();
    }

    /** A channel whose application, as it hands it over, runs {@code atHandOver} (on the channel's executor). */
    private static RecordingApp handingOver(Runnable atHandOver) {
        return new RecordingApp() {
            @Override
            public void onDetach(Channel channel, DetachReason reason) {
                super.onDetach(channel, reason);
                if (reason == DetachReason.HANDED_OVER) {
                    atHandOver.run();
                }
            }
        };
    }

    @Test
    void aConferenceEmptiedWhileAChannelIsOnItsWayInStaysForIt(TestCores cores) {
        start(cores);
        Channel x = channel("x");
        Channel y = channel("y");
        Bridge room = core.createBridge(BridgeOptions.conference());
        done(room.join(x, JoinOptions.PARK_AFTER));
        done(y.attach(handingOver(() -> room.leave(x)))); // x leaves while y is admitted but not yet a member
        done(room.join(y, JoinOptions.PARK_AFTER));
        sim.runUntilQuiescent();
        assertFalse(room.snapshot().destroyed(), "not dissolved under a pending join");
        assertEquals(List.of(y.id()), room.snapshot().members());
        assertEquals(OwnerKind.NONE, x.snapshot().ownerKind());
        done(room.leave(y));
        assertTrue(room.snapshot().destroyed(), "empty now, with nobody on the way: dissolved");
        hangUpAll();
    }

    @Test
    void aConferenceEmptiedWhileItsOnlyJoinerHangsUpOnItsWayInDissolves(TestCores cores) {
        start(cores);
        Channel x = channel("x");
        Channel y = channel("y");
        Bridge room = core.createBridge(BridgeOptions.conference());
        done(room.join(x, JoinOptions.PARK_AFTER));
        done(y.attach(handingOver(() -> {
            room.leave(x);
            throw new IllegalStateException("the application fails as it lets go");
        })));
        assertInstanceOf(org.strowger.api.NoSuchChannelException.class, failure(room.join(y, JoinOptions.PARK_AFTER)));
        sim.runUntilQuiescent();
        assertEquals(HangupCause.APPLICATION_FAULT, y.snapshot().hangupCause());
        assertTrue(room.snapshot().destroyed(), "its pending join resolved, the empty conference dissolves");
        hangUpAll();
    }
}
