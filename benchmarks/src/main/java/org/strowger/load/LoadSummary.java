package org.strowger.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run measured, printed at the end and written as {@code summary.json}. Rates are over the load window (after
 * the warm-up, until the load stops); latencies in microseconds; {@link #leakFree()} decides the exit code. The JSON
 * also holds the once-a-second timeline of the whole run.
 */
record LoadSummary(
        LoadOptions options,
        String jdk,
        int cpus,
        String loadAverage,
        double windowSeconds,
        long buildMillis,
        long callsOffered,
        long callsThrottled,
        double setupsPerSecond,
        long channelsCreated,
        double channelsPerSecond,
        long framesInjected,
        long framesWritten,
        double framesPerSecond,
        double injectedPerSecond,
        long hopSamples,
        long pacerLateTicks,
        long mediaFramesDropped,
        double hopP50Micros,
        double hopP90Micros,
        double hopP99Micros,
        double hopP999Micros,
        double hopMaxMicros,
        double cpuCores,
        double pacerCores,
        double networkCores,
        long gcMillis,
        double heapPeakMb,
        int threadsPeak,
        int liveCallsPeak,
        long channelsLeft,
        long bridgesLeft,
        long channelsLeftAfterShutdown,
        long techChannelsNotClosed,
        long auditChannelsNotDestroyed,
        long lifecycleViolations,
        long eventsDropped,
        List<String> violationExamples,
        Map<String, Long> outcomes,
        List<Sample> timeline) {

    /** Zero channels or bridges left, every channel hung up and destroyed exactly once, and the audit saw it all. */
    boolean leakFree() {
        return channelsLeft == 0 && bridgesLeft == 0 && channelsLeftAfterShutdown == 0 && techChannelsNotClosed == 0
                && auditChannelsNotDestroyed == 0 && lifecycleViolations == 0 && eventsDropped == 0;
    }

    String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Load summary (%s, %s s window, JDK %s, %d CPUs, load average %s)%n",
                options.preset(), f1(windowSeconds), jdk, cpus, loadAverage));
        b.append(String.format(Locale.ROOT, "  call setups/s   %s (offered %,d, throttled %,d; requested %s/s)%n",
                f1(setupsPerSecond), callsOffered, callsThrottled, f1(options.rate())));
        if (buildMillis > 0) {
            b.append(String.format(Locale.ROOT, "  pairs built     %,d in %,d ms before the window (%s calls/s)%n",
                    options.pairs(), buildMillis, f1(options.pairs() * 1000.0 / buildMillis)));
        }
        b.append(String.format(Locale.ROOT, "  channels/s      %s (%,d created)%n", f1(channelsPerSecond),
                channelsCreated));
        b.append(String.format(Locale.ROOT, "  frames/s        %s written to techs, %s injected (late pacer ms: %,d,"
                + " media dropped: %,d)%n", f0(framesPerSecond), f0(injectedPerSecond), pacerLateTicks,
                mediaFramesDropped));
        b.append(String.format(Locale.ROOT, "  hop latency     p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (%,d samples)%n",
                us(hopP50Micros), us(hopP90Micros), us(hopP99Micros), us(hopP999Micros), us(hopMaxMicros),
                hopSamples));
        b.append(String.format(Locale.ROOT, "  CPU             %s cores (pacer %s, network/far ends %s), GC %,d ms%n",
                f2(cpuCores), f2(pacerCores), f2(networkCores), gcMillis));
        b.append(String.format(Locale.ROOT, "  heap peak       %s MB; threads peak %d; live calls peak %,d%n",
                f0(heapPeakMb), threadsPeak, liveCallsPeak));
        b.append(String.format(Locale.ROOT, "  leaks           channels left %d, bridges left %d, after shutdown %d,"
                + " tech channels not closed %d, not destroyed (events) %d, lifecycle violations %d, events"
                + " dropped %d -> %s%n", channelsLeft, bridgesLeft, channelsLeftAfterShutdown, techChannelsNotClosed,
                auditChannelsNotDestroyed, lifecycleViolations, eventsDropped, leakFree() ? "NONE" : "LEAKS"));
        for (String v : violationExamples) {
            b.append("    ").append(v).append('\n');
        }
        b.append("  outcomes        ").append(outcomes).append('\n');
        return b.toString();
    }

    String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("preset", options.preset());
        o.put("rate", options.rate());
        o.put("concurrency", options.concurrency());
        o.put("durationSeconds", options.duration().toMillis() / 1000.0);
        o.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        o.put("talkSeconds", options.talk().toMillis() / 1000.0);
        o.put("pairs", options.pairs());
        Map<String, Object> mix = new LinkedHashMap<>();
        mix.put("ivr", options.ivrWeight());
        mix.put("twoParty", options.twoPartyWeight());
        mix.put("conference", options.conferenceWeight());
        o.put("mix", mix);
        m.put("options", o);
        m.put("jdk", jdk);
        m.put("cpus", cpus);
        m.put("loadAverage", loadAverage);
        m.put("windowSeconds", windowSeconds);
        m.put("buildMillis", buildMillis);
        m.put("callsOffered", callsOffered);
        m.put("callsThrottled", callsThrottled);
        m.put("setupsPerSecond", setupsPerSecond);
        m.put("channelsCreated", channelsCreated);
        m.put("channelsPerSecond", channelsPerSecond);
        m.put("framesInjected", framesInjected);
        m.put("framesWritten", framesWritten);
        m.put("framesPerSecond", framesPerSecond);
        m.put("injectedPerSecond", injectedPerSecond);
        m.put("pacerLateTicks", pacerLateTicks);
        m.put("mediaFramesDropped", mediaFramesDropped);
        Map<String, Object> hop = new LinkedHashMap<>();
        hop.put("samples", hopSamples);
        hop.put("p50", hopP50Micros);
        hop.put("p90", hopP90Micros);
        hop.put("p99", hopP99Micros);
        hop.put("p999", hopP999Micros);
        hop.put("max", hopMaxMicros);
        m.put("hopMicros", hop);
        m.put("cpuCores", cpuCores);
        m.put("pacerCores", pacerCores);
        m.put("networkCores", networkCores);
        m.put("gcMillis", gcMillis);
        m.put("heapPeakMb", heapPeakMb);
        m.put("threadsPeak", threadsPeak);
        m.put("liveCallsPeak", liveCallsPeak);
        Map<String, Object> leaks = new LinkedHashMap<>();
        leaks.put("channelsLeft", channelsLeft);
        leaks.put("bridgesLeft", bridgesLeft);
        leaks.put("channelsLeftAfterShutdown", channelsLeftAfterShutdown);
        leaks.put("techChannelsNotClosed", techChannelsNotClosed);
        leaks.put("auditChannelsNotDestroyed", auditChannelsNotDestroyed);
        leaks.put("lifecycleViolations", lifecycleViolations);
        leaks.put("eventsDropped", eventsDropped);
        leaks.put("violationExamples", violationExamples);
        leaks.put("leakFree", leakFree());
        m.put("leaks", leaks);
        m.put("outcomes", outcomes);
        List<Object> seconds = new java.util.ArrayList<>();
        for (Sample t : timeline) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("t", t.elapsedSeconds());
            e.put("liveCalls", t.liveCalls());
            e.put("liveChannels", t.liveChannels());
            e.put("setupsPerSecond", t.setupsPerSecond());
            e.put("framesPerSecond", t.framesPerSecond());
            e.put("p99HopMillis", t.p99HopMillis());
            e.put("heapMb", t.heapMb());
            seconds.add(e);
        }
        m.put("timeline", seconds);
        StringBuilder b = new StringBuilder();
        Json.write(b, m, "");
        return b.append('\n').toString();
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String us(double micros) {
        if (micros < 0) {
            return "n/a";
        }
        return micros < 1000 ? String.format(Locale.ROOT, "%.0f us", micros)
                : String.format(Locale.ROOT, "%.2f ms", micros / 1000);
    }
}
