package org.strowger.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.NoSuchChannelException;

/**
 * How the call mix's steps ended, counted by name ({@code dial.ANSWERED}, {@code blind.failed.WRONG_STATE}, ...).
 * Under random hang-ups from both sides many steps fail legitimately (a transfer whose transferer just hung up); these
 * counts show the mix did what it should, they are not errors of the core.
 */
final class OutcomeCounters {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String name) {
        counts.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    /** Counts {@code step + ".failed." + reason}, the reason taken from a core exception. */
    void failed(String step, Throwable t) {
        count(step + ".failed." + reason(t));
    }

    /** Counts a dial's outcome, with the reason of a failed hand-over ({@code FAILED.legs} if every leg failed). */
    void dial(String step, org.strowger.api.dial.DialResult r) {
        if (r.outcome() == org.strowger.api.dial.DialOutcome.FAILED) {
            count(step + ".FAILED." + (r.failure() == null ? "legs" : reason(r.failure())));
        } else {
            count(step + "." + r.outcome());
        }
    }

    long get(String name) {
        LongAdder a = counts.get(name);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    static String reason(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CommandRejectedException r) {
            return r.reason().name();
        }
        if (t instanceof NoSuchChannelException n) {
            return "NO_SUCH_CHANNEL_" + n.reason().name();
        }
        return t.getClass().getSimpleName();
    }
}
