package org.strowger.core.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.ChannelId;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.SubscriptionStats;

/*
 * The subscriptions of one core, in a copy-on-write array swapped by CAS: the executors that emit events read it
 * with one volatile load and take no lock. Emitting is two steps so that nobody pays for events nobody wants: the
 * emitter first asks wants(kind, ...), which with no subscription is that one load and an empty loop, and only then
 * builds the event record and publishes it, which offers it to the queue of each subscription whose filter passes.
 * An event is offered by the thread that emits it, while it emits it, so each subscription's queue (an MPSC queue)
 * holds every stream in order, and any two causally ordered events in that order.
 *
 * At shutdown the array is replaced by a sentinel for good: later subscriptions are refused, later events go nowhere.
 */
public final class EventBus {
    private static final EventSubscription[] NONE = {};
    private static final EventSubscription[] STOPPED = {};

    private final AtomicReference<EventSubscription[]> subscriptions = new AtomicReference<>(NONE);
    private final LongAdder published = new LongAdder();

    /** Whether any subscription may want an event of a channel's stream. Any thread. */
    public boolean wants(EventKind kind, ChannelId channel, ChannelId linkedId) {
        for (EventSubscription s : subscriptions.get()) {
            if (s.filter.accepts(kind, channel, linkedId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any subscription may want an event of this kind (bridge streams). Any thread. */
    public boolean wants(EventKind kind) {
        for (EventSubscription s : subscriptions.get()) {
            if (s.filter.accepts(kind)) {
                return true;
            }
        }
        return false;
    }

    /** Offers {@code event} to every subscription whose filter passes it. Called by the executor that emits it. */
    public void publish(CoreEvent event) {
        boolean offered = false;
        for (EventSubscription s : subscriptions.get()) {
            if (s.filter.test(event)) {
                s.offer(event);
                offered = true;
            }
        }
        if (offered) {
            published.increment();
        }
    }

    /** Adds {@code s}; false once the bus has stopped. */
    public boolean add(EventSubscription s) {
        while (true) {
            EventSubscription[] now = subscriptions.get();
            if (now == STOPPED) {
                return false;
            }
            EventSubscription[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = s;
            if (subscriptions.compareAndSet(now, next)) {
                return true;
            }
        }
    }

    public void remove(EventSubscription s) {
        while (true) {
            EventSubscription[] now = subscriptions.get();
            int i = indexOf(now, s);
            if (i < 0) {
                return;
            }
            EventSubscription[] next = new EventSubscription[now.length - 1];
            System.arraycopy(now, 0, next, 0, i);
            System.arraycopy(now, i + 1, next, i, now.length - i - 1);
            if (subscriptions.compareAndSet(now, next.length == 0 ? NONE : next)) {
                return;
            }
        }
    }

    /** Stops the bus for good and returns the subscriptions it had. */
    public EventSubscription[] stop() {
        return subscriptions.getAndSet(STOPPED);
    }

    public long published() {
        return published.sum();
    }

    public List<SubscriptionStats> stats() {
        List<SubscriptionStats> out = new ArrayList<>();
        for (EventSubscription s : subscriptions.get()) {
            out.add(s.stats());
        }
        return out;
    }

    private static int indexOf(EventSubscription[] in, EventSubscription s) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] == s) {
                return i;
            }
        }
        return -1;
    }
}
