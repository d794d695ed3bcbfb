package org.strowger.core.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Cancellable;
import org.strowger.core.CoreScheduler;
import org.strowger.core.log.LogText;

/*
 * The real clock and the core's timer: System.nanoTime() and one daemon timer thread whose tasks only post messages.
 *
 * Design: scheduling and cancelling never lock or wait on the caller's thread, because the callers are mostly pool
 * threads (a mixing bridge reschedules its 20 ms tick from its executor, every dial arms and cancels timeouts). A
 * JDK ScheduledThreadPoolExecutor, used first, takes a ReentrantLock in its delay queue on every schedule and cancel;
 * the soak's BlockHound run caught pool threads parking on it. Here a caller appends the timer to a lock-free inbox
 * and, only if the timer thread is asleep until a later instant, drops a wake-up token into a LinkedTransferQueue
 * (a lock-free offer that unparks the sleeper). The timer thread owns a TimerHeap: it moves the inbox into the heap,
 * runs what is due, publishes when it will next wake, re-checks the inbox, and sleeps in the token queue's timed
 * poll until then. Publishing the wake-up instant before the re-check, and a caller appending before it reads that
 * instant, means one of the two always sees the other (no lost wake-up). Under load the next deadline is usually
 * earlier than a new one (another bridge's tick), so most schedules cost one queue append and no wake-up.
 * A cancel marks the timer and sends a removal through the same inbox, so the heap drops it at once.
 */
public final class SystemScheduler implements CoreScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);
    /** How long the timer thread sleeps with nothing pending; a new timer wakes it earlier. */
    private static final long IDLE_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Delays are capped here (about 146 years), so a deadline never overflows. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 1;
    private static final Object WAKE = new Object();

    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final LinkedTransferQueue<Object> wakeUps = new LinkedTransferQueue<>();
    private final TimerHeap heap = new TimerHeap();
    private volatile boolean sleeping;
    private volatile long wakeAt;
    private volatile boolean stopped;

    public SystemScheduler() {
        Thread thread = ContextFreeThreads.create(() -> new Thread(this::loop, "strowger-timer"));
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    /**
     * @throws RejectedExecutionException if the scheduler is shut down
     */
    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        if (task == null || unit == null) {
            throw new NullPointerException("task and unit must not be null");
        }
        if (stopped) {
            throw new RejectedExecutionException("the core's timer is shut down");
        }
        long deadline = System.nanoTime() + Math.min(Math.max(0, unit.toNanos(delay)), MAX_DELAY_NANOS);
        Scheduled s = new Scheduled(deadline, task);
        inbox.offer(s);
        if (sleeping && deadline - wakeAt < 0) {
            wakeUps.offer(WAKE);
        }
        return s;
    }

    /** Stops the timer thread; pending timers are discarded and later schedules refused. Any thread. */
    @Override
    public void shutdown() {
        stopped = true;
        wakeUps.offer(WAKE);
    }

    // ---- the timer thread ----

    private void loop() {
        while (!stopped) {
            sleeping = false;
            moveInbox();
            long now = System.nanoTime();
            runDue(now);
            TimerHeap.Timer next = heap.peek();
            long sleep = next == null ? IDLE_SLEEP_NANOS : next.deadline - now;
            if (sleep <= 0) {
                continue;
            }
            wakeAt = now + sleep;
            sleeping = true;
            if (!inbox.isEmpty() || stopped) {
                continue;
            }
            sleepUpTo(sleep);
        }
        heap.clear();
        inbox.clear();
    }

    private void moveInbox() {
        for (Object o; (o = inbox.poll()) != null; ) {
            if (o instanceof Scheduled s) {
                heap.add(s);
            } else {
                heap.remove(((Removal) o).timer);
            }
        }
    }

    private void runDue(long now) {
        for (TimerHeap.Timer t = heap.peek(); t != null && t.deadline - now <= 0; t = heap.peek()) {
            heap.poll();
            Scheduled s = (Scheduled) t;
            if (s.claim()) {
                try {
                    s.task.run();
                } catch (Throwable e) {
                    LOG.error("a timer task threw; the timer carries on", LogText.loggable(e));
                }
            }
        }
    }

    /** The timer thread's only wait: a timed poll of the wake-up tokens, on its own thread, never a pool thread's. */
    private void sleepUpTo(long nanos) {
        try {
            wakeUps.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // nothing in the core interrupts the timer; shutdown() is how it stops
        }
        wakeUps.clear();
    }

    /** A pending timer; also the handle its scheduler returns. */
    private final class Scheduled extends TimerHeap.Timer implements Cancellable {
        private static final int PENDING = 0;
        private static final int DONE = 1;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Scheduled.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Runnable task;
        private volatile int state;

        Scheduled(long deadline, Runnable task) {
            super(deadline);
            this.task = task;
        }

        /** The timer thread takes the right to run the task; false if it was cancelled first. */
        boolean claim() {
            return STATE.compareAndSet(this, PENDING, DONE);
        }

        @Override
        public boolean cancel() {
            if (!STATE.compareAndSet(this, PENDING, DONE)) {
                return false;
            }
            inbox.offer(new Removal(this));
            return true;
        }
    }

    private record Removal(TimerHeap.Timer timer) {
    }
}
