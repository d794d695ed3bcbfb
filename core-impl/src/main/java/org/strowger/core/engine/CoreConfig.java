package org.strowger.core.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.strowger.api.CreationRate;
import org.strowger.api.InboundCallHandler;
import org.strowger.api.media.MediaSource;
import org.strowger.core.CoreScheduler;
import org.strowger.core.StallReport;
import org.strowger.core.WorkerPool;
import org.strowger.core.cdr.CallRecords;
import org.strowger.spi.Codec;

/**
 * What {@code Strowger.Builder} configured, checked already.
 *
 * @param ownsPool shut the pool down with the core
 * @param ownsScheduler shut the scheduler down with the core
 * @param creationRate the creation rate, or null for none
 * @param stallListener null for none
 * @param inboundHandler null: inbound calls are rejected
 * @param idPrefix null: random
 * @param codecs codecs besides the built-in ones and those ServiceLoader finds
 * @param musicOnHold null for none
 */
public record CoreConfig(WorkerPool pool, boolean ownsPool, CoreScheduler scheduler, boolean ownsScheduler,
        int throughput, int mediaCapacity, int maxChannels, CreationRate creationRate,
        Map<String, Integer> usageLimits, long stallBudgetNanos, Consumer<StallReport> stallListener,
        InboundCallHandler inboundHandler, String idPrefix, List<CallRecords.Registration> callRecordSinks,
        List<Codec> codecs, MediaSource musicOnHold) {
    public CoreConfig {
        usageLimits = Map.copyOf(usageLimits);
        callRecordSinks = List.copyOf(callRecordSinks);
        codecs = List.copyOf(codecs);
    }
}
