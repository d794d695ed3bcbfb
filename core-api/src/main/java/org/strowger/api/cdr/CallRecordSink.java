package org.strowger.api.cdr;

/**
 * Receives the core's call records: a billing store, a CSV file, a message queue. Configured on the core's builder
 * ({@code Strowger.Builder.callRecordSink}), each with its own bounded queue and its own executor.
 *
 * <p><b>Thread:</b> called on the sink's own serial executor, one record at a time and never concurrently with
 * itself, in the order the records were closed: by default a platform thread of its own
 * ({@code strowger-cdr-<name>}), on which it may block (a database, a socket) and then delays only itself; with
 * {@link CallRecordSinkOptions#onPool()} a serial executor on the core's pool, where it must not block. A sink that
 * throws is counted and logged, and that record goes to the fallback ({@link CallRecordSinkOptions#fallback()}).
 */
@FunctionalInterface
public interface CallRecordSink {
    /** Stores one record. May throw: the record then goes to the fallback. */
    void onRecord(CallRecord record) throws Exception;
}
