package org.strowger.demo;

import org.strowger.api.ChannelCore;
import org.strowger.api.cdr.CallRecord;
import org.strowger.api.cdr.CallRecordMetrics;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.api.cdr.CallRecordSinkStats;
import org.strowger.core.Strowger;

/**
 * Code shown in the "Call records" section of docs/events-and-cdr.md and in docs/operations.md. Every java block in
 * those documents is an excerpt of a file in this package (DocSnippetsTest in src-test-fixtures checks it), so the
 * snippets always compile against the real API. The demo does not run them.
 */
public final class CdrSnippets {
    private CdrSnippets() {
    }

    /** Where billing records go: a database table. Slow, blocking, and sometimes down. */
    interface BillingStore {
        void insert(CallRecord record) throws Exception;

        /** A local file for what the table could not take, replayed later. Fast, never blocks for long. */
        void spool(CallRecord record);
    }

    /** A core whose call records go to a billing table, and to a local spool file when the table cannot keep up. */
    static ChannelCore withBilling(BillingStore store) {
        return Strowger.builder()
                .callRecordSink(store::insert,         // on a thread of its own: it may block
                        CallRecordSinkOptions.defaults()
                                .withName("billing")
                                .withQueueCapacity(50_000)      // about a minute of a busy switch
                                .withFallback(store::spool))   // overflow, failures, leftovers at shutdown
                .build();
    }

    /** What a billing system charges for: connections between two real ends, answered, by the second. */
    static boolean billable(CallRecord r) {
        return r.b() != null && !r.viaLocal() && r.answered();
    }

    /** For an alert: records that did not reach a sink (they went to its fallback) since the last check. */
    static long notStored(ChannelCore core) {
        CallRecordMetrics m = core.metrics().callRecords();
        long fallback = 0;
        for (CallRecordSinkStats s : m.sinks()) {
            fallback += s.fallback();                  // = overflowed + failures + left over at shutdown
        }
        return fallback;
    }
}
