package org.strowger.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.core.Strowger;

/**
 * Bytes per idle channel through the real core (public API only). Not a JMH benchmark: a plain main.
 *
 * <p>Builds a core with the default pool and {@link IdleTech}, warms the creation and destroy paths, then measures
 * live heap after repeated full GCs before and after creating N channels with
 * {@code core.request(OutboundRequest.of("Idle", "u" + i))} and waiting until every channel has run its first task
 * (the tech side exists, the executor is idle). The difference divided by N is the all-in cost of an idle channel:
 * the channel, its executor, its tech side, its snapshot, its id and name, and its two registry entries. The handle
 * array is allocated before the baseline, so it is not counted.
 *
 * <p>Then it writes one media frame to every channel and measures again: the media lane (a bounded queue) is created
 * on a channel's first media frame and kept, so the second number is an idle channel that has carried media.
 *
 * <p>Besides MemoryMXBean it diffs two class histograms (the JVM's own {@code GC.class_histogram}, live objects
 * only) and prints the per-channel breakdown by class. With {@code --jol} (needs jol-core on the class path) it also
 * prints the field layouts of the core's per-channel classes. With {@code --json=FILE} it also writes the two numbers
 * to FILE (the suite's {@code run-all.sh} does).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.strowger.bench.FootprintProbe [channels] [--jol] [--json=FILE]</pre>
 */
public final class FootprintProbe {
    private static final Pattern HISTO_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final String[] LAYOUT_CLASSES = {
        "org.strowger.core.channel.ChannelImpl",
        "org.strowger.core.exec.SerialExecutor",
        "org.strowger.core.exec.SerialExecutor$Node",
        "org.strowger.core.channel.TechSink",
        "org.jctools.queues.atomic.unpadded.MpmcAtomicUnpaddedArrayQueue",
        "org.strowger.api.ChannelSnapshot",
        "org.strowger.api.ChannelId",
    };

    private FootprintProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = 100_000;
        boolean jol = false;
        String json = null;
        for (String a : args) {
            if (a.equals("--jol")) {
                jol = true;
            } else if (a.startsWith("--json=")) {
                json = a.substring("--json=".length());
            } else {
                n = Integer.parseInt(a.replace("_", ""));
            }
        }
        printVm();

        IdleTech tech = new IdleTech();
        ChannelCore core = Strowger.builder().tech(tech).build();

        // Warm-up: class loading, lazily created statics, JIT of the creation and destroy paths.
        int warm = 5_000;
        Channel[] warmHandles = new Channel[warm];
        for (int i = 0; i < warm; i++) {
            warmHandles[i] = core.request(OutboundRequest.of(IdleTech.NAME, "w" + i));
        }
        for (Channel c : warmHandles) {
            c.hangup(HangupCause.NORMAL_CLEARING);
        }
        awaitCount("warm-up channels closed", tech::closed, warm);
        awaitCount("warm-up channels destroyed", () -> warm - core.channelCount(), warm);
        warmHandles = null;

        Channel[] handles = new Channel[n];
        Map<String, long[]> histoBefore = histogram();
        long before = usedAfterGc();

        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            handles[i] = core.request(OutboundRequest.of(IdleTech.NAME, "u" + i));
        }
        long t1 = System.nanoTime();
        final int expected = warm + n;
        awaitCount("channels created", tech::created, expected);
        long t2 = System.nanoTime();
        Thread.sleep(500); // let the last executors finish their batch and go idle

        long after = usedAfterGc();
        Map<String, long[]> histoAfter = histogram();

        System.out.printf(Locale.ROOT, "%n== %,d idle channels (live: %,d) ==%n", n, core.channelCount());
        System.out.printf(Locale.ROOT, "request() loop: %.1f ms (%.2f us/channel); all first tasks done after %.1f ms%n",
                (t1 - t0) / 1e6, (t1 - t0) / 1e3 / n, (t2 - t0) / 1e6);
        System.out.printf(Locale.ROOT, "heap used after full GC: before %,d B, after %,d B%n", before, after);
        System.out.printf(Locale.ROOT, "MemoryMXBean: %.1f bytes per idle channel%n", (after - before) / (double) n);
        printBreakdown(histoBefore, histoAfter, n);

        // Phase 2: one media frame per channel. The media lane is allocated on a channel's first media frame and
        // kept for the channel's life, so this is what a channel costs once it has carried media and gone idle.
        VoiceFrame frame = new VoiceFrame(MediaFormat.ULAW, new byte[160], 160, 0);
        int writtenBefore = tech.written();
        for (Channel c : handles) {
            c.write(frame);
        }
        awaitCount("media frames written", tech::written, writtenBefore + n);
        Thread.sleep(500);
        long afterMedia = usedAfterGc();
        Map<String, long[]> histoMedia = histogram();
        System.out.printf(Locale.ROOT, "%n== the same channels after one media frame each (media lane allocated) ==%n");
        System.out.printf(Locale.ROOT, "MemoryMXBean: %.1f bytes per channel (+%.1f for the media lane)%n",
                (afterMedia - before) / (double) n, (afterMedia - after) / (double) n);
        printBreakdown(histoAfter, histoMedia, n);

        if (jol) {
            printLayouts();
        }
        if (json != null) { // for the suite's report (run-all.sh)
            java.nio.file.Files.writeString(java.nio.file.Path.of(json), String.format(Locale.ROOT,
                    "{\"channels\":%d,\"bytesPerIdleChannel\":%.1f,\"bytesAfterMedia\":%.1f,\"requestUs\":%.2f}%n",
                    n, (after - before) / (double) n, (afterMedia - before) / (double) n, (t1 - t0) / 1e3 / n));
        }

        core.shutdown().toCompletableFuture().join();
        System.out.printf(Locale.ROOT, "%nshut down: live channels %d, tech channels closed %,d of %,d%n",
                core.channelCount(), tech.closed(), tech.created());
        if (handles.length != n) {
            throw new AssertionError(); // keeps the handles reachable until here
        }
    }

    private static void printVm() throws Exception {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        System.out.printf(Locale.ROOT, "JVM: %s %s (%s), GC %s, max heap %,d MB, UseCompressedOops=%s, "
                        + "UseCompactObjectHeaders=%s, processors %d%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), gcs, Runtime.getRuntime().maxMemory() >> 20,
                option(hs, "UseCompressedOops"), option(hs, "UseCompactObjectHeaders"),
                Runtime.getRuntime().availableProcessors());
    }

    private static String option(HotSpotDiagnosticMXBean hs, String name) {
        try {
            return hs.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return "n/a";
        }
    }

    interface IntSupplier {
        int get();
    }

    private static void awaitCount(String what, IntSupplier count, int target) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (count.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": " + count.get() + " of " + target + " after 60 s");
            }
            Thread.sleep(10);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(150);
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** class name -> {instances, bytes} of live objects (the JVM's GC.class_histogram, which runs a full GC). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> m = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher mt = HISTO_LINE.matcher(line);
            if (mt.matches()) {
                m.merge(mt.group(3), new long[] {Long.parseLong(mt.group(1)), Long.parseLong(mt.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return m;
    }

    private static void printBreakdown(Map<String, long[]> before, Map<String, long[]> after, int n) {
        record Row(String cls, long instances, long bytes) {
        }
        List<Row> rows = new ArrayList<>();
        long totalBytes = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long di = e.getValue()[0] - b[0];
            long db = e.getValue()[1] - b[1];
            totalBytes += db;
            rows.add(new Row(e.getKey(), di, db));
        }
        for (Map.Entry<String, long[]> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                totalBytes -= e.getValue()[1];
                rows.add(new Row(e.getKey(), -e.getValue()[0], -e.getValue()[1]));
            }
        }
        rows.sort((x, y) -> Long.compare(Math.abs(y.bytes), Math.abs(x.bytes)));
        System.out.printf(Locale.ROOT, "class histogram diff: %.1f bytes per idle channel%n", totalBytes / (double) n);
        System.out.printf(Locale.ROOT, "%-58s %12s %12s %10s %10s%n", "class", "d-instances", "d-bytes",
                "inst/chan", "B/chan");
        double shown = 0;
        for (Row r : rows) {
            double perChannel = r.bytes / (double) n;
            if (Math.abs(perChannel) < 1.0) {
                continue;
            }
            shown += perChannel;
            System.out.printf(Locale.ROOT, "%-58s %,12d %,12d %10.2f %10.1f%n", r.cls, r.instances, r.bytes,
                    r.instances / (double) n, perChannel);
        }
        System.out.printf(Locale.ROOT, "%-58s %12s %12s %10s %10.1f%n", "(rows >= 1 B/channel)", "", "", "", shown);
    }

    private static void printLayouts() {
        try {
            Class<?> classLayout = Class.forName("org.openjdk.jol.info.ClassLayout");
            var parseClass = classLayout.getMethod("parseClass", Class.class);
            var toPrintable = classLayout.getMethod("toPrintable");
            for (String name : LAYOUT_CLASSES) {
                System.out.println();
                try {
                    System.out.println(toPrintable.invoke(parseClass.invoke(null, Class.forName(name))));
                } catch (java.lang.reflect.InvocationTargetException e) {
                    // e.g. records: sun.misc.Unsafe.objectFieldOffset refuses record fields
                    System.out.println(name + ": JOL cannot lay it out (" + e.getCause() + ")");
                }
            }
        } catch (ClassNotFoundException e) {
            System.out.println("JOL (org.openjdk.jol:jol-core) is not on the class path; no layouts");
        } catch (ReflectiveOperationException e) {
            System.out.println("JOL failed: " + e);
        }
    }
}
