package org.strowger.api;

/**
 * Counters of a core, read without locks (each value is exact; the set is not one atomic cut).
 *
 * @param channelsLive channels created and not yet destroyed
 * @param channelsCreated channels ever created
 * @param channelsDestroyed channels ever destroyed
 * @param channelsRejected channel creations refused for any reason (limits, unknown or draining tech, shutdown,
 *     duplicate id); includes the three below
 * @param callbackFaults callbacks into a tech, an application, a frame tap or a bridge hook that threw
 * @param stalls executor batches reported by the stall watchdog
 * @param rejectedMaxChannels creations refused because the core's limit of live channels was reached
 *     ({@code LIMIT_REACHED})
 * @param rejectedRate creations refused by the creation rate ({@code RATE_LIMITED})
 * @param rejectedEndpointBusy creations refused because their endpoint was at its usage limit ({@code ENDPOINT_BUSY})
 */
public record CoreStats(long channelsLive, long channelsCreated, long channelsDestroyed, long channelsRejected,
        long callbackFaults, long stalls, long rejectedMaxChannels, long rejectedRate, long rejectedEndpointBusy) {

    /** Counters without the per-limit breakdown (all zero). */
    public CoreStats(long channelsLive, long channelsCreated, long channelsDestroyed, long channelsRejected,
            long callbackFaults, long stalls) {
        this(channelsLive, channelsCreated, channelsDestroyed, channelsRejected, callbackFaults, stalls, 0, 0, 0);
    }
}
