package org.strowger.api;

import java.util.List;
import org.strowger.api.cdr.CallRecordMetrics;
import org.strowger.api.event.SubscriptionStats;

/**
 * A picture of a core's load and health, computed on demand by {@link ChannelCore#metrics()}: counters (exact each,
 * not one atomic cut) and gauges summed over the live channels (a weakly consistent iteration, like
 * {@link ChannelCore#channels()}). Plain values, for any metrics system to export.
 *
 * @param stats the channel counters, callback faults and stalls ({@link ChannelCore#stats()})
 * @param bridgesLive bridges created and not yet destroyed
 * @param bridgesCreated bridges ever created
 * @param mediaFramesDropped voice and video frames dropped by full media lanes, of every channel and bridge ever
 *     (the control lane never drops: it carries signalling, DTMF and commands and is unbounded)
 * @param queueDepthTotal tasks waiting in the executors of the live channels now, summed (both lanes)
 * @param queueDepthMax the most tasks waiting in one live channel's executor now
 * @param eventsPublished events built and queued for at least one subscriber (events nobody subscribed to are never
 *     built)
 * @param subscriptions each open subscription's counters, including events dropped for it
 * @param timestampMillis when this was computed, on the core's clock
 * @param callRecords the call-record counters: records produced, and per sink delivered, overflowed, failed and
 *     given to the fallback ({@link CallRecordMetrics#NONE} for a core without sinks)
 */
public record CoreMetrics(CoreStats stats, long bridgesLive, long bridgesCreated, long mediaFramesDropped,
        long queueDepthTotal, int queueDepthMax, long eventsPublished, List<SubscriptionStats> subscriptions,
        long timestampMillis, CallRecordMetrics callRecords) {
    public CoreMetrics {
        subscriptions = List.copyOf(subscriptions);
        if (callRecords == null) {
            callRecords = CallRecordMetrics.NONE;
        }
    }

    /** Metrics of a core without call-record sinks. */
    public CoreMetrics(CoreStats stats, long bridgesLive, long bridgesCreated, long mediaFramesDropped,
            long queueDepthTotal, int queueDepthMax, long eventsPublished, List<SubscriptionStats> subscriptions,
            long timestampMillis) {
        this(stats, bridgesLive, bridgesCreated, mediaFramesDropped, queueDepthTotal, queueDepthMax, eventsPublished,
                subscriptions, timestampMillis, CallRecordMetrics.NONE);
    }
}
