package org.strowger.load;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.strowger.api.ChannelCore;
import org.strowger.core.Strowger;

/**
 * The load driver (the README's main job): runs the embedded core with the load's fake tech and Local channels
 * under a call mix (or the {@code media-10k} preset) at a set rate and concurrency, prints a progress line while it
 * runs and a summary at the end, and writes {@code summary.json} and {@code load.png}. Exits with 1 if anything leaked
 * (a channel or bridge left, a channel not hung up or destroyed exactly once), 2 for bad arguments.
 *
 * <p>{@code mvn -B -q -DskipTests -Pload verify [-Dload.args="--duration 30s --rate 300/s"]}; options in
 * {@code docs/load-driver.md}.
 */
public final class LoadDriver {
    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        List<String> words = new ArrayList<>();
        for (String a : args) {
            for (String w : a.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(words.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            System.err.println("load driver: " + e.getMessage());
            System.err.println("options: --preset mix|media-10k --rate 200/s --concurrency 2000 --duration 45s"
                    + " --warmup 5s --talk 4s --pairs 10000 --mix ivr=50,two-party=30,conference=20"
                    + " --out target/load --progress 5");
            System.exit(2);
            return;
        }
        LoadSummary summary = run(options, System.out, System.console() != null);
        System.exit(summary.leakFree() ? 0 : 1);
    }

    /** Runs the load, prints progress and the summary to {@code out}, writes the files, returns the summary. */
    static LoadSummary runQuietly(LoadOptions options, PrintStream out) throws Exception {
        return run(options, out, false);
    }

    static LoadSummary run(LoadOptions o, PrintStream out, boolean terminal) throws Exception {
        String load0 = loadAverage();
        out.printf("Strowger load driver on Java %s, %d CPUs, load average %s: %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), load0, o);
        AtomicLong networkThread = new AtomicLong();
        ScheduledExecutorService network = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-network");
            t.setDaemon(true);
            networkThread.set(t.threadId());
            return t;
        });
        MediaPacer pacer = new MediaPacer();
        LatencyHistogram hops = new LatencyHistogram();
        LoadTech tech = new LoadTech(network, pacer, hops);
        OutcomeCounters outcomes = new OutcomeCounters();
        Pbx pbx = new Pbx(new CallMix(o.talk().toMillis()), outcomes);
        ChannelCore core = Strowger.builder().tech(tech).inboundHandler(pbx).build();
        pbx.attach(core);
        LifecycleAudit audit = new LifecycleAudit();
        audit.subscribe(core);

        CallGenerator generator = new CallGenerator(new CallLauncher(core, tech, pbx.mix(), outcomes, o), tech,
                o.rate(), o.concurrency());
        LoadMonitor monitor = new LoadMonitor(core, tech, hops,
                () -> generator.offered() + outcomes.get("call.media-pair"), out, terminal, o.progressSeconds());
        pacer.start();
        monitor.start();
        long buildMillis = 0;
        if (o.preset().equals(LoadOptions.MEDIA_10K)) {
            long t0 = System.nanoTime();
            int joined = MediaPairs.build(core, o.pairs(), outcomes);
            buildMillis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            out.printf("built %,d bridged pairs (%,d channels joined) in %,d ms%n", o.pairs(), joined, buildMillis);
        } else {
            generator.start(network);
        }
        Thread.sleep(o.warmup().toMillis());

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        tech.recordHops(true);
        Supplier<Counters> counters = () -> new Counters(System.nanoTime(), os.getProcessCpuTime(),
                threads.getThreadCpuTime(pacer.threadId()), threads.getThreadCpuTime(networkThread.get()), gcMillis(),
                generator.offered() + outcomes.get("call.media-pair"), core.stats().channelsCreated(),
                tech.framesWritten(), pacer.injected(), pacer.lateTicks());
        Counters before = counters.get();
        Thread.sleep(o.duration().toMillis());
        Counters d = counters.get().minus(before);
        tech.recordHops(false);
        long dropped = core.metrics().mediaFramesDropped();
        String load1 = loadAverage();
        generator.stop();

        // the network hangs up every call that is left; everything must then be gone
        out.println("load stopped; hanging up the calls left (" + tech.liveCalls() + ")");
        long deadline = System.nanoTime() + 15_000_000_000L;
        do {
            tech.hangUpAll();
            Thread.sleep(100);
        } while ((core.channelCount() > 0 || core.bridgeCount() > 0) && System.nanoTime() < deadline);
        long channelsLeft = core.channelCount();
        long bridgesLeft = core.bridgeCount();
        if (channelsLeft > 0 || bridgesLeft > 0) {
            out.println("LEFT BEHIND:\n" + head(core.channelTable()) + head(core.bridgeTable()));
        }
        pacer.stop();
        network.shutdownNow();
        List<Sample> timeline = monitor.stop();
        core.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long leftAfterShutdown = core.stats().channelsLive();
        audit.drainAndClose();

        double window = d.wallNanos() / 1e9;
        LatencyHistogram.Snapshot h = hops.snapshot();
        List<String> examples = new ArrayList<>(tech.violations());
        examples.addAll(audit.violations());
        LoadSummary s = new LoadSummary(o, Runtime.version().toString(), Runtime.getRuntime().availableProcessors(),
                load0 + " -> " + load1,
                window, buildMillis, d.offered(), generator.throttled(), d.offered() / window,
                d.created(), d.created() / window, d.injected(), d.written(),
                d.written() / window, d.injected() / window, h.count(), d.lateTicks(), dropped,
                micros(h.valueAt(0.5)), micros(h.valueAt(0.9)), micros(h.valueAt(0.99)), micros(h.valueAt(0.999)),
                micros(h.max()), d.cpuNanos() / 1e9 / window, d.pacerCpuNanos() / 1e9 / window,
                d.networkCpuNanos() / 1e9 / window, d.gcMillis(),
                timeline.stream().mapToDouble(Sample::heapMb).max().orElse(0), threads.getPeakThreadCount(),
                timeline.stream().mapToInt(Sample::liveCalls).max().orElse(0), channelsLeft, bridgesLeft,
                leftAfterShutdown, tech.created() - tech.closedCount(), audit.notDestroyed(),
                tech.violationCount() + audit.violationCount(), audit.dropped(),
                examples.subList(0, Math.min(10, examples.size())), outcomes.snapshot(), timeline);

        Files.createDirectories(o.out());
        Path json = o.out().resolve("summary.json");
        Path png = o.out().resolve("load.png");
        Files.writeString(json, s.json());
        SummaryChart.write(png, "Strowger load (" + o.preset() + ")", timeline, h);
        out.print(s.text());
        out.println("  written         " + json + ", " + png);
        return s;
    }

    private static double micros(long nanos) {
        return nanos < 0 ? -1 : nanos / 1000.0;
    }

    private static String head(String table) {
        String[] lines = table.split("\n");
        return String.join("\n", java.util.Arrays.copyOf(lines, Math.min(lines.length, 20))) + "\n";
    }

    /** The machine's 1/5/15-minute load averages (Linux), or "n/a". */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, b.getCollectionTime());
        }
        return t;
    }

    /** The cumulative counters the summary turns into totals and rates over the measured window. */
    private record Counters(long wallNanos, long cpuNanos, long pacerCpuNanos, long networkCpuNanos, long gcMillis,
            long offered, long created, long written, long injected, long lateTicks) {
        /** What changed since {@code before}. */
        Counters minus(Counters before) {
            return new Counters(wallNanos - before.wallNanos, cpuNanos - before.cpuNanos,
                    pacerCpuNanos - before.pacerCpuNanos, networkCpuNanos - before.networkCpuNanos,
                    gcMillis - before.gcMillis, offered - before.offered, created - before.created,
                    written - before.written, injected - before.injected, lateTicks - before.lateTicks);
        }
    }
}
