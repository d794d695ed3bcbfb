package org.strowger.core.exec;

import org.strowger.core.WorkerPool;

/**
 * Shared by all executors of one core: the pool, the batch size and the media-lane capacity.
 *
 * @param pool where executors run
 * @param throughput tasks per batch before the executor yields its pool thread (>= 1)
 * @param mediaCapacity media-lane capacity in frames, >= 2 (the builder rounds a channel's up to a power of two)
 */
public record ExecutorSettings(WorkerPool pool, int throughput, int mediaCapacity) {
    public ExecutorSettings {
        if (throughput < 1 || mediaCapacity < 2) {
            throw new IllegalArgumentException("throughput >= 1 and a media capacity >= 2");
        }
    }
}
