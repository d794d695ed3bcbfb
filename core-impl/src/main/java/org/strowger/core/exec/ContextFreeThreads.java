package org.strowger.core.exec;

import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Creates the core's threads with an empty slf4j MDC. A new thread inherits its creator's inheritable thread locals,
 * and common MDC adapters keep the context in one; the pools create workers on demand from whichever thread submits
 * work, often a pool thread inside a channel's batch, so without this a new worker would carry that channel's id into
 * every log line and completion it runs outside a batch. The creator's context is set aside for the construction and
 * put back after it.
 */
final class ContextFreeThreads {
    private ContextFreeThreads() {
    }

    static <T extends Thread> T create(Supplier<T> constructor) {
        Map<String, String> creator = MDC.getCopyOfContextMap();
        if (creator == null || creator.isEmpty()) {
            return constructor.get();
        }
        MDC.clear();
        try {
            return constructor.get();
        } finally {
            MDC.setContextMap(creator);
        }
    }
}
