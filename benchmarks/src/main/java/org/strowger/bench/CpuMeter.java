package org.strowger.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * CPU per operation for the scaling curves: the process's CPU time over one measurement iteration (all threads: pool
 * workers, timers, GC, JIT), minus the benchmark thread's own when that thread only injects work and spins waiting
 * for it, divided by the operations the benchmark counted. Appends one JSON line per measurement iteration to the
 * file named by {@code -Dstrowger.cpuLog} or the environment variable {@code STROWGER_CPU_LOG} (does nothing
 * without either); {@code SuiteReport} reads them.
 */
public final class CpuMeter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final String file = System.getProperty("strowger.cpuLog", System.getenv("STROWGER_CPU_LOG"));
    private Thread excluded;
    private long cpu0;
    private long excluded0;
    private long ops0;

    /** Starts an iteration; {@code exclude} (or null) is a thread whose CPU is not the measured system's. */
    public void start(Thread exclude, long opsSoFar) {
        excluded = exclude;
        excluded0 = exclude == null ? 0 : THREADS.getThreadCpuTime(exclude.threadId());
        ops0 = opsSoFar;
        cpu0 = OS.getProcessCpuTime();
    }

    /** Ends the iteration and records it if it was a measurement iteration. */
    public void stop(BenchmarkParams bench, IterationParams iteration, long opsSoFar) {
        long cpu = OS.getProcessCpuTime() - cpu0;
        if (excluded != null) {
            cpu -= THREADS.getThreadCpuTime(excluded.threadId()) - excluded0;
        }
        long ops = opsSoFar - ops0;
        if (file == null || iteration.getType() != IterationType.MEASUREMENT || ops <= 0) {
            return;
        }
        StringBuilder params = new StringBuilder();
        for (String k : bench.getParamsKeys()) {
            params.append(params.isEmpty() ? "" : ",").append('"').append(k).append("\":\"")
                    .append(bench.getParam(k)).append('"');
        }
        String line = String.format(Locale.ROOT, "{\"benchmark\":\"%s\",\"params\":{%s},\"ops\":%d,\"cpuNs\":%d}%n",
                bench.getBenchmark(), params, ops, cpu);
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
