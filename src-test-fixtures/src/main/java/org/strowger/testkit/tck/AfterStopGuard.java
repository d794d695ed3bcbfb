package org.strowger.testkit.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.strowger.api.Cancellable;
import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.Frame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.TechExecutor;

/*
 * Catches work a tech does after its stop() returned: the recorder hands the tech, in place of what the core gave it,
 * sinks and executors that pass every call on unchanged, after noting it (the method, the channel or executor, the
 * thread and how long after stop) if stop() has returned by then. The core ignores such late calls, so without this
 * nothing would show them. At most KEPT notes are kept, with a count of the rest, so a thread that spins after stop
 * cannot fill the heap.
 */
final class AfterStopGuard {
    private static final int KEPT = 20;

    private final Queue<String> notes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile long stoppedAt;

    /** stop() has returned. */
    void stopped() {
        stoppedAt = System.nanoTime();
    }

    boolean isStopped() {
        return stoppedAt != 0;
    }

    /** Notes {@code call} if it comes after stop() returned. */
    void check(String call) {
        long at = stoppedAt;
        if (at != 0 && count.getAndIncrement() < KEPT) {
            notes.add(call + " was called on thread '" + Thread.currentThread().getName() + "' "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at)
                    + " ms after stop() returned: a tech must do no work after stop()");
        }
    }

    /** What was called after stop, the first {@value #KEPT} described and the rest counted. */
    List<String> violations() {
        List<String> out = new ArrayList<>(notes);
        int more = count.get() - out.size();
        if (more > 0) {
            out.add("... and " + more + " more calls after stop()");
        }
        return out;
    }

    ChannelSink sink(ChannelSink sink) {
        return new Sink(sink);
    }

    TechExecutor executor(TechExecutor executor, String label) {
        return new Executor(executor, label);
    }

    private final class Sink implements ChannelSink {
        private final ChannelSink sink;

        Sink(ChannelSink sink) {
            this.sink = sink;
        }

        private void check(String method) {
            AfterStopGuard.this.check("ChannelSink." + method + "() of " + sink.channel().id());
        }

        @Override
        public Channel channel() {
            check("channel");
            return sink.channel();
        }

        @Override
        public boolean inExecutor() {
            check("inExecutor");
            return sink.inExecutor();
        }

        @Override
        public void ringing() {
            check("ringing");
            sink.ringing();
        }

        @Override
        public void progress() {
            check("progress");
            sink.progress();
        }

        @Override
        public void proceeding() {
            check("proceeding");
            sink.proceeding();
        }

        @Override
        public void answered() {
            check("answered");
            sink.answered();
        }

        @Override
        public void mediaChanged(ChannelMedia media) {
            check("mediaChanged");
            sink.mediaChanged(media);
        }

        @Override
        public void busy() {
            check("busy");
            sink.busy();
        }

        @Override
        public void redirected(String target) {
            check("redirected");
            sink.redirected(target);
        }

        @Override
        public void hangup(HangupCause cause) {
            check("hangup");
            sink.hangup(cause);
        }

        @Override
        public boolean receive(Frame frame) {
            check("receive");
            return sink.receive(frame);
        }

        @Override
        public boolean execute(Runnable task) {
            check("execute");
            return sink.execute(task);
        }

        @Override
        public String toString() {
            return sink.toString();
        }
    }

    private final class Executor implements TechExecutor {
        private final TechExecutor executor;
        private final String label;

        Executor(TechExecutor executor, String label) {
            this.executor = executor;
            this.label = label;
        }

        @Override
        public boolean execute(Runnable task) {
            check("TechExecutor.execute() of executor '" + label + "'");
            return executor.execute(task);
        }

        @Override
        public boolean inExecutor() {
            return executor.inExecutor();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            check("TechExecutor.schedule() of executor '" + label + "'");
            return executor.schedule(delay, task);
        }

        @Override
        public String toString() {
            return executor.toString();
        }
    }
}
