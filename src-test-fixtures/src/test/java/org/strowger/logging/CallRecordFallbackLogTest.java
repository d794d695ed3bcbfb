package org.strowger.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.HangupCause;
import org.strowger.api.OutboundRequest;
import org.strowger.api.cdr.CallRecordSinkOptions;
import org.strowger.core.Strowger;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.TestCores;

/** A record a sink throws on reaches the default fallback: one CSV line at WARN that untrusted names cannot forge. */
class CallRecordFallbackLogTest {
    @Test
    void theDefaultFallbackLogsOneEscapedLinePerRecordAtWarn() throws Exception {
        FakeTech fake = new FakeTech();
        ChannelCore core = Strowger.builder().tech(fake)
                .callRecordSink(r -> {
                    throw new IllegalStateException("store down\nERROR forged");
                }, CallRecordSinkOptions.defaults().onPool().withName("down"))
                .build();
        CapturedLog.start();
        List<CapturedLog.Line> lines;
        try {
            Channel c = core.request(OutboundRequest.of("Fake", "evil\",x,y"));
            c.hangup(HangupCause.NORMAL_CLEARING).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(TestCores.await(() -> core.metrics().callRecords().sinks().get(0).fallback() == 1,
                    Duration.ofSeconds(10)));
        } finally {
            lines = CapturedLog.stop();
            core.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        List<CapturedLog.Line> fallback = lines.stream().filter(l -> l.logger().equals("org.strowger.cdr.fallback"))
                .toList();
        assertEquals(1, fallback.size(), lines.toString());
        assertEquals(Level.WARN, fallback.get(0).level());
        String line = fallback.get(0).message();
        assertTrue(line.startsWith("call record not stored by sink down: 1,\""), line);
        assertTrue(line.contains(",\"Fake/evil\"\",x,y-"), "quoted, so its commas are no columns: " + line);
        assertTrue(line.endsWith(",NO_ANSWER,NORMAL_CLEARING"), line);
        assertTrue(lines.stream().noneMatch(l -> l.rendered().contains("\nERROR forged")), "a forged line: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.logger().endsWith("CallRecordSinkRunner")
                && l.level() == Level.WARN && l.message().contains("store down\\nERROR forged")),
                "the failure is logged, escaped: " + lines);
    }
}
