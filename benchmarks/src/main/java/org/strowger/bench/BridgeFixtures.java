package org.strowger.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeOptions;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OutboundRequest;

/** Builds answered channels of {@link BridgeBenchTech} and two-party bridges of them, through the public API only. */
public final class BridgeFixtures {
    private BridgeFixtures() {
    }

    /** A two-party call: a and b in one call bridge, both told their peer. */
    public record Pair(Channel a, Channel b, BridgeBenchTech.BenchChannel ta, BridgeBenchTech.BenchChannel tb,
            Bridge bridge) {
    }

    /** Builds {@code n} bridged pairs, {@code chunk} at a time in flight, and waits until every member knows its peer. */
    public static List<Pair> pairs(ChannelCore core, BridgeBenchTech tech, int n) {
        List<Pair> out = new ArrayList<>(n);
        int chunk = 500;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            List<Channel[]> chans = new ArrayList<>();
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = from; i < to; i++) {
                Channel a = core.request(OutboundRequest.of(BridgeBenchTech.NAME, "a" + i));
                Channel b = core.request(OutboundRequest.of(BridgeBenchTech.NAME, "b" + i));
                calls.add(a.call().toCompletableFuture());
                calls.add(b.call().toCompletableFuture());
                chans.add(new Channel[] {a, b});
            }
            CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).join();
            List<CompletableFuture<?>> joins = new ArrayList<>();
            List<Bridge> bridges = new ArrayList<>();
            for (Channel[] p : chans) {
                Bridge br = core.createBridge(BridgeOptions.call());
                bridges.add(br);
                joins.add(br.join(p[0], JoinOptions.HANG_UP_AFTER).toCompletableFuture());
                joins.add(br.join(p[1], JoinOptions.HANG_UP_AFTER).toCompletableFuture());
            }
            CompletableFuture.allOf(joins.toArray(new CompletableFuture[0])).join();
            for (int k = 0; k < chans.size(); k++) {
                Channel a = chans.get(k)[0];
                Channel b = chans.get(k)[1];
                out.add(new Pair(a, b, tech.channel(a.id()), tech.channel(b.id()), bridges.get(k)));
            }
        }
        // the join stages complete when the bridge has activated the member; the peer is set by a following task
        for (Pair p : out) {
            await(() -> p.ta().inBridge && p.tb().inBridge, "pair bridged");
        }
        return out;
    }

    /** Hangs up the channels and waits until the core has none left. */
    public static void hangupAll(ChannelCore core, Channel... channels) {
        for (Channel c : channels) {
            c.hangup(HangupCause.NORMAL_CLEARING);
        }
        await(() -> core.channelCount() == 0, "channels destroyed");
    }

    /** Spins (then yields) until the condition holds; fails after 30 s. */
    public static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int i = 0; !done.getAsBoolean(); i++) {
            Backoff.pause(i);
            if ((i & 1023) == 0 && System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
        }
    }

    /** Spins (then yields) until the stage is done and returns its value. */
    public static <T> T spinJoin(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        for (int i = 0; !f.isDone(); i++) {
            Backoff.pause(i);
        }
        return f.join();
    }
}
