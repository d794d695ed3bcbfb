package org.strowger.randomops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.NoSuchBridgeException;
import org.strowger.api.NoSuchChannelException;
import org.strowger.api.StrowgerException;
import org.strowger.testkit.FakeTech;

/**
 * Every {@link CompletionStage} the soak got from the core, from issue to completion, and every exception the core
 * threw at once. A stage is pending until it completes; its outcome is counted under its label ("ok", a rejection's
 * reason, the exception's kind). An outcome that is not a documented one (a {@link CommandRejectedException}, a
 * {@link NoSuchChannelException}, a {@link NoSuchBridgeException}, or a plain {@link StrowgerException} caused by a
 * fake tech fault) is kept with its stack trace. Thread-safe and lock-free on the completing side: completions run on
 * the core's pool.
 */
final class StageLedger {
    /** A stage not completed yet. {@code awaitsEvent}: it may wait for a hang-up (a transfer's outcome). */
    record Pending(String label, String detail, long issuedNanos, String thread, boolean awaitsEvent) {
        String describe(long now) {
            return String.format("%s [%s] issued %d ms ago on %s", label, detail, (now - issuedNanos) / 1_000_000,
                    thread);
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();
    private final Queue<String> undocumented = new ConcurrentLinkedQueue<>();
    private final LongAdder undocumentedCount = new LongAdder();
    final LongAdder tracked = new LongAdder();

    /** Tracks a stage that must complete by itself (a command). Returns it. */
    <T> CompletionStage<T> track(String label, String detail, CompletionStage<T> stage) {
        return track(label, detail, stage, false);
    }

    /** Tracks a stage that may wait for a hang-up before it completes (an attended transfer's outcome). */
    <T> CompletionStage<T> trackEventual(String label, String detail, CompletionStage<T> stage) {
        return track(label, detail, stage, true);
    }

    private <T> CompletionStage<T> track(String label, String detail, CompletionStage<T> stage, boolean eventual) {
        long id = ids.incrementAndGet();
        tracked.increment();
        pending.put(id, new Pending(label, detail, System.nanoTime(), Thread.currentThread().getName(), eventual));
        stage.whenComplete((v, error) -> {
            count(label, error == null ? "ok" : classify(label, detail, unwrap(error)));
            pending.remove(id);
        });
        return stage;
    }

    /** An exception thrown at once by an API call. */
    void thrown(String label, String detail, RuntimeException e) {
        count(label, "thrown " + classify(label, detail, e));
    }

    /** Something that is not an outcome of a command but must not happen (a check of the soak's own). */
    void problem(String what) {
        undocumentedCount.increment();
        if (undocumented.size() < 50) {
            undocumented.add(what);
        }
    }

    /** Counts an outcome that is no stage (a far-end action, a skipped choice). */
    void count(String label, String outcome) {
        outcomes.computeIfAbsent(label, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    private String classify(String label, String detail, Throwable t) {
        if (t instanceof CommandRejectedException r) {
            return r.reason().toString();
        }
        if (t instanceof NoSuchChannelException n) {
            return "NoSuchChannel " + n.reason();
        }
        if (t instanceof NoSuchBridgeException) {
            return "NoSuchBridge";
        }
        if (t.getClass() == StrowgerException.class && t.getCause() instanceof FakeTech.FakeFault) {
            return "tech fault";
        }
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        String[] lines = trace.toString().split("\\R");
        problem(label + " [" + detail + "] failed with an undocumented "
                + String.join("\n", java.util.Arrays.copyOf(lines, Math.min(lines.length, 30))));
        return "UNDOCUMENTED " + t.getClass().getSimpleName();
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Pending stages that must complete by themselves. */
    long pendingCommands() {
        return pending.values().stream().filter(p -> !p.awaitsEvent()).count();
    }

    int pendingCount() {
        return pending.size();
    }

    /** The oldest pending stages (commands only, or all), described. */
    List<String> describePending(boolean commandsOnly, int max) {
        long now = System.nanoTime();
        return pending.values().stream().filter(p -> !commandsOnly || !p.awaitsEvent())
                .sorted(Comparator.comparingLong(Pending::issuedNanos)).limit(max).map(p -> p.describe(now)).toList();
    }

    /** Pending stages by label. */
    Map<String, Long> pendingByLabel(boolean commandsOnly) {
        Map<String, Long> out = new TreeMap<>();
        for (Pending p : pending.values()) {
            if (!commandsOnly || !p.awaitsEvent()) {
                out.merge(p.label(), 1L, Long::sum);
            }
        }
        return out;
    }

    long undocumentedCount() {
        return undocumentedCount.sum();
    }

    List<String> undocumented() {
        return new ArrayList<>(undocumented);
    }

    /** Outcomes by label, then by outcome, sorted; one line per label. */
    String summary() {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(outcomes).forEach((label, byOutcome) -> {
            Map<String, Long> sorted = new TreeMap<>();
            byOutcome.forEach((k, v) -> sorted.put(k, v.sum()));
            b.append("    ").append(label).append(": ").append(sorted).append('\n');
        });
        return b.toString();
    }

    /** How often {@code label} ended with {@code outcome}. */
    long outcomes(String label, String outcome) {
        Map<String, LongAdder> m = outcomes.get(label);
        LongAdder n = m == null ? null : m.get(outcome);
        return n == null ? 0 : n.sum();
    }

    /** Every label seen. */
    java.util.Set<String> labels() {
        return new java.util.TreeSet<>(outcomes.keySet());
    }
}
