package org.strowger.api;

/**
 * Thrown by {@code get()} / {@code join()} on a future returned by the core when the calling thread is running a
 * channel or bridge executor. Blocking there would stall every entity sharing the pool thread and can deadlock; use
 * the asynchronous methods of {@link java.util.concurrent.CompletionStage} instead.
 */
public class BlockingOnOwnerThreadException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BlockingOnOwnerThreadException(String message) {
        super(message);
    }
}
