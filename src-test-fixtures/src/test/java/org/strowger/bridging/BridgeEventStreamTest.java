package org.strowger.bridging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.AttendedTransfer;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelState;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.TransferOutcome;
import org.strowger.api.event.AttendedTransferEnded;
import org.strowger.api.event.BlindTransferred;
import org.strowger.api.event.BridgeCreated;
import org.strowger.api.event.BridgeDestroyed;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.BridgeScopedEvent;
import org.strowger.api.event.CallPickedUp;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.testkit.FakeChannel;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.RecordingApp;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * A bridge's event stream, field by field: who entered and left and why, the members after each change, and the one
 * event that marks a completed blind transfer, pickup or attended transfer (and only such a swap).
 */
@ExtendWith(NoLeakExtension.class)
class BridgeEventStreamTest {
    private final Simulation sim = new Simulation(31);
    private final FakeTech fake = new FakeTech();
    private final Queue<CoreEvent> events = new ConcurrentLinkedQueue<>();
    private final Map<ChannelId, String> names = new HashMap<>();
    private ChannelCore core;

    private void start(TestCores cores) {
        core = cores.simulated(sim, b -> b.inboundHandler(ch -> new RecordingApp()), fake);
        core.subscribe(EventFilter.all(), events::add, SubscribeOptions.defaults().onPool());
    }

    private Channel channel(String name) {
        Channel c = core.request(OutboundRequest.of("Fake", name));
        names.put(c.id(), name);
        return c;
    }

    private Channel answered(String name) {
        Channel c = channel(name);
        c.call();
        sim.runUntilQuiescent();
        fake.channelOf(c).remote().answered();
        sim.runUntilQuiescent();
        return c;
    }

    private <T> T done(CompletionStage<T> stage) {
        return sim.await(stage);
    }

    private String name(ChannelId id) {
        return names.getOrDefault(id, id.value());
    }

    private String name(ChannelRef ref) {
        return name(ref.id());
    }

    private List<String> refs(List<ChannelRef> refs) {
        return refs.stream().map(this::name).toList();
    }

    /** The bridge's stream as readable lines, checking that it is numbered 1..n without gaps. */
    private List<String> stream(Bridge bridge) {
        sim.runUntilQuiescent();
        List<String> out = new ArrayList<>();
        long expected = 1;
        for (CoreEvent e : events) {
            if (!(e instanceof BridgeScopedEvent b) || !b.bridgeId().equals(bridge.id())) {
                continue;
            }
            assertEquals(expected++, b.sequence(), "the bridge's stream is numbered without gaps: " + out);
            out.add(switch (b) {
                case BridgeCreated c -> "created " + c.bridgeKind() + " " + c.dissolve();
                case BridgeEntered en -> "entered " + name(en.channel()) + " " + en.members().stream().map(this::name)
                        .toList();
                case BridgeLeft l -> "left " + name(l.channel()) + " " + l.reason() + " " + l.members().stream()
                        .map(this::name).toList();
                case BlindTransferred t -> "blind transfer " + name(t.transferer()) + " -> " + name(t.target())
                        + " for " + refs(t.transferees());
                case CallPickedUp p -> "pickup of " + name(p.ringing()) + " by " + name(p.picker()) + " for "
                        + refs(p.callers());
                case AttendedTransferEnded a -> "attended transfer " + name(a.transferer()) + " -> "
                        + name(a.target()) + " for " + refs(a.transferees()) + " " + a.outcome();
                case BridgeDestroyed d -> "destroyed";
                default -> b.kind().toString();
            });
        }
        return out;
    }

    @Test
    void eachMembershipChangeIsReportedOnceWithItsReasonAndTheMembersAfterIt(TestCores cores) {
        start(cores);
        Channel a = channel("a");
        Channel b = channel("b");
        Channel c = channel("c");
        Channel d = channel("d");
        Channel e = channel("e");
        Bridge room = core.createBridge(new BridgeOptions(null, BridgeOptions.Kind.CALL, BridgeOptions.Dissolve.NEVER));
        for (Channel ch : List.of(a, b, c, d)) {
            done(room.join(ch, JoinOptions.PARK_AFTER));
        }
        done(room.leave(a));
        done(room.kick(b, HangupCause.CALL_REJECTED));
        done(room.swap(c, e, JoinOptions.PARK_AFTER));
        done(d.hangup(HangupCause.NORMAL_CLEARING));
        done(room.destroy());
        done(room.destroy()); // a second destroy reports nothing
        assertEquals(List.of(
                "created CALL NEVER",
                "entered a [a]", "entered b [a, b]", "entered c [a, b, c]", "entered d [a, b, c, d]",
                "left a LEFT [b, c, d]",
                "left b KICKED [c, d]",
                "entered e [d, e]", "left c SWAPPED_OUT [d, e]", // a plain swap is no transfer: no third event
                "left d HUNG_UP [e]",
                "left e DESTROYED []",
                "destroyed"), stream(room));
        for (Channel ch : List.of(a, c, e)) {
            done(ch.hangup(HangupCause.NORMAL_CLEARING));
        }
    }

    @Test
    void aBlindTransferIsReportedWithTheTransfererTheTargetAndThePartiesItWasFor(TestCores cores) {
        start(cores);
        Channel a = answered("a");
        Channel b = answered("b");
        Bridge call = core.createBridge(BridgeOptions.call());
        done(call.join(a, JoinOptions.HANG_UP_AFTER));
        done(call.join(b, JoinOptions.HANG_UP_AFTER));
        Channel carol = done(core.blindTransfer(a, OutboundRequest.of("Fake", "carol")));
        names.put(carol.id(), "carol");
        assertEquals(List.of(
                "created CALL WHEN_ONE_LEFT",
                "entered a [a]", "entered b [a, b]",
                "entered carol [b, carol]", "left a SWAPPED_OUT [b, carol]",
                "blind transfer a -> carol for [b]"), stream(call));
        done(b.hangup(HangupCause.NORMAL_CLEARING));
        sim.runUntilQuiescent();
        assertEquals(ChannelState.DESTROYED, carol.state());
    }

    @Test
    void aPickupIsReportedWithThePickerTheRingingChannelAndTheCallers(TestCores cores) {
        start(cores);
        Channel caller = answered("caller");
        Channel ringing = channel("ringing");
        ringing.call();
        Bridge early = core.createBridge(BridgeOptions.call());
        done(early.join(caller, JoinOptions.HANG_UP_AFTER));
        done(early.join(ringing, JoinOptions.HANG_UP_AFTER));
        FakeChannel picker = fake.inbound("picker", "*8");
        sim.runUntilQuiescent();
        names.put(picker.channel().id(), "picker");
        done(core.pickup(picker.channel(), ringing));
        assertEquals(HangupCause.ANSWERED_ELSEWHERE, ringing.snapshot().hangupCause());
        assertEquals(ChannelState.UP, picker.channel().state(), "a ringing inbound picker is answered");
        assertEquals(List.of(
                "created CALL WHEN_ONE_LEFT",
                "entered caller [caller]", "entered ringing [caller, ringing]",
                "entered picker [caller, picker]", "left ringing SWAPPED_OUT [caller, picker]",
                "pickup of ringing by picker for [caller]"), stream(early));
        done(caller.hangup(HangupCause.NORMAL_CLEARING));
    }

    /**
     * While an attended transfer consults, the transferee cannot be swapped out of its held bridge, by a blind
     * transfer, a pickup or a swap into another bridge; the refused operations leave no trace, so a later plain swap
     * of the same member is reported (and treated) as a plain swap.
     */
    @Test
    void swapsOutOfABridgeHeldByAnAttendedTransferAreRefusedAndLeaveNoMark(TestCores cores) {
        start(cores);
        Channel a = answered("a");
        Channel b = channel("b");
        b.call(); // still ringing: pickup is allowed for it, were its bridge not held
        Bridge home = core.createBridge(BridgeOptions.call());
        done(home.join(a, JoinOptions.HANG_UP_AFTER));
        done(home.join(b, JoinOptions.HANG_UP_AFTER));
        AttendedTransfer t = done(core.attendedTransfer(a, OutboundRequest.of("Fake", "carol")));
        names.put(t.target().id(), "carol");
        List<String> before = stream(home);
        assertEquals(List.of("created CALL WHEN_ONE_LEFT", "entered a [a]", "entered b [a, b]", "left a MOVED [b]"),
                before, "the transferer moved to the consultation");

        CommandRejectedException blind = assertInstanceOf(CommandRejectedException.class,
                sim.awaitFailure(core.blindTransfer(b, OutboundRequest.of("Fake", "dave"))));
        assertEquals(CommandRejectedException.Reason.WRONG_STATE, blind.reason());
        assertTrue(blind.getMessage().contains("held open by a transfer in progress"), blind.getMessage());
        FakeChannel picker = fake.inbound("picker", "*8");
        sim.runUntilQuiescent();
        names.put(picker.channel().id(), "picker");
        CommandRejectedException pickup = assertInstanceOf(CommandRejectedException.class,
                sim.awaitFailure(core.pickup(picker.channel(), b)));
        assertTrue(pickup.getMessage().contains("held open by a transfer in progress"), pickup.getMessage());
        assertEquals(ChannelState.RING, picker.channel().state(), "a refused picker is not answered");

        Channel x = answered("x");
        Channel y = answered("y");
        Bridge other = core.createBridge(BridgeOptions.conference());
        done(other.join(x, JoinOptions.HANG_UP_AFTER));
        done(other.join(y, JoinOptions.HANG_UP_AFTER));
        CommandRejectedException away = assertInstanceOf(CommandRejectedException.class,
                sim.awaitFailure(other.swap(x, b, JoinOptions.HANG_UP_AFTER)));
        assertTrue(away.getMessage().contains("held open by a transfer in progress; channel " + b.id()), away.getMessage());
        assertEquals(home.id(), b.snapshot().bridge(), "the transferee stays at home");
        assertEquals(List.of(x.id(), y.id()), other.snapshot().members());
        assertEquals(before, stream(home), "refused swaps report nothing");

        assertEquals(TransferOutcome.CANCELLED, done(t.cancel()));
        Channel e = channel("e");
        done(home.swap(b, e, JoinOptions.HANG_UP_AFTER));
        assertEquals(HangupCause.NORMAL_CLEARING, b.snapshot().hangupCause(),
                "swapped out by a plain swap, b follows its own policy: not ANSWERED_ELSEWHERE");
        List<String> after = stream(home);
        assertEquals(List.of("entered a [b, a]", "attended transfer a -> carol for [b] CANCELLED",
                "entered e [a, e]", "left b SWAPPED_OUT [a, e]"), after.subList(before.size(), after.size()),
                "no blind transfer or pickup is reported for the plain swap");
        done(other.swap(x, e, JoinOptions.HANG_UP_AFTER)); // home's hold is over: its members may be swapped away
        assertEquals(List.of(y.id(), e.id()), other.snapshot().members());
        for (Channel ch : List.of(a, x, y, e, picker.channel())) {
            ch.hangup(HangupCause.NORMAL_CLEARING);
        }
        sim.runUntilQuiescent();
    }
}
