package org.strowger.soak;

import java.util.concurrent.atomic.AtomicLong;
import org.strowger.api.event.CoreEvent;
import org.strowger.api.event.EventSubscriber;

/**
 * An event subscriber that misbehaves while {@link #misbehaving}: a slow one sleeps {@code sleepMillis} per event (on
 * its dedicated thread), a throwing one throws on every {@code throwEvery}-th event. Counts what it received and
 * threw, to check the subscription's counters against.
 */
final class FaultySubscriber implements EventSubscriber {
    private final long sleepMillis;
    private final int throwEvery;
    volatile boolean misbehaving = true;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong thrown = new AtomicLong();

    private FaultySubscriber(long sleepMillis, int throwEvery) {
        this.sleepMillis = sleepMillis;
        this.throwEvery = throwEvery;
    }

    static FaultySubscriber slow(long sleepMillis) {
        return new FaultySubscriber(sleepMillis, 0);
    }

    static FaultySubscriber throwing(int every) {
        return new FaultySubscriber(0, every);
    }

    @Override
    public void onEvent(CoreEvent event) {
        long n = received.incrementAndGet();
        if (!misbehaving) {
            return;
        }
        if (sleepMillis > 0) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (throwEvery > 0 && n % throwEvery == 0) {
            thrown.incrementAndGet();
            throw new IllegalStateException("soak: subscriber fault on event " + n);
        }
    }

    long received() {
        return received.get();
    }

    long thrown() {
        return thrown.get();
    }
}
