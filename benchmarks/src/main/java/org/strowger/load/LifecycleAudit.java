package org.strowger.load;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelDestroyed;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventFilter;
import org.strowger.api.event.EventSubscriber;
import org.strowger.api.event.SubscribeOptions;
import org.strowger.api.event.Subscription;

/**
 * Checks from the core's events that every channel (of every tech, Local included) is hung up exactly once and
 * destroyed exactly once, after being created: a channel is tracked from its {@link ChannelCreated} and forgotten at its
 * {@link ChannelDestroyed}, which must come after exactly one {@link ChannelHungUp}. Events of one channel arrive in
 * order, so anything else (a second hang-up, a destroy of an unknown channel) is a violation. Runs on the
 * subscription's own thread.
 */
final class LifecycleAudit implements EventSubscriber {
    private static final int MAX_VIOLATIONS = 100;

    private final Map<ChannelId, int[]> hangups = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong violationCount = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong destroyed = new AtomicLong();
    private Subscription subscription;

    @SuppressWarnings("unchecked")
    void subscribe(ChannelCore core) {
        subscription = core.subscribe(
                EventFilter.all().withTypes(ChannelCreated.class, ChannelHungUp.class, ChannelDestroyed.class), this,
                SubscribeOptions.defaults().withName("load-audit")
                        .withQueueCapacity(SubscribeOptions.MAX_QUEUE_CAPACITY));
    }

    @Override
    public void onEvent(CoreEvent event) {
        switch (event) {
            case ChannelCreated c -> {
                created.incrementAndGet();
                if (hangups.putIfAbsent(c.channelId(), new int[1]) != null) {
                    violation(c.channelId() + ": created twice");
                }
            }
            case ChannelHungUp h -> {
                int[] n = hangups.get(h.channelId());
                if (n == null) {
                    violation(h.channelId() + ": hung up but not live");
                } else if (++n[0] != 1) {
                    violation(h.channelId() + ": hung up " + n[0] + " times");
                }
            }
            case ChannelDestroyed d -> {
                destroyed.incrementAndGet();
                int[] n = hangups.remove(d.channelId());
                if (n == null) {
                    violation(d.channelId() + ": destroyed but not live (twice?)");
                } else if (n[0] != 1) {
                    violation(d.channelId() + ": destroyed after " + n[0] + " hang-ups");
                }
            }
            default -> {
            }
        }
    }

    private void violation(String what) {
        if (violationCount.incrementAndGet() <= MAX_VIOLATIONS) {
            violations.add(what);
        }
    }

    /** Waits (up to 10 s) until every event queued so far has been delivered, then closes the subscription. */
    void drainAndClose() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (subscription.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(20);
        subscription.close();
    }

    long created() {
        return created.get();
    }

    long destroyed() {
        return destroyed.get();
    }

    /** Channels created and not destroyed, per the events. */
    int notDestroyed() {
        return hangups.size();
    }

    long dropped() {
        return subscription.dropped();
    }

    long violationCount() {
        return violationCount.get();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }
}
