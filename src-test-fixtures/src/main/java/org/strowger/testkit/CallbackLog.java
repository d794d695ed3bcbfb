package org.strowger.testkit;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The record of one channel's tech callbacks and of every breach of the SPI contract seen while recording: a
 * callback off the owner executor, anything after {@code close}, {@code hangup} or {@code close} twice, {@code close}
 * before {@code hangup}. Thread-safe.
 */
public final class CallbackLog {
    private final Queue<Callback> callbacks = new ConcurrentLinkedQueue<>();
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> counts =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    /** Records callback {@code name}; {@code onOwnerExecutor} is the sink's {@code inExecutor()} at that moment. */
    public void record(String name, Object argument, boolean onOwnerExecutor) {
        if (!onOwnerExecutor) {
            violations.add(name + " ran on " + Thread.currentThread().getName() + ", not on the owner executor");
        }
        if (count("close") > 0) {
            violations.add(name + " ran after close");
        }
        if ((name.equals("hangup") || name.equals("close")) && count(name) > 0) {
            violations.add(name + " ran twice");
        }
        if (name.equals("close") && count("hangup") == 0 && count("newChannel") > 0) {
            violations.add("close ran before hangup");
        }
        callbacks.add(new Callback(name, argument, Thread.currentThread().getName(), onOwnerExecutor));
        counts.computeIfAbsent(name, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    }

    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }

    public List<String> names() {
        return callbacks.stream().map(Callback::name).toList();
    }

    public long count(String name) {
        java.util.concurrent.atomic.AtomicLong n = counts.get(name);
        return n == null ? 0 : n.get();
    }

    /** The argument of the first callback named {@code name}, or null. */
    public Object argumentOf(String name) {
        return callbacks.stream().filter(c -> c.name().equals(name)).map(Callback::argument).findFirst().orElse(null);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }
}
