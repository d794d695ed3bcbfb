package org.strowger.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;

/**
 * The {@code media-10k} preset's calls: {@code pairs} two-party bridges of Fake channels that answer at once and
 * never hang up by themselves, built 500 at a time. Once answered each channel gets the pacer's 50 frames/s.
 */
final class MediaPairs {
    private MediaPairs() {
    }

    /** Builds the pairs; returns how many channels joined. Runs on the driver's main thread (not an executor). */
    static int build(ChannelCore core, int pairs, OutcomeCounters outcomes) throws Exception {
        int joined = 0;
        for (int from = 0; from < pairs; from += 500) {
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            for (int i = from; i < Math.min(pairs, from + 500); i++) {
                Channel a = core.request(OutboundRequest.of(LoadTech.NAME, "m" + i + "a-a0"));
                Channel b = core.request(OutboundRequest.of(LoadTech.NAME, "m" + i + "b-a0").withRequester(a));
                Bridge bridge = core.createBridge(BridgeOptions.call());
                for (Channel c : new Channel[] {a, b}) {
                    joins.add(c.call().thenCompose(v -> bridge.join(c, JoinOptions.HANG_UP_AFTER))
                            .toCompletableFuture());
                }
                outcomes.count("call.media-pair");
            }
            CompletableFuture.allOf(joins.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            joined += joins.size();
        }
        return joined;
    }
}
