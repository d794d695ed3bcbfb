package org.strowger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;
import org.strowger.api.event.BlindTransferred;
import org.strowger.api.event.BridgeEntered;
import org.strowger.api.event.BridgeLeft;
import org.strowger.api.event.BridgeScopedEvent;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.ChannelScopedEvent;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.DtmfEnded;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/**
 * Filters by channel, by call (linked id), by kind and by type, alone and combined, each compared with the same
 * selection made by hand from an unfiltered subscriber's events; and the bad input of filters, options and subscribe.
 */
@ExtendWith(NoLeakExtension.class)
class EventFilterTest {
    private static final ChannelId A1 = ChannelId.of("a1");
    private static final ChannelId B1 = ChannelId.of("b1");
    private static final ChannelId A2 = ChannelId.of("a2");
    private static final ChannelId B2 = ChannelId.of("b2");

    @Test
    void eachFilterGetsExactlyTheEventsItSelectsInTheOrderTheyHappened(TestCores cores) {
        Simulation sim = new Simulation(5);
        FakeTech fake = new FakeTech();
        fake.on("call", (ch, arg) -> ch.remote().answered());
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        SubscribeOptions pooled = SubscribeOptions.defaults().onPool();
        EventLog all = new EventLog();
        EventLog byChannel = new EventLog();
        EventLog byCall = new EventLog();
        EventLog byKind = new EventLog();
        EventLog byType = new EventLog();
        EventLog combined = new EventLog();
        core.subscribe(EventFilter.all(), all, pooled);
        core.subscribe(EventFilter.all().withChannels(B1), byChannel, pooled);
        core.subscribe(EventFilter.all().withLinkedIds(A1), byCall, pooled);
        core.subscribe(EventFilter.all().withKinds(EventKind.HUNG_UP, EventKind.DTMF_ENDED), byKind, pooled);
        core.subscribe(EventFilter.all().withTypes(BridgeScopedEvent.class), byType, pooled);
        core.subscribe(EventFilter.all().withLinkedIds(A1).withKinds(EventKind.BRIDGE_ENTERED, EventKind.HUNG_UP)
                .withChannels(B1, B2), combined, pooled);

        Channel a1 = core.request(OutboundRequest.of("Fake", "a1").withId(A1));
        Channel b1 = core.request(OutboundRequest.of("Fake", "b1").withId(B1).withRequester(a1)); // a1's call
        Channel a2 = core.request(OutboundRequest.of("Fake", "a2").withId(A2));
        Channel b2 = core.request(OutboundRequest.of("Fake", "b2").withId(B2).withRequester(a2));
        for (Channel c : List.of(a1, b1, a2, b2)) {
            c.call();
        }
        sim.runUntilQuiescent();
        bridge(sim, core, a1, b1);
        bridge(sim, core, a2, b2);
        fake.channelOf(a2).remote().receive(new DtmfEnd('7', Duration.ofMillis(90)));
        Channel carol = sim.await(core.blindTransfer(b1, OutboundRequest.of("Fake", "carol"))); // joins a1's call
        sim.runUntilQuiescent();
        for (Channel c : List.of(a1, a2, carol)) {
            c.hangup(HangupCause.NORMAL_CLEARING);
        }
        sim.runFor(Duration.ofSeconds(1));

        List<CoreEvent> events = all.events();
        assertEquals(select(events, e -> e.involves(B1)), byChannel.events());
        assertEquals(select(events, e -> e.inCall(A1)), byCall.events());
        assertEquals(select(events, e -> e instanceof ChannelHungUp || e instanceof DtmfEnded), byKind.events());
        assertEquals(select(events, e -> e instanceof BridgeScopedEvent), byType.events());
        assertEquals(select(events, e -> e.inCall(A1) && (e.involves(B1) || e.involves(B2))
                && (e instanceof BridgeEntered || e instanceof ChannelHungUp)), combined.events());

        // and what those selections are, spelled out
        assertTrue(byChannel.events().stream().anyMatch(e -> e instanceof BridgeEntered en && en.channel().id().equals(B1)));
        assertTrue(byChannel.events().stream().anyMatch(e -> e instanceof BridgeLeft l && l.channel().id().equals(B1)
                && l.reason() == BridgeLeft.Reason.SWAPPED_OUT));
        assertTrue(byChannel.events().stream().anyMatch(e -> e instanceof BlindTransferred t
                && t.transferer().id().equals(B1) && t.target().id().equals(carol.id())));
        assertTrue(byChannel.events().stream().noneMatch(e -> e instanceof ChannelScopedEvent c
                && !c.channelId().equals(B1)), "only b1's own stream");
        assertEquals(Set.of(A1, B1, carol.id()), byCall.channelStreams().keySet(), "the transfer target inherited the call");
        assertEquals(List.of("a2 RECEIVED 7", "b2 SENT 7"), byKind.events().stream().filter(e -> e instanceof DtmfEnded)
                .map(e -> (DtmfEnded) e).map(d -> d.channelId() + " " + d.direction() + " " + d.digit()).toList(),
                "a2 received the digit and its bridge peer b2 sent it on");
        assertEquals(5, byKind.events().stream().filter(e -> e instanceof ChannelHungUp).count());
        assertTrue(byType.events().stream().anyMatch(e -> e.kind() == EventKind.BRIDGE_CREATED));
        assertEquals(List.of(EventKind.BRIDGE_ENTERED, EventKind.HUNG_UP), combined.events().stream()
                .map(CoreEvent::kind).toList(), "b1 entered a1's bridge and hung up; b2 is another call");
    }

    @Test
    void badFiltersOptionsAndSubscriptionsAreRefusedClearly(TestCores cores) {
        assertThrows(InvalidArgumentException.class, () -> EventFilter.all().withChannels());
        assertThrows(InvalidArgumentException.class, () -> EventFilter.all().withKinds((EventKind) null));
        assertThrows(InvalidArgumentException.class, () -> EventFilter.all().withLinkedIds((ChannelId[]) null));
        assertThrows(InvalidArgumentException.class, () -> new EventFilter(null, Set.of(), Set.of()));
        assertThrows(InvalidArgumentException.class, () -> SubscribeOptions.defaults().withQueueCapacity(0));
        assertThrows(InvalidArgumentException.class,
                () -> SubscribeOptions.defaults().withQueueCapacity(SubscribeOptions.MAX_QUEUE_CAPACITY + 1));
        assertThrows(InvalidArgumentException.class, () -> SubscribeOptions.defaults().withName(""));
        assertThrows(InvalidArgumentException.class, () -> SubscribeOptions.defaults().withName("x".repeat(65)));
        assertThrows(InvalidArgumentException.class, () -> new SubscribeOptions("x", 10, null));
        Simulation sim = new Simulation(6);
        ChannelCore core = cores.simulated(sim, b -> { });
        assertThrows(InvalidArgumentException.class, () -> core.subscribe(null, e -> { }));
        assertThrows(InvalidArgumentException.class, () -> core.subscribe(EventFilter.all(), null));
        assertThrows(InvalidArgumentException.class, () -> core.subscribe(EventFilter.all(), e -> { }, null));
        core.shutdown();
        sim.runAll();
        CommandRejectedException e = assertThrows(CommandRejectedException.class,
                () -> core.subscribe(EventFilter.all(), x -> { }, SubscribeOptions.defaults().onPool()));
        assertEquals(CommandRejectedException.Reason.SHUTTING_DOWN, e.reason());
        assertInstanceOf(EventFilter.class, EventFilter.all().withTypes(CoreEvent.class));
        assertEquals(EventFilter.all().withKinds(EventKind.values()),
                EventFilter.all().withTypes(CoreEvent.class), "CoreEvent.class covers every kind");
    }

    private static void bridge(Simulation sim, ChannelCore core, Channel a, Channel b) {
        Bridge bridge = core.createBridge(BridgeOptions.call());
        sim.await(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        sim.await(bridge.join(b, JoinOptions.HANG_UP_AFTER));
    }

    private static List<CoreEvent> select(List<CoreEvent> events, Predicate<CoreEvent> which) {
        return events.stream().filter(which).toList();
    }
}
