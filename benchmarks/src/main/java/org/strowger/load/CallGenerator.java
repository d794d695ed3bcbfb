package org.strowger.load;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Offers calls at a fixed rate: every 10 ms on the network thread it starts as many calls as the rate says are due
 * since the start, unless the live calls are at the concurrency limit (then the due call is not offered, and counted
 * as throttled).
 */
final class CallGenerator {
    private final CallLauncher launcher;
    private final LoadTech tech;
    private final double perSecond;
    private final int concurrency;
    private volatile long offered;
    private volatile long throttled;
    private long start;
    private ScheduledFuture<?> task;

    CallGenerator(CallLauncher launcher, LoadTech tech, double perSecond, int concurrency) {
        this.launcher = launcher;
        this.tech = tech;
        this.perSecond = perSecond;
        this.concurrency = concurrency;
    }

    void start(ScheduledExecutorService network) {
        start = System.nanoTime();
        task = network.scheduleAtFixedRate(this::tick, 0, 10, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void tick() {
        long due = (long) (perSecond * (System.nanoTime() - start) / 1e9);
        long done = offered + throttled;
        for (long i = done; i < due; i++) {
            if (tech.liveCalls() >= concurrency) {
                throttled++;
            } else {
                launcher.launchOne();
                offered++;
            }
        }
    }

    /** Calls started. */
    long offered() {
        return offered;
    }

    /** Calls not started because the concurrency limit was reached. */
    long throttled() {
        return throttled;
    }
}
