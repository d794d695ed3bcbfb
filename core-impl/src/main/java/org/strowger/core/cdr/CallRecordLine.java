package org.strowger.core.cdr;

import org.strowger.api.cdr.CallParty;
import org.strowger.api.cdr.CallRecord;
import org.strowger.core.log.LogText;

/**
 * One call record as one CSV line, for the logging fallback: id, linked id, sequence, party A (name, id), party B
 * (name, id; empty when alone), start, answer (empty when unanswered), end, duration ms, billable ms, disposition,
 * cause (empty when none). Names and ids are untrusted text: escaped (LogText) and quoted, so a line can neither be
 * forged nor split into columns.
 */
final class CallRecordLine {
    static final String HEADER = "id,linkedId,sequence,aName,aId,bName,bId,start,answer,end,durationMs,billableMs,"
            + "disposition,cause";

    private CallRecordLine() {
    }

    static String of(CallRecord r) {
        StringBuilder b = new StringBuilder(160);
        b.append(r.id()).append(',');
        quoted(b, r.linkedId().value()).append(',');
        b.append(r.sequence()).append(',');
        party(b, r.a()).append(',');
        party(b, r.b()).append(',');
        b.append(r.startMillis()).append(',');
        if (r.answered()) {
            b.append(r.answerMillis());
        }
        b.append(',').append(r.endMillis()).append(',').append(r.durationMillis()).append(',')
                .append(r.billableMillis()).append(',').append(r.disposition()).append(',');
        if (r.cause() != null) {
            b.append(r.cause());
        }
        return b.toString();
    }

    private static StringBuilder party(StringBuilder b, CallParty p) {
        if (p == null) {
            return b.append(',');
        }
        quoted(b, p.name()).append(',');
        return quoted(b, p.id().value());
    }

    private static StringBuilder quoted(StringBuilder b, String s) {
        return b.append('"').append(LogText.escape(s).replace("\"", "\"\"")).append('"');
    }
}
