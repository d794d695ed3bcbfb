package org.strowger.core;

/**
 * Shared by all executors of one core: the pool, the batch size and the media-lane capacity.
 *
 * @param pool where executors run
 * @param throughput tasks per batch before the executor yields its pool thread (>= 1)
 * @param mediaCapacity media-lane capacity in frames (>= 2)
 */
record ExecutorSettings(WorkerPool pool, int throughput, int mediaCapacity) {
}
