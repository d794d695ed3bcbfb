package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.core.exec.TestPools.ManualPool;

/**
 * A media lane whose consumer does not run: it grows to eight times its capacity, then producers drop the newest;
 * the depth it reports is bounded by the capacity, and closing discards the backlog.
 */
class StalledMediaLaneTest {
    private final ManualPool pool = new ManualPool();
    private final SerialExecutor ex = new SerialExecutor(new ExecutorSettings(pool, 32, 4), "stalled", true);
    private final List<Integer> ran = new ArrayList<>();

    private void offer(int from, int to) {
        for (int i = from; i < to; i++) {
            int n = i;
            assertTrue(ex.executeMedia(() -> ran.add(n)), "an open executor accepts (or counts) every frame");
        }
    }

    @Test
    void growsToEightTimesItsCapacityThenDropsTheNewest() {
        offer(0, 32);
        assertEquals(28, ex.mediaDropped(), "the excess over the capacity counts as dropped at once");
        offer(32, 35);
        assertEquals(31, ex.mediaDropped(), "beyond 8 x 4 the newest are dropped at the door");
        ex.release();
        pool.runAll();
        assertEquals(List.of(28, 29, 30, 31), ran, "the newest frames that got in are the ones that run");
        assertEquals(31, ex.mediaDropped());
    }

    @Test
    void queueDepthCountsControlUpToTheLimitPlusMediaUpToTheCapacity() {
        for (int i = 0; i < 10; i++) {
            ex.execute(() -> { });
        }
        offer(0, 6);
        assertEquals(10 + 4, ex.queueDepth(100));
        assertEquals(3 + 4, ex.queueDepth(3), "the control walk stops at the limit");
    }

    @Test
    void closingDiscardsTheBacklogAndLeavesNothingQueued() {
        offer(0, 10);
        ex.execute(() -> ran.add(-1));
        ex.close();
        ex.release();
        pool.runAll();
        assertEquals(List.of(), ran, "nothing runs on a closed executor");
        assertEquals(0, ex.queueDepth(100), "media discarded by the close leaves the lane empty");
    }
}
