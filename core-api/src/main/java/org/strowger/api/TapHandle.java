package org.strowger.api;

import java.util.concurrent.CompletionStage;

/** A tap on a channel, as returned by {@link Channel#addTap}. Thread-safe. */
public interface TapHandle {
    /**
     * Takes the tap off its channel; its {@code onClose(REMOVED)} runs unless the tap was already closed. Completes
     * normally either way (idempotent).
     */
    CompletionStage<Void> remove();
}
