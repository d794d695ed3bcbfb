package org.strowger.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import org.strowger.core.WorkerPool;

/**
 * The other pool design DESIGN.md section 3 asks to compare with the default work-stealing pool: {@code n} pinned,
 * single-thread event loops, no stealing, with co-location by affinity. Kept in the benchmarks (it plugs in through
 * the public {@code Strowger.builder().pool(..)}) until it wins somewhere.
 *
 * <p>Placement. A task submitted <em>from one of the loops</em> runs on that loop, queued on a plain
 * {@link ArrayDeque} with no atomic operation and no wake-up: a channel executor that forwards a frame to its bridge
 * peer makes the peer runnable on its own loop, so both halves of a bridge run on one thread and a forward is a
 * same-thread hand-off. A task submitted from any other thread (a network thread, a timer) goes to the loop its
 * identity hash picks, the same loop every time for the same executor, through that loop's MPSC inbox. A busy loop's
 * work waits for it; an idle loop never takes work from a busy one.
 *
 * <p>Idle. A loop that finds its deque and inbox empty polls its inbox {@value #SPINS} more times, then announces
 * that it is parking, re-checks the inbox (a submitter offers, then reads the flag: no lost wake-up) and parks; the
 * one submitter that clears the flag by CAS unparks it (one unpark, a system call, per park however many submit).
 */
public final class PinnedLoopPool implements WorkerPool {
    private static final int SPINS = 64;
    private final Loop[] loops;
    private volatile boolean shutdown;

    public PinnedLoopPool(int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be >= 1, was " + loops);
        }
        this.loops = new Loop[loops];
        for (int i = 0; i < loops; i++) {
            this.loops[i] = new Loop(this, "pinned-loop-" + i);
        }
        for (Loop l : this.loops) {
            l.start();
        }
    }

    /** One loop per available processor, as the default pool has one worker per processor. */
    public static PinnedLoopPool perProcessor() {
        return new PinnedLoopPool(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("pool shut down");
        }
        if (Thread.currentThread() instanceof Loop l && l.pool == this) {
            l.local.addLast(task);
            return;
        }
        loops[(System.identityHashCode(task) & 0x7fff_ffff) % loops.length].offer(task);
    }

    @Override
    public void shutdown() {
        shutdown = true;
        for (Loop l : loops) {
            l.parked = false;
            LockSupport.unpark(l);
        }
    }

    /** One event loop: its own deque first, then its inbox. */
    private static final class Loop extends Thread {
        private static final VarHandle PARKED;

        static {
            try {
                PARKED = MethodHandles.lookup().findVarHandle(Loop.class, "parked", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final PinnedLoopPool pool;
        final ArrayDeque<Runnable> local = new ArrayDeque<>(256);
        final MpscUnboundedAtomicArrayQueue<Runnable> inbox = new MpscUnboundedAtomicArrayQueue<>(1024);
        volatile boolean parked;

        Loop(PinnedLoopPool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        void offer(Runnable task) {
            inbox.offer(task);
            if (parked && PARKED.compareAndSet(this, true, false)) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            int idle = 0;
            while (true) {
                Runnable task = local.pollFirst();
                if (task == null) {
                    task = inbox.poll();
                }
                if (task != null) {
                    idle = 0;
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        // executors catch their tasks' failures; anything reaching here is reported, and the loop goes on
                        e.printStackTrace();
                    }
                    continue;
                }
                if (pool.shutdown) {
                    return;
                }
                if (!inbox.isEmpty()) {
                    continue; // an element is being published: poll again
                }
                if (++idle < SPINS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (inbox.isEmpty() && !pool.shutdown) {
                    LockSupport.park(this);
                }
                parked = false;
                idle = 0;
            }
        }
    }
}
