package org.strowger.core.channel;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Cancellable;
import org.strowger.api.InvalidArgumentException;
import org.strowger.core.CoreScheduler;
import org.strowger.core.exec.Contained;
import org.strowger.core.exec.Rejectable;
import org.strowger.core.exec.SerialExecutor;
import org.strowger.core.log.LogText;
import org.strowger.core.runtime.CoreRuntime;
import org.strowger.spi.TechExecutor;

/*
 * One executor a tech asked for (TechContext.newExecutor): a SerialExecutor on the core's pool, labelled
 * "tech <name> <label>" so that stall reports and log lines name it, behind the tech's gate (TechExecutors). Each task
 * is wrapped: what it throws is contained, logged once with the label and counted as a callback fault, and the
 * executor carries on. The wrapper also counts the task out: the first task queued on an idle executor marks it busy
 * on the gate and the last one run marks it idle, which is how the gate learns that the tech's executors are drained.
 * A timer's firing only posts to the executor through the same gate, so a firing after the close began is refused like
 * any late task; a CAS between the firing and cancel() makes it run at most once, and never after a true cancel().
 */
final class TechExecutorImpl implements TechExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(TechExecutorImpl.class);
    private static final Duration MAX_DELAY = Duration.ofHours(24);

    private final SerialExecutor executor;
    private final TechExecutors gate;
    private final CoreRuntime rt;
    private final String label;
    private final AtomicInteger pending = new AtomicInteger();

    /** @param label the executor's name, already escaped */
    TechExecutorImpl(CoreRuntime rt, TechExecutors gate, String label) {
        this.rt = rt;
        this.gate = gate;
        this.label = label;
        this.executor = new SerialExecutor(rt.executors(), label);
    }

    @Override
    public boolean execute(Runnable task) {
        if (task == null) {
            throw new InvalidArgumentException("task must not be null");
        }
        return queue(task);
    }

    @Override
    public boolean inExecutor() {
        return executor.inExecutor();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (delay == null || delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new InvalidArgumentException("delay must be 0 .. 24 h");
        }
        if (task == null) {
            throw new InvalidArgumentException("task must not be null");
        }
        Timer timer = new Timer(task);
        if (gate.isOpen()) {
            timer.start(delay.toNanos());
        } else {
            timer.pending.set(false); // closed: a handle whose task never runs
        }
        return timer;
    }

    @Override
    public String toString() {
        return label;
    }

    /** Counts the task in, then queues it unless the gate is closing; false (and counted out) if refused. */
    private boolean queue(Runnable task) {
        if (pending.getAndIncrement() == 0) {
            gate.busy();
        }
        if (!gate.isOpen() || !executor.execute(new Task(task))) {
            done();
            return false;
        }
        return true;
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            gate.idle();
        }
    }

    /** A queued task: contains what it throws, and counts itself out once it ran or was rejected. */
    private final class Task implements Runnable, Rejectable {
        private final Runnable task;

        Task(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                Throwable t = Contained.run(task);
                if (t != null) {
                    rt.faults().increment();
                    LOG.warn("{}: a task threw {}; the executor carries on", label, LogText.escape(String.valueOf(t)));
                    LOG.debug("{}: stack of the fault", label, LogText.loggable(t));
                }
            } finally {
                done();
            }
        }

        @Override
        public void reject() {
            done();
        }
    }

    /** A task scheduled on the core's clock; its firing posts to the executor. */
    private final class Timer implements Cancellable {
        final AtomicBoolean pending = new AtomicBoolean(true);
        private final Runnable task;
        private volatile CoreScheduler.Cancellable scheduled;

        Timer(Runnable task) {
            this.task = task;
        }

        void start(long delayNanos) {
            gate.track(this);
            try {
                scheduled = rt.scheduler().schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException schedulerStopped) {
                cancel(); // the core's timer is shut down (the core is gone): the task never runs
            }
        }

        /** On the scheduler's thread: only posts. */
        private void fire() {
            if (pending.get() && !queue(this::runOnExecutor) && pending.compareAndSet(true, false)) {
                gate.untrack(this); // refused: the executor is closing
            }
        }

        private void runOnExecutor() {
            assert executor.inExecutor();
            if (pending.compareAndSet(true, false)) {
                gate.untrack(this);
                task.run();
            }
        }

        @Override
        public boolean cancel() {
            if (!pending.compareAndSet(true, false)) {
                return false;
            }
            gate.untrack(this);
            CoreScheduler.Cancellable s = scheduled;
            if (s != null) {
                s.cancel();
            }
            return true;
        }
    }
}
