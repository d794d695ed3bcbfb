package org.strowger.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.Strowger;

@Timeout(60)
class PinnedLoopPoolTest {
    @Test
    void aCoreOnPinnedLoopsForwardsEveryFrameAndEndsClean() throws Exception {
        PinnedLoopPool pool = new PinnedLoopPool(2);
        BridgeBenchTech tech = new BridgeBenchTech();
        ChannelCore core = Strowger.builder().pool(pool).tech(tech).localChannels(false).build();
        try {
            List<BridgeFixtures.Pair> pairs = BridgeFixtures.pairs(core, tech, 50);
            VoiceFrame frame = new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0);
            for (int k = 0; k < 16; k++) {
                for (BridgeFixtures.Pair p : pairs) {
                    p.ta().sink.receive(frame);
                }
            }
            BridgeFixtures.await(() -> tech.written.sum() == 50 * 16, "every frame written");
            long dropped = 0;
            for (BridgeFixtures.Pair p : pairs) {
                dropped += p.a().mediaFramesDropped() + p.b().mediaFramesDropped();
                assertEquals(16, p.tb().writes, "each side B got its pair's frames");
            }
            assertEquals(0, dropped);
            BridgeFixtures.hangupAll(core, pairs.stream().map(BridgeFixtures.Pair::a).toArray(Channel[]::new));
            assertEquals(0, core.channelCount());
            assertEquals(100, tech.closed.get());
        } finally {
            core.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
            pool.shutdown();
        }
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }

    @Test
    void workSubmittedFromALoopStaysOnThatLoop() throws Exception {
        PinnedLoopPool pool = new PinnedLoopPool(2);
        try {
            for (int i = 0; i < 100; i++) {
                CompletableFuture<Thread> outer = new CompletableFuture<>();
                CompletableFuture<Thread> inner = new CompletableFuture<>();
                pool.execute(() -> {
                    outer.complete(Thread.currentThread());
                    pool.execute(() -> inner.complete(Thread.currentThread()));
                });
                Thread t = outer.get(10, TimeUnit.SECONDS);
                assertTrue(t.getName().startsWith("pinned-loop-"));
                assertSame(t, inner.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aParkedLoopIsWokenByEverySubmission() throws Exception {
        PinnedLoopPool pool = new PinnedLoopPool(1);
        try {
            for (int i = 0; i < 200; i++) {
                if (i % 20 == 0) {
                    Thread.sleep(5); // long enough for the loop to stop spinning and park
                }
                CompletableFuture<Void> ran = new CompletableFuture<>();
                pool.execute(() -> ran.complete(null));
                ran.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }
}
