package org.strowger.core.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.api.event.BridgeDestroyed;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.core.exec.ExecutorSettings;
import org.strowger.core.exec.HandClock;
import org.strowger.core.exec.TestPools.ManualPool;

/** The bus asks before an event is built, offers it only where a filter passes, and stops for good. */
class EventBusTest {
    private final ManualPool pool = new ManualPool();
    private final ExecutorSettings settings = new ExecutorSettings(pool, 32, 2);
    private final EventBus bus = new EventBus();
    private final ChannelId a = ChannelId.of("a");
    private final ChannelId call = ChannelId.of("call-1");

    private EventSubscription subscription(EventFilter filter, List<CoreEvent> into) {
        return new EventSubscription(bus, settings, new HandClock(), filter, into::add,
                SubscribeOptions.defaults().onPool(), "s");
    }

    @Test
    void wantsNothingWithoutASubscriptionWhoseFilterPasses() {
        assertFalse(bus.wants(EventKind.CHANNEL_CREATED, a, call));
        assertFalse(bus.wants(EventKind.BRIDGE_DESTROYED));
        bus.add(subscription(EventFilter.all().withKinds(EventKind.HUNG_UP), new ArrayList<>()));
        assertFalse(bus.wants(EventKind.CHANNEL_CREATED, a, call), "the kind is filtered out");
        assertFalse(bus.wants(EventKind.BRIDGE_DESTROYED));
        assertTrue(bus.wants(EventKind.HUNG_UP, a, call));
        bus.add(subscription(EventFilter.all().withKinds(EventKind.BRIDGE_DESTROYED), new ArrayList<>()));
        assertTrue(bus.wants(EventKind.BRIDGE_DESTROYED), "the second subscription wants it");
    }

    @Test
    void publishOffersOnlyWhereTheFilterPassesAndCountsWhatReachedSomeone() {
        List<CoreEvent> hungUps = new ArrayList<>();
        List<CoreEvent> bridges = new ArrayList<>();
        bus.add(subscription(EventFilter.all().withKinds(EventKind.HUNG_UP), hungUps));
        bus.add(subscription(EventFilter.all().withKinds(EventKind.BRIDGE_DESTROYED), bridges));
        BridgeDestroyed destroyed = new BridgeDestroyed(BridgeId.of("b1"), 1, 0);
        bus.publish(destroyed);
        pool.runAll();
        assertEquals(List.of(), hungUps);
        assertEquals(List.of(destroyed), bridges);
        assertEquals(1, bus.published());
        bus.stop();
        bus.publish(destroyed);
        assertEquals(1, bus.published(), "an event nobody is offered is not counted");
    }

    @Test
    void removeTakesOutOnlyThatSubscriptionAndAnUnknownOneIsANoOp() {
        EventSubscription s1 = subscription(EventFilter.all(), new ArrayList<>());
        EventSubscription s2 = subscription(EventFilter.all(), new ArrayList<>());
        EventSubscription s3 = subscription(EventFilter.all(), new ArrayList<>());
        assertTrue(bus.add(s1));
        assertTrue(bus.add(s2));
        assertTrue(bus.add(s3));
        bus.remove(s2);
        bus.remove(s2);
        bus.remove(subscription(EventFilter.all(), new ArrayList<>()));
        bus.remove(s1);
        bus.remove(s3);
        assertFalse(bus.wants(EventKind.BRIDGE_DESTROYED), "empty again");
        assertTrue(bus.add(s2), "an emptied bus still takes subscriptions");
        assertArrayEquals(new EventSubscription[] {s2}, bus.stop());
    }

    @Test
    void afterStopNothingIsAddedAndStopReturnsWhatItHad() {
        EventSubscription s1 = subscription(EventFilter.all(), new ArrayList<>());
        bus.add(s1);
        assertArrayEquals(new EventSubscription[] {s1}, bus.stop());
        assertFalse(bus.add(subscription(EventFilter.all(), new ArrayList<>())));
        assertFalse(bus.wants(EventKind.BRIDGE_DESTROYED));
    }

    @Test
    void executorSettingsRefuseAZeroBatchAndACapacityBelowTwo() {
        assertThrows(IllegalArgumentException.class, () -> new ExecutorSettings(pool, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ExecutorSettings(pool, 1, 1));
        assertEquals(1, new ExecutorSettings(pool, 1, 2).throughput());
    }
}
