package org.strowger.load;

/**
 * One second of a run, as the monitor saw it.
 *
 * @param elapsedSeconds since the load started
 * @param liveCalls calls with a live Fake channel
 * @param liveChannels live channels of the core (Local included)
 * @param setupsPerSecond calls started in this second
 * @param framesPerSecond frames written to Fake channels in this second
 * @param p99HopMillis hop latency p99 of this second's samples (-1: none)
 * @param heapMb heap used now
 */
record Sample(double elapsedSeconds, int liveCalls, int liveChannels, double setupsPerSecond, double framesPerSecond,
        double p99HopMillis, double heapMb) {
}
