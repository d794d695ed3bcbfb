package org.strowger.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.strowger.api.ChannelCore;
import org.strowger.core.MdcKeys;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.ChannelTech;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;
import org.strowger.spi.TechExecutor;
import org.strowger.testkit.Simulation;

/**
 * A task of a tech executor that throws is logged once: one WARN line naming the executor ({@code tech <name>
 * <label>}, the label escaped) with the exception's text escaped, and the MDC naming the executor too.
 */
class TechExecutorFaultLogTest {
    private static final class Tech implements ChannelTech {
        volatile TechContext context;

        @Override
        public String name() {
            return "Sip";
        }

        @Override
        public void start(TechContext ctx) {
            context = ctx;
        }

        @Override
        public TechChannel newChannel(OutboundSetup setup, ChannelSink sink) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aThrowingTaskIsLoggedOnceWithTheExecutorsLabelEscaped() {
        Simulation sim = new Simulation(1);
        Tech tech = new Tech();
        ChannelCore core = sim.coreBuilder().tech(tech).build();
        TechExecutor x = tech.context.newExecutor("dialog\u202e42");
        List<CapturedLog.Line> lines;
        CapturedLog.start();
        try {
            x.execute(() -> {
                throw new IllegalStateException("bad header\nFORGED line");
            });
            sim.runAll();
        } finally {
            lines = CapturedLog.stop();
        }
        List<CapturedLog.Line> faults = lines.stream().filter(l -> l.level() == Level.WARN).toList();
        assertEquals(1, faults.size(), lines.toString());
        String msg = faults.get(0).message();
        assertTrue(msg.startsWith("tech Sip dialog\\u202e42: a task threw"), msg);
        assertTrue(msg.contains("bad header\\nFORGED line") && !msg.contains("\n"), msg);
        assertEquals(Map.of(MdcKeys.EXECUTOR, "tech Sip dialog\\u202e42"), faults.get(0).mdc());
        assertEquals(1, core.stats().callbackFaults());
        sim.await(core.shutdown());
    }
}
