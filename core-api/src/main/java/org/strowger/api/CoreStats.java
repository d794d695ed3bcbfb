package org.strowger.api;

/**
 * Counters of a core, read without locks (each value is exact; the set is not one atomic cut).
 *
 * @param channelsLive channels created and not yet destroyed
 * @param channelsCreated channels ever created
 * @param channelsDestroyed channels ever destroyed
 * @param channelsRejected channel creations refused (limits, unknown or draining tech, shutdown, duplicate id)
 * @param callbackFaults tech or application callbacks that threw
 * @param stalls executor batches reported by the stall watchdog
 */
public record CoreStats(long channelsLive, long channelsCreated, long channelsDestroyed, long channelsRejected,
        long callbackFaults, long stalls) {
}
