package org.strowger.soak;

import java.util.concurrent.atomic.AtomicLong;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordSink;

/**
 * A call-record sink that misbehaves while {@link #misbehaving}: a slow one sleeps {@code sleepMillis} per record (on
 * its dedicated thread), a throwing one throws on every {@code throwEvery}-th record. Counts the records it took
 * (returned normally) and threw on. Also usable as a fallback: it then must not block, so give it no sleep.
 */
final class FaultyRecordSink implements CallRecordSink {
    private final long sleepMillis;
    private final int throwEvery;
    volatile boolean misbehaving = true;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong thrown = new AtomicLong();

    private FaultyRecordSink(long sleepMillis, int throwEvery) {
        this.sleepMillis = sleepMillis;
        this.throwEvery = throwEvery;
    }

    static FaultyRecordSink slow(long sleepMillis) {
        return new FaultyRecordSink(sleepMillis, 0);
    }

    static FaultyRecordSink throwing(int every) {
        return new FaultyRecordSink(0, every);
    }

    /** A well-behaved, non-blocking sink: for a fallback. */
    static FaultyRecordSink counting() {
        return new FaultyRecordSink(0, 0);
    }

    @Override
    public void onRecord(CallRecord record) throws Exception {
        long n = calls.incrementAndGet();
        if (misbehaving && sleepMillis > 0) {
            Thread.sleep(sleepMillis);
        }
        if (misbehaving && throwEvery > 0 && n % throwEvery == 0) {
            thrown.incrementAndGet();
            throw new java.io.IOException("soak: record store fault on record " + n);
        }
        taken.incrementAndGet();
    }

    long taken() {
        return taken.get();
    }

    long thrown() {
        return thrown.get();
    }
}
