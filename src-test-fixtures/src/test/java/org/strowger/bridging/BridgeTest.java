package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.spi.BridgePeer;
import org.strowger.testkit.Callback;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Bridges on the deterministic simulation: membership, media modes, after-bridge policies, and bad input. */
@ExtendWith(NoLeakExtension.class)
class BridgeTest {
    private final Simulation sim = new Simulation(7);
    private final FakeTech fake = new FakeTech();
    private ChannelCore core;

    private ChannelCore core(TestCores cores) {
        core = cores.simulated(sim, b -> { }, fake);
        return core;
    }

    private Channel channel(String resource) {
        Channel c = core.request(OutboundRequest.of("Fake", resource));
        sim.runUntilQuiescent();
        return c;
    }

    private FakeChannel fakeOf(Channel ch) {
        return fake.channelOf(ch);
    }

    private <T> T done(CompletionStage<T> stage) {
        return sim.await(stage);
    }

    private Throwable failure(CompletionStage<?> stage) {
        return sim.awaitFailure(stage);
    }

    private static VoiceFrame voice(long ts) {
        return new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, ts);
    }

    private List<Object> written(Channel ch, String callback) {
        return fakeOf(ch).callbacks().stream().filter(c -> c.name().equals(callback)).map(Callback::argument).toList();
    }

    @Test
    void twoMembersForwardMediaDtmfAndIndicationsDirectlyAndTheirTechsAreTold(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Bridge bridge = core.createBridge(BridgeOptions.call());
        done(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        assertEquals(BridgeSnapshot.Mode.IDLE, bridge.snapshot().mode());
        done(bridge.join(b, JoinOptions.HANG_UP_AFTER));
        BridgeSnapshot s = bridge.snapshot();
        assertEquals(BridgeSnapshot.Mode.TWO_PARTY, s.mode());
        assertEquals(List.of(a.id(), b.id()), s.members());
        assertEquals(OwnerKind.BRIDGE, a.snapshot().ownerKind());
        assertEquals(bridge.id(), a.snapshot().bridge());
        assertEquals(List.of(new BridgePeer(b.id(), "Fake")), written(a, "bridged"));
        assertEquals(List.of(new BridgePeer(a.id(), "Fake")), written(b, "bridged"));

        VoiceFrame f = voice(480);
        fakeOf(a).remote().receive(f);
        fakeOf(a).remote().receive(new DtmfEnd('7', Duration.ofMillis(90)));
        fakeOf(a).remote().ringing();
        sim.runUntilQuiescent();
        assertEquals(List.of(f), written(b, "write"), "a's frame must reach b's tech unchanged");
        assertEquals(List.of('7'), written(b, "dtmfEnd"));
        assertEquals(List.of(ControlFrame.of(Control.SRC_UPDATE), ControlFrame.of(Control.RINGING)),
                written(b, "indicate"), "b's tech is told its media source changed, then a's signal");
        assertEquals(List.of(), written(a, "write"), "no echo");

        done(a.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
        assertEquals(0, core.bridgeCount(), "a call bridge dissolves when one member is left");
        assertTrue(bridge.snapshot().destroyed());
        assertEquals(ChannelState.DESTROYED, b.state());
        assertEquals(HangupCause.NORMAL_CLEARING, b.snapshot().hangupCause());
        assertEquals(1, written(b, "unbridged").size(), "b's tech is told once that its peer is gone");
        List<String> names = fakeOf(b).callbackNames();
        assertTrue(names.indexOf("unbridged") < names.indexOf("hangup"), names.toString());
    }

    @Test
    void aThirdMemberSwitchesToMixingWhereEachHearsTheOthersButNotItself(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Channel c = channel("c");
        Bridge bridge = core.createBridge(BridgeOptions.conference());
        done(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        done(bridge.join(b, JoinOptions.HANG_UP_AFTER));
        done(bridge.join(c, JoinOptions.HANG_UP_AFTER));
        assertEquals(BridgeSnapshot.Mode.MIXING, bridge.snapshot().mode());
        assertEquals(1, written(a, "unbridged").size(), "leaving two-party mode must tell the tech");

        int[] levels = {1000, 2000, 4000};
        Channel[] members = {a, b, c};
        for (int i = 0; i < 3; i++) {
            fakeOf(members[i]).remote().receive(constant(levels[i], MediaFormat.SLIN8));
        }
        sim.runFor(Duration.ofMillis(20));
        assertEquals(6000, lastLevel(a), 200);
        assertEquals(5000, lastLevel(b), 200);
        assertEquals(3000, lastLevel(c), 200);

        done(bridge.leave(c));
        assertEquals(BridgeSnapshot.Mode.TWO_PARTY, bridge.snapshot().mode());
        int mixedBefore = written(a, "write").size();
        sim.runFor(Duration.ofMillis(100));
        assertEquals(mixedBefore, written(a, "write").size(), "the mixer must stop in two-party mode");
        assertEquals(ChannelState.DESTROYED, c.state(), "HANG_UP after the bridge");
        done(bridge.destroy());
        sim.runUntilQuiescent();
    }

    private static VoiceFrame constant(int level, MediaFormat format) {
        byte[] p = new byte[320];
        for (int i = 0; i < 160; i++) {
            p[2 * i] = (byte) level;
            p[2 * i + 1] = (byte) (level >> 8);
        }
        return new VoiceFrame(format, p, 160, 0);
    }

    private int lastLevel(Channel ch) {
        List<Object> w = written(ch, "write");
        VoiceFrame v = (VoiceFrame) w.get(w.size() - 1);
        assertEquals(MediaFormat.SLIN8, v.format(), "mixed audio comes back in the member's own format");
        return (v.payloadByte(0) & 0xFF) | (v.payloadByte(1) << 8);
    }

    @Test
    void applicationsAreAskedToReleaseAndGetTheirChannelBackAfterTheBridge(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        RecordingApp ivr = new RecordingApp();
        RecordingApp stubborn = new RecordingApp().refusingRelease();
        done(a.attach(ivr));
        done(b.attach(stubborn));
        Bridge bridge = core.createBridge(BridgeOptions.call());
        done(bridge.join(a, JoinOptions.RETURN_AFTER));
        CommandRejectedException e = assertInstanceOf(CommandRejectedException.class,
                failure(bridge.join(b, JoinOptions.HANG_UP_AFTER)));
        assertEquals(CommandRejectedException.Reason.OWNER_REFUSED, e.reason());
        assertEquals(OwnerKind.APPLICATION, b.snapshot().ownerKind());
        assertEquals(List.of("attach", "release? bridge " + bridge.id(), "detach HANDED_OVER"), ivr.log(a));
        done(bridge.destroy());
        assertEquals(OwnerKind.APPLICATION, a.snapshot().ownerKind());
        assertEquals(List.of("attach", "release? bridge " + bridge.id(), "detach HANDED_OVER", "attach"), ivr.log(a));
        done(a.hangup(HangupCause.NORMAL_CLEARING));
        done(b.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void leaveKickAndParkFollowEachMembersPolicy(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Channel c = channel("c");
        Bridge bridge = core.createBridge(new BridgeOptions(null, BridgeOptions.Kind.CALL, BridgeOptions.Dissolve.NEVER));
        done(bridge.join(a, JoinOptions.PARK_AFTER));
        done(bridge.join(b, JoinOptions.HANG_UP_AFTER));
        done(bridge.join(c, JoinOptions.PARK_AFTER));
        done(bridge.leave(a));
        assertTrue(a.snapshot().isLive());
        assertEquals(OwnerKind.NONE, a.snapshot().ownerKind());
        done(bridge.kick(c, HangupCause.CALL_REJECTED));
        assertEquals(HangupCause.CALL_REJECTED, c.snapshot().hangupCause());
        assertEquals(List.of(b.id()), bridge.snapshot().members());
        CommandRejectedException e = assertInstanceOf(CommandRejectedException.class, failure(bridge.leave(a)));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, e.reason());
        done(bridge.destroy());
        assertEquals(HangupCause.NORMAL_CLEARING, b.snapshot().hangupCause());
        assertInstanceOf(NoSuchBridgeException.class, failure(bridge.join(a, JoinOptions.PARK_AFTER)));
        assertInstanceOf(NoSuchBridgeException.class, failure(bridge.leave(a)));
        assertTrue(a.snapshot().isLive() && a.snapshot().ownerKind() == OwnerKind.NONE,
                "a failed join leaves the channel as it was");
        done(bridge.destroy()); // idempotent
        done(a.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void moveSwapAndMergeKeepEveryChannelInExactlyOneBridge(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Channel c = channel("c");
        Channel d = channel("d");
        Bridge one = core.createBridge(BridgeOptions.conference());
        Bridge two = core.createBridge(BridgeOptions.conference());
        done(one.join(a, JoinOptions.HANG_UP_AFTER));
        done(one.join(b, JoinOptions.PARK_AFTER));
        done(two.join(c, JoinOptions.HANG_UP_AFTER));

        done(one.move(b, two, null));
        assertEquals(List.of(a.id()), one.snapshot().members());
        assertEquals(List.of(c.id(), b.id()), two.snapshot().members());
        assertEquals(two.id(), b.snapshot().bridge());
        assertEquals(BridgeSnapshot.Mode.TWO_PARTY, two.snapshot().mode());

        done(two.swap(b, d, JoinOptions.HANG_UP_AFTER));
        assertEquals(List.of(c.id(), d.id()), two.snapshot().members());
        assertTrue(b.snapshot().isLive(), "b parks after being swapped out");
        assertEquals(OwnerKind.NONE, b.snapshot().ownerKind());

        done(one.merge(two));
        assertTrue(two.snapshot().destroyed());
        assertEquals(java.util.Set.of(a.id(), c.id(), d.id()), java.util.Set.copyOf(one.snapshot().members()),
                "merge moves members one by one, so their order depends on the interleaving");
        assertEquals(BridgeSnapshot.Mode.MIXING, one.snapshot().mode());
        for (Channel ch : List.of(a, c, d)) {
            assertEquals(one.id(), ch.snapshot().bridge());
        }
        done(one.destroy());
        done(b.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void redirectTakesAChannelOutOfItsBridgeToAnApplication(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Bridge bridge = core.createBridge(BridgeOptions.call());
        done(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        done(bridge.join(b, JoinOptions.PARK_AFTER));
        RecordingApp app = new RecordingApp();
        done(a.attach(app));
        assertEquals(OwnerKind.APPLICATION, a.snapshot().ownerKind());
        assertTrue(a.snapshot().isLive(), "a redirect skips the after-bridge policy");
        sim.runUntilQuiescent();
        assertEquals(0, core.bridgeCount());
        assertEquals(OwnerKind.NONE, b.snapshot().ownerKind());
        done(a.hangup(HangupCause.NORMAL_CLEARING));
        done(b.hangup(HangupCause.NORMAL_CLEARING));
    }

    @Test
    void aHoldingBridgeForwardsNoMedia(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Bridge lot = core.createBridge(BridgeOptions.holding());
        done(lot.join(a, JoinOptions.HANG_UP_AFTER));
        done(lot.join(b, JoinOptions.HANG_UP_AFTER));
        assertEquals(BridgeSnapshot.Mode.HOLDING, lot.snapshot().mode());
        fakeOf(a).remote().receive(voice(0));
        sim.runFor(Duration.ofMillis(100));
        assertEquals(List.of(), written(b, "write"));
        done(a.hangup(HangupCause.NORMAL_CLEARING));
        assertEquals(List.of(b.id()), lot.snapshot().members(), "a holding bridge never dissolves by itself");
        done(lot.destroy());
    }

    @Test
    void badInputIsRejectedWithAReasonAndChangesNothing(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Bridge one = core.createBridge(BridgeOptions.conference().withId(BridgeId.of("room-1")));
        Bridge two = core.createBridge(BridgeOptions.conference());
        CommandRejectedException dup = assertThrows(CommandRejectedException.class,
                () -> core.createBridge(BridgeOptions.conference().withId(BridgeId.of("room-1"))));
        assertEquals(CommandRejectedException.Reason.DUPLICATE_ID, dup.reason());
        assertThrows(InvalidArgumentException.class, () -> core.createBridge(null));
        assertThrows(InvalidArgumentException.class, () -> one.join(null, JoinOptions.PARK_AFTER));
        assertThrows(InvalidArgumentException.class, () -> one.join(a, null));
        assertThrows(InvalidArgumentException.class, () -> one.merge(one));
        assertThrows(InvalidArgumentException.class, () -> one.move(a, one, null));
        assertThrows(InvalidArgumentException.class, () -> one.swap(a, a, JoinOptions.PARK_AFTER));
        assertThrows(InvalidArgumentException.class, () -> one.kick(a, null));
        assertThrows(InvalidArgumentException.class, () -> core.bridge(null));
        Channel foreign = new Simulation(1).coreBuilder().tech(new FakeTech()).build()
                .request(OutboundRequest.of("Fake", "x"));
        assertThrows(InvalidArgumentException.class, () -> one.join(foreign, JoinOptions.PARK_AFTER));

        CompletionStage<Void> first = one.join(a, JoinOptions.PARK_AFTER);
        CompletionStage<Void> second = two.join(a, JoinOptions.PARK_AFTER); // the same channel into two bridges at once
        sim.runUntilQuiescent();
        boolean firstWon = !first.toCompletableFuture().isCompletedExceptionally();
        assertTrue(firstWon ^ !second.toCompletableFuture().isCompletedExceptionally(), "exactly one join wins");
        Bridge holder = firstWon ? one : two;
        Bridge other = firstWon ? two : one;
        assertEquals(holder.id(), a.snapshot().bridge());
        assertEquals(List.of(), other.snapshot().members());
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, ((CommandRejectedException) failure(
                holder.join(a, JoinOptions.PARK_AFTER))).reason());
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, ((CommandRejectedException) failure(
                other.move(b, holder, null))).reason(), "moving a channel that is not a member");
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, ((CommandRejectedException) failure(
                other.swap(a, b, JoinOptions.PARK_AFTER))).reason(), "swapping out a non-member");
        assertNull(b.snapshot().bridge(), "the failed swap left b where it was");
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, ((CommandRejectedException) failure(
                a.detach())).reason());
        assertFalse(holder.snapshot().destroyed());
        done(one.destroy());
        done(two.destroy());
        done(a.hangup(HangupCause.NORMAL_CLEARING));
        done(b.hangup(HangupCause.NORMAL_CLEARING));
        foreign.hangup(HangupCause.NORMAL_CLEARING);
    }

    @Test
    void shutdownDestroysBridgesAndHangsUpMembers(TestCores cores) {
        core(cores);
        Channel a = channel("a");
        Bridge lot = core.createBridge(BridgeOptions.holding());
        done(lot.join(a, JoinOptions.PARK_AFTER));
        done(core.shutdown());
        assertEquals(0, core.bridgeCount());
        assertEquals(ChannelState.DESTROYED, a.state());
    }
}
