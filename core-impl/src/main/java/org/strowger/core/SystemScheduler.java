package org.strowger.core;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The real clock: {@link System#nanoTime()} and one daemon timer thread whose tasks only post messages. */
final class SystemScheduler implements CoreScheduler {
    private final ScheduledThreadPoolExecutor timer;

    SystemScheduler() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "strowger-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> f = timer.schedule(task, delay, unit);
        return () -> f.cancel(false);
    }

    @Override
    public void shutdown() {
        timer.shutdownNow();
    }
}
