package org.strowger.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.Strowger;
import org.strowger.spi.ChannelSink;

/**
 * Sustained load: {@code pairs} two-party bridges with 50 frames/s in each direction (10,000 pairs: 20,000 channels,
 * 1,000,000 hand-offs/s). One injector thread plays the network: every 1 ms it injects a fresh 20 ms mu-law frame into
 * 1/20 of the 2 x pairs sinks (so each sink gets one frame per 20 ms, spread evenly like RTP arrivals), or with
 * {@code burst} all sinks at once every 20 ms. Each frame's timestamp is System.nanoTime() at injection; the receiving
 * tech's write() records nanoTime - timestamp (the hop: channel A's executor, then channel B's, then the tech) in
 * per-thread histograms. After a warm-up the probe measures for {@code seconds}: hop latency percentiles, frames in
 * and out, media frames dropped (Channel.mediaFramesDropped over all channels), process CPU time (cores used), the
 * injector thread's own CPU, GC time, the whole machine's CPU use (/proc/stat) and the load average.
 *
 * <p>Usage: {@code BridgeLoadProbe [pairs=10000] [seconds=20] [warmup=5] [spread|burst]}
 */
public final class BridgeLoadProbe {
    private BridgeLoadProbe() {
    }

    /** Log-linear histogram: 1 us buckets below 10 ms, 1 ms buckets to 10 s. One per recording thread. */
    static final class Histo {
        static final int US = 10_000;
        final long[] counts = new long[US + 10_000 + 1];

        void record(long nanos) {
            long us = Math.max(0, nanos / 1000);
            int i = us < US ? (int) us : (int) Math.min(US + (us - US) / 1000, counts.length - 1);
            counts[i]++;
        }

        static long upper(int i) { // bucket upper bound in ns
            return i < US ? (i + 1) * 1000L : (US + (i - US + 1) * 1000L) * 1000L;
        }
    }

    static final ConcurrentLinkedQueue<Histo> HISTOS = new ConcurrentLinkedQueue<>();
    static final ThreadLocal<Histo> LOCAL = ThreadLocal.withInitial(() -> {
        Histo h = new Histo();
        HISTOS.add(h);
        return h;
    });
    static volatile boolean recording;

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        boolean burst = args.length > 3 && args[3].equals("burst");

        BridgeBenchTech tech = new BridgeBenchTech(BridgeLoadProbe::written);
        ChannelCore core = Strowger.builder().tech(tech).localChannels(false).build();
        long t0 = System.nanoTime();
        List<BridgeFixtures.Pair> ps = BridgeFixtures.pairs(core, tech, pairs);
        System.out.printf("built %d bridged pairs (%d channels) in %d ms%n", pairs, core.channelCount(),
                (System.nanoTime() - t0) / 1_000_000);
        ChannelSink[] sinks = new ChannelSink[2 * pairs];
        Channel[] chans = new Channel[2 * pairs];
        for (int i = 0; i < pairs; i++) {
            sinks[2 * i] = ps.get(i).ta().sink;
            sinks[2 * i + 1] = ps.get(i).tb().sink;
            chans[2 * i] = ps.get(i).a();
            chans[2 * i + 1] = ps.get(i).b();
        }

        byte[] payload = new byte[160];
        AtomicLong injected = new AtomicLong();
        AtomicLong injectorThreadId = new AtomicLong();
        ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "injector");
            t.setDaemon(true);
            injectorThreadId.set(t.threadId());
            return t;
        });
        int slices = burst ? 1 : 20;
        long period = burst ? 20_000 : 1_000;
        long[] slice = {0};
        injector.scheduleAtFixedRate(() -> {
            int s = (int) (slice[0]++ % slices);
            int from = (int) ((long) sinks.length * s / slices);
            int to = (int) ((long) sinks.length * (s + 1) / slices);
            for (int i = from; i < to; i++) {
                sinks[i].receive(new VoiceFrame(MediaFormat.ULAW, payload, 160, System.nanoTime()));
            }
            injected.addAndGet(to - from);
        }, 0, period, TimeUnit.MICROSECONDS);

        Thread.sleep(warmup * 1000L);

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long dropped0 = dropped(chans);
        long in0 = injected.get();
        long out0 = tech.written.sum();
        long cpu0 = os.getProcessCpuTime();
        long inj0 = threads.getThreadCpuTime(injectorThreadId.get());
        long gc0 = gcMillis();
        long[] stat0 = procStat();
        String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
        long w0 = System.nanoTime();
        recording = true;
        Thread.sleep(seconds * 1000L);
        recording = false;
        long w1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        long inj1 = threads.getThreadCpuTime(injectorThreadId.get());
        long gc1 = gcMillis();
        long[] stat1 = procStat();
        long in1 = injected.get();
        long out1 = tech.written.sum();
        long dropped1 = dropped(chans);
        String load1 = Files.readString(Path.of("/proc/loadavg")).trim();
        injector.shutdownNow();

        double wall = (w1 - w0) / 1e9;
        long[] merged = new long[new Histo().counts.length];
        long n = 0;
        for (Histo h : HISTOS) {
            for (int i = 0; i < merged.length; i++) {
                merged[i] += h.counts[i];
                n += h.counts[i];
            }
        }
        System.out.printf("mode %s, %d pairs, %d s measured after %d s warm-up%n", burst ? "burst" : "spread", pairs,
                seconds, warmup);
        System.out.printf("frames injected %,d (%.0f/s), written to techs %,d (%.0f/s), hop samples %,d%n",
                in1 - in0, (in1 - in0) / wall, out1 - out0, (out1 - out0) / wall, n);
        System.out.printf("hop latency p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n", pct(merged, n, 0.5),
                pct(merged, n, 0.9), pct(merged, n, 0.99), pct(merged, n, 0.999), pct(merged, n, 1.0));
        System.out.printf("media frames dropped during the run: %d (total since start %d)%n", dropped1 - dropped0,
                dropped1);
        double cores = (cpu1 - cpu0) / 1e9 / wall;
        double injCores = (inj1 - inj0) / 1e9 / wall;
        System.out.printf("process CPU %.2f cores; injector thread %.2f cores; process minus injector %.2f cores;"
                + " GC %d ms%n", cores, injCores, cores - injCores, gc1 - gc0);
        long busy = (stat1[0] - stat0[0]);
        long total = (stat1[1] - stat0[1]);
        System.out.printf("machine: %.2f of %d cores busy during the run (all processes); loadavg before [%s] after"
                + " [%s]%n", (double) busy / total * Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors(), load0, load1);
        core.shutdown().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    static void written(MediaFrame f) {
        if (recording) {
            LOCAL.get().record(System.nanoTime() - f.timestamp());
        }
    }

    static long dropped(Channel[] chans) {
        long d = 0;
        for (Channel c : chans) {
            d += c.mediaFramesDropped();
        }
        return d;
    }

    static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, b.getCollectionTime());
        }
        return t;
    }

    /** {busy jiffies, total jiffies} of all CPUs. */
    static long[] procStat() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }

    static String pct(long[] h, long n, double q) {
        if (n == 0) {
            return "n/a";
        }
        long want = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < h.length; i++) {
            seen += h[i];
            if (seen >= want) {
                long ns = Histo.upper(i);
                return ns < 1_000_000 ? (ns / 1000) + " us" : String.format("%.1f ms", ns / 1e6);
            }
        }
        return "n/a";
    }
}
