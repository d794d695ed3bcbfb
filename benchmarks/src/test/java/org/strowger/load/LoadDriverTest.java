package org.strowger.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short real run of the load driver: the whole mix at a low rate, no leaks, and both output files valid. */
class LoadDriverTest {
    @Test
    void shortMixRunLeaksNothingAndWritesJsonAndPng(@TempDir Path dir) throws Exception {
        LoadOptions options = LoadOptions.parse("--rate", "60/s", "--duration", "2.5s", "--warmup", "500ms",
                "--talk", "1500ms", "--out", dir.toString());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        LoadSummary s = LoadDriver.runQuietly(options, new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);

        assertTrue(s.leakFree(), printed);
        assertEquals(0, s.lifecycleViolations(), printed);
        assertTrue(s.callsOffered() > 50, printed);
        assertTrue(s.framesWritten() > 1_000, printed);
        assertTrue(s.hopSamples() > 0 && s.hopP99Micros() > 0, printed);
        // the mix did its parts: IVR ring groups, bridged two-party calls, conferences
        assertTrue(s.outcomes().getOrDefault("ring-group.ANSWERED", 0L) > 0, printed);
        assertTrue(s.outcomes().getOrDefault("two-party.ANSWERED", 0L) > 0, printed);
        assertTrue(s.outcomes().getOrDefault("call.conference", 0L) > 0, printed);
        assertTrue(printed.contains("leaks") && printed.contains("NONE"), printed);

        String json = Files.readString(dir.resolve("summary.json"));
        JsonCheck.validate(json);
        assertTrue(json.contains("\"leakFree\": true"), json);
        BufferedImage png = ImageIO.read(dir.resolve("load.png").toFile());
        assertNotNull(png, "load.png is not a readable image");
        assertTrue(png.getWidth() > 100 && png.getHeight() > 100);
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("--rate", "fast"));
        assertTrue(e.getMessage().contains("--rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--preset", "nope"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--bogus", "1"));
        assertEquals(10_000, LoadOptions.parse("--preset", "media-10k").pairs());
        assertEquals(500, LoadOptions.parse("--rate", "500/s").rate());
    }

    @Test
    void histogramPercentilesAreWithinTheBucketPrecision() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1_000); // 1 us .. 100 ms, uniform
        }
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(100_000, s.count());
        for (double q : new double[] {0.5, 0.99, 0.999}) {
            double want = q * 100_000 * 1_000;
            double got = s.valueAt(q);
            assertTrue(got >= want && got <= want * (1 + 1.0 / LatencyHistogram.SUB_BUCKETS) + 1,
                    "q=" + q + " want ~" + want + " got " + got);
        }
        for (long v : new long[] {0, 1, 127, 128, 129, 1_000_000, 123_456_789L}) {
            int i = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.highestValue(i) >= v, "bucket of " + v);
            assertTrue(i == 0 || LatencyHistogram.highestValue(i - 1) < v, "bucket below " + v);
        }
    }
}
