package org.strowger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns one run of the suite ({@code benchmarks/run-all.sh}) into the tables of docs/benchmarks.md and its charts.
 * Reads {@code results.json} (JMH), {@code cpu.jsonl} ({@link CpuMeter}) and {@code footprint.json}
 * ({@link FootprintProbe}) from the run's directory; writes {@code summary.md} there and PNG charts to the image
 * directory. Every figure is the median of the measurement iterations (JMH's mean and error are in results.json).
 *
 * <pre>java -cp benchmarks.jar org.strowger.bench.SuiteReport RUN_DIR IMAGE_DIR</pre>
 */
public final class SuiteReport {
    private final List<Map<String, Object>> results = new ArrayList<>();
    private final List<Map<String, Object>> cpu = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    private SuiteReport() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(args[0]);
        Path img = Path.of(args[1]);
        Files.createDirectories(img);
        SuiteReport r = new SuiteReport();
        Path res = dir.resolve("results.json");
        if (Files.exists(res)) {
            for (Object o : (List<Object>) SuiteJson.parse(Files.readString(res))) {
                r.results.add((Map<String, Object>) o);
            }
        }
        Path cpuLog = dir.resolve("cpu.jsonl");
        if (Files.exists(cpuLog)) {
            for (String line : Files.readAllLines(cpuLog)) {
                if (!line.isBlank()) {
                    r.cpu.add((Map<String, Object>) SuiteJson.parse(line));
                }
            }
        }
        Path load = dir.resolve("load.txt");
        if (Files.exists(load)) {
            r.out.append("Load (uptime) during the run:\n\n```\n").append(Files.readString(load).strip())
                    .append("\n```\n\n");
        }
        r.executor();
        r.registry();
        r.footprint(dir.resolve("footprint.json"));
        r.forwarding(img);
        r.setups(img);
        r.mixing();
        r.transfer();
        r.events();
        Files.writeString(dir.resolve("summary.md"), r.out);
        System.out.print(r.out);
    }

    // ---- lookups ----

    @SuppressWarnings("unchecked")
    private Map<String, Object> find(String method, String... params) {
        for (Map<String, Object> m : results) {
            String b = (String) m.get("benchmark");
            if (!b.endsWith("." + method)) {
                continue;
            }
            Map<String, Object> p = (Map<String, Object>) m.getOrDefault("params", Map.of());
            boolean ok = true;
            for (int k = 0; k < params.length; k += 2) {
                ok &= params[k + 1].equals(p.get(params[k]));
            }
            if (ok) {
                return m;
            }
        }
        return null;
    }

    /** Median over all iterations of the primary metric, or of secondary {@code secondary} if not null; NaN if absent. */
    @SuppressWarnings("unchecked")
    private double median(String secondary, String method, String... params) {
        Map<String, Object> m = find(method, params);
        if (m == null) {
            return Double.NaN;
        }
        Map<String, Object> metric = (Map<String, Object>) (secondary == null ? m.get("primaryMetric")
                : ((Map<String, Object>) m.get("secondaryMetrics")).get(secondary));
        if (metric == null) {
            return Double.NaN;
        }
        List<Object> raw = (List<Object>) metric.get("rawData");
        if (raw == null) {
            return (Double) metric.get("score");
        }
        List<Double> all = new ArrayList<>();
        for (Object fork : raw) {
            for (Object v : (List<Object>) fork) {
                all.add((Double) v);
            }
        }
        return med(all);
    }

    @SuppressWarnings("unchecked")
    private double percentile(String pct, String method) {
        Map<String, Object> m = find(method);
        if (m == null) {
            return Double.NaN;
        }
        Map<String, Object> p = (Map<String, Object>) ((Map<String, Object>) m.get("primaryMetric"))
                .get("scorePercentiles");
        return (Double) p.get(pct);
    }

    /** Median CPU ns per operation over the measurement iterations CpuMeter logged. */
    @SuppressWarnings("unchecked")
    private double cpuPerOp(String method, String... params) {
        List<Double> v = new ArrayList<>();
        for (Map<String, Object> m : cpu) {
            if (!((String) m.get("benchmark")).endsWith("." + method)) {
                continue;
            }
            Map<String, Object> p = (Map<String, Object>) m.get("params");
            boolean ok = true;
            for (int k = 0; k < params.length; k += 2) {
                ok &= params[k + 1].equals(p.get(params[k]));
            }
            if (ok) {
                v.add((Double) m.get("cpuNs") / (Double) m.get("ops"));
            }
        }
        return med(v);
    }

    private static double med(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String f(String fmt, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, fmt, v);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    // ---- sections ----

    private void executor() {
        line("### Executor hand-off vs raw JCTools (medians)\n");
        line("| benchmark | SerialExecutor, ForkJoin pool | SerialExecutor, pinned loop | jctSpin (array) | jctPark "
                + "| serial (fj) vs jctSpin (target <= 1.5x) | serial (pinned) vs jctSpin |");
        line("|---|---|---|---|---|---|---|");
        for (String b : List.of("tput_1p", "tput_2p")) {
            double fj = median(null, b + "_serial", "pool", "fj");
            double pinned = median(null, b + "_serial", "pool", "pinned");
            double spin = median(null, b + "_jctSpin", "queue", "array");
            double park = median(null, b + "_jctPark");
            line("| " + b + " (tasks/us) | " + f("%.1f", fj) + " | " + f("%.1f", pinned) + " | " + f("%.1f", spin)
                    + " | " + f("%.1f", park) + " | " + f("%.2fx", spin / fj) + " | " + f("%.2fx", spin / pinned) + " |");
        }
        double fj = median(null, "burst_serial", "pool", "fj");
        double pinned = median(null, "burst_serial", "pool", "pinned");
        double spin = median(null, "burst_jctSpin", "queue", "array");
        double park = median(null, "burst_jctPark");
        line("| burst of 1,000 (us) | " + f("%.1f", fj) + " | " + f("%.1f", pinned) + " | " + f("%.1f", spin) + " | "
                + f("%.1f", park) + " | " + f("%.2fx", fj / spin) + " | " + f("%.2fx", pinned / spin) + " |");
        double own = median(null, "ExecutorCostBenchmark.serial");
        double jct = median(null, "ExecutorCostBenchmark.jct");
        line("");
        line("The executor's own work, on one thread (ExecutorCostBenchmark, ns per 32 hand-offs): SerialExecutor "
                + f("%.1f", own) + ", JCTools " + f("%.1f", jct) + ", " + f("%.2fx", own / jct) + ".");
        line("");
    }

    private void registry() {
        line("### Registry lookup, ns (medians)\n");
        line("| entries | byId | byName | HashMap by id | perfect hash |");
        line("|---|---|---|---|---|");
        for (String size : List.of("1000", "100000", "1000000")) {
            line("| " + size + " | " + f("%.1f", median(null, "byId", "size", size)) + " | "
                    + f("%.1f", median(null, "byName", "size", size)) + " | "
                    + f("%.1f", median(null, "floor_hashMapById", "size", size)) + " | "
                    + f("%.1f", median(null, "floor_perfectHash", "size", size)) + " |");
        }
        line("");
    }

    @SuppressWarnings("unchecked")
    private void footprint(Path file) throws IOException {
        line("### Idle footprint\n");
        if (!Files.exists(file)) {
            line("(not run)\n");
            return;
        }
        Map<String, Object> m = (Map<String, Object>) SuiteJson.parse(Files.readString(file));
        line(f("%.0f", (Double) m.get("bytesPerIdleChannel")) + " B per idle channel, "
                + f("%.0f", (Double) m.get("bytesAfterMedia")) + " B after one media frame ("
                + f("%.0f", (Double) m.get("channels")) + " channels, request() "
                + f("%.2f", (Double) m.get("requestUs")) + " us each)\n");
    }

    private static final List<String> PAIRS = List.of("1", "100", "1000", "10000", "100000");
    private static final List<String> CALLS = List.of("100", "1000", "10000", "100000");

    private void forwarding(Path img) throws IOException {
        line("### Two-party forwarding, M frames/s (medians); CPU ns per frame in brackets\n");
        line("| pairs | Strowger (work-stealing) | Strowger (pinned loops) | Pekko | lock peer "
                + "| Strowger / Pekko | Strowger / lock | pinned / work-stealing |");
        line("|---|---|---|---|---|---|---|---|");
        String[] peers = {"strowger", "strowgerPinned", "pekko", "lock"};
        Map<String, double[]> cpuCurves = new LinkedHashMap<>();
        Map<String, double[]> rateCurves = new LinkedHashMap<>();
        for (String p : peers) {
            cpuCurves.put(p, new double[PAIRS.size()]);
            rateCurves.put(p, new double[PAIRS.size()]);
        }
        for (int k = 0; k < PAIRS.size(); k++) {
            String n = PAIRS.get(k);
            StringBuilder row = new StringBuilder("| " + n + " |");
            double[] rate = new double[peers.length];
            for (int i = 0; i < peers.length; i++) {
                rate[i] = median("frames", peers[i], "pairs", n);
                double c = cpuPerOp(peers[i], "pairs", n);
                cpuCurves.get(peers[i])[k] = c;
                rateCurves.get(peers[i])[k] = rate[i] / 1e6;
                row.append(' ').append(f("%.2f", rate[i] / 1e6)).append(" (").append(f("%.0f", c)).append(") |");
            }
            row.append(' ').append(f("%.2fx", rate[0] / rate[2])).append(" | ").append(f("%.2fx", rate[0] / rate[3]))
                    .append(" | ").append(f("%.2fx", rate[1] / rate[0])).append(" |");
            line(row.toString());
        }
        line("");
        double[] xs = PAIRS.stream().mapToDouble(Double::parseDouble).toArray();
        chart(img.resolve("forwarding-cpu-per-frame.png"), "Two-party forwarding: CPU per frame", "bridged pairs",
                "CPU ns per frame", xs, cpuCurves, true);
        chart(img.resolve("forwarding-throughput.png"), "Two-party forwarding: throughput", "bridged pairs",
                "M frames/s", xs, rateCurves, false);
    }

    private void setups(Path img) throws IOException {
        line("### Call setups, setups/s (medians); CPU ns per setup in brackets\n");
        line("| concurrent calls | Strowger (work-stealing) | Strowger (pinned loops) | lock peer "
                + "| Strowger / lock | pinned / work-stealing |");
        line("|---|---|---|---|---|---|");
        Map<String, double[]> cpuCurves = new LinkedHashMap<>();
        for (String p : List.of("strowger", "strowgerPinned", "lock")) {
            cpuCurves.put(p, new double[CALLS.size()]);
        }
        for (int k = 0; k < CALLS.size(); k++) {
            String n = CALLS.get(k);
            double fj = median("setups", "CallSetupBenchmark.setups", "calls", n, "pool", "fj", "path", "fake");
            double pin = median("setups", "CallSetupBenchmark.setups", "calls", n, "pool", "pinned", "path", "fake");
            double lock = median("setups", "LockPeerSetupBenchmark.setups", "calls", n);
            double cFj = cpuPerOp("CallSetupBenchmark.setups", "calls", n, "pool", "fj", "path", "fake");
            double cPin = cpuPerOp("CallSetupBenchmark.setups", "calls", n, "pool", "pinned", "path", "fake");
            double cLock = cpuPerOp("LockPeerSetupBenchmark.setups", "calls", n);
            cpuCurves.get("strowger")[k] = cFj;
            cpuCurves.get("strowgerPinned")[k] = cPin;
            cpuCurves.get("lock")[k] = cLock;
            line("| " + n + " | " + f("%,.0f", fj) + " (" + f("%.0f", cFj) + ") | " + f("%,.0f", pin) + " ("
                    + f("%.0f", cPin) + ") | " + f("%,.0f", lock) + " (" + f("%.0f", cLock) + ") | "
                    + f("%.2fx", fj / lock) + " | " + f("%.2fx", pin / fj) + " |");
        }
        line("");
        chart(img.resolve("setup-cpu-per-call.png"), "Call setup: CPU per call", "concurrent calls",
                "CPU ns per setup", CALLS.stream().mapToDouble(Double::parseDouble).toArray(), cpuCurves, true);
    }

    private void mixing() {
        line("### Mixing, us per 20 ms tick (medians)\n");
        line("| members | work-stealing | pinned loops |");
        line("|---|---|---|");
        for (String m : List.of("3", "10", "50")) {
            line("| " + m + " | " + f("%.1f", median(null, "MixingBenchmark.tick", "members", m, "pool", "fj") / 1e3)
                    + " | " + f("%.1f", median(null, "MixingBenchmark.tick", "members", m, "pool", "pinned") / 1e3)
                    + " |");
        }
        line("");
    }

    private void transfer() {
        line("### Attended transfer latency, us\n");
        line("| step | Strowger p50 | p99 | lock peer p50 | p99 |");
        line("|---|---|---|---|---|");
        for (String[] s : new String[][] {{"start", "lockStart"}, {"complete", "lockComplete"}}) {
            line("| " + s[0] + " | " + f("%.1f", percentile("50.0", "TransferBenchmark." + s[0])) + " | "
                    + f("%.1f", percentile("99.0", "TransferBenchmark." + s[0])) + " | "
                    + f("%.2f", percentile("50.0", "TransferBenchmark." + s[1])) + " | "
                    + f("%.2f", percentile("99.0", "TransferBenchmark." + s[1])) + " |");
        }
        line("");
    }

    private void events() {
        line("### Events: call setup with subscribers on the pool, calls/s (medians)\n");
        double none = median(null, "EventsBenchmark.callSetup", "subscribers", "0");
        double one = median(null, "EventsBenchmark.callSetup", "subscribers", "1");
        line("0 subscribers " + f("%,.0f", none) + ", 1 subscriber " + f("%,.0f", one) + " (ratio "
                + f("%.2f", one / none) + ")\n");
    }

    private static final Map<String, String> LABELS = Map.of("strowger", "Strowger, work-stealing pool",
            "strowgerPinned", "Strowger, pinned loops", "pekko", "Pekko actors", "lock", "lock peer");

    private static void chart(Path file, String title, String x, String y, double[] xs, Map<String, double[]> series,
            boolean logY) throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartTitleVisible(true);
        int drawn = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                double v = e.getValue()[i];
                if (!Double.isNaN(v) && v > 0) {
                    px.add(xs[i]);
                    py.add(v);
                }
            }
            if (!px.isEmpty()) {
                chart.addSeries(LABELS.getOrDefault(e.getKey(), e.getKey()), px, py);
                drawn++;
            }
        }
        if (drawn > 0) {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
