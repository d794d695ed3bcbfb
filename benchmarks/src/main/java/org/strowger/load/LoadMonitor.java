package org.strowger.load;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.strowger.api.ChannelCore;

/**
 * Samples the run once a second into a timeline, and prints the progress line: refreshed in place ({@code \r}) on a
 * terminal, else one line every few seconds. Runs on its own thread.
 */
final class LoadMonitor implements Runnable {
    private final ChannelCore core;
    private final LoadTech tech;
    private final LatencyHistogram hops;
    private final LongSupplier setups;
    private final PrintStream out;
    private final boolean terminal;
    private final int printEvery;
    private final List<Sample> timeline = new CopyOnWriteArrayList<>();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long start = System.nanoTime();
    private volatile boolean running = true;
    private Thread thread;

    LoadMonitor(ChannelCore core, LoadTech tech, LatencyHistogram hops, LongSupplier setups, PrintStream out,
            boolean terminal, int printEverySeconds) {
        this.core = core;
        this.tech = tech;
        this.hops = hops;
        this.setups = setups;
        this.out = out;
        this.terminal = terminal;
        this.printEvery = printEverySeconds;
    }

    void start() {
        thread = new Thread(this, "load-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops sampling and returns the timeline. */
    List<Sample> stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        if (terminal) {
            out.println();
        }
        return List.copyOf(timeline);
    }

    @Override
    public void run() {
        long lastSetups = setups.getAsLong();
        long lastFrames = tech.framesWritten();
        LatencyHistogram.Snapshot lastHops = hops.snapshot();
        long lastAt = System.nanoTime();
        for (int n = 1; running; n++) {
            try {
                Thread.sleep(Math.max(0, (start + n * 1_000_000_000L - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            double dt = (now - lastAt) / 1e9;
            long s = setups.getAsLong();
            long f = tech.framesWritten();
            LatencyHistogram.Snapshot h = hops.snapshot();
            long p99 = h.minus(lastHops).valueAt(0.99);
            Sample sample = new Sample((now - start) / 1e9, tech.liveCalls(), core.channelCount(),
                    (s - lastSetups) / dt, (f - lastFrames) / dt, p99 < 0 ? -1 : p99 / 1e6,
                    memory.getHeapMemoryUsage().getUsed() / 1048576.0);
            timeline.add(sample);
            lastSetups = s;
            lastFrames = f;
            lastHops = h;
            lastAt = now;
            if (terminal) {
                out.print("\r" + line(sample) + "   ");
                out.flush();
            } else if (n % printEvery == 0) {
                out.println(line(sample));
            }
        }
    }

    static String line(Sample s) {
        return String.format(Locale.ROOT, "[%5.1fs] live calls %,6d  channels %,6d  setups/s %,7.0f  frames/s %,9.0f"
                + "  p99 hop %s  heap %,5.0f MB", s.elapsedSeconds(), s.liveCalls(), s.liveChannels(),
                s.setupsPerSecond(), s.framesPerSecond(), s.p99HopMillis() < 0 ? "    n/a" : String.format(
                        Locale.ROOT, "%6.2f ms", s.p99HopMillis()), s.heapMb());
    }
}
