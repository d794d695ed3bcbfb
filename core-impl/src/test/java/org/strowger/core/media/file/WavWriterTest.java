package org.strowger.core.media.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strowger.core.media.Signals;
import org.strowger.core.media.codec.G711;

class WavWriterTest {
    private static short[] noise(int n, long seed) {
        Random r = new Random(seed);
        short[] x = new short[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) r.nextInt(65536);
        }
        return x;
    }

    private static byte[] write(WavEncoding encoding, int rate, short[] x, int chunk) throws IOException {
        MemoryChannel ch = new MemoryChannel();
        WavWriter w = new WavWriter(ch, encoding, rate);
        for (int i = 0; i < x.length; i += chunk) {
            w.write(x, i, Math.min(chunk, x.length - i));
        }
        assertEquals(x.length, w.samples());
        w.close();
        return ch.bytes();
    }

    private static short[] readAll(byte[] file, int chunk) throws IOException {
        try (WavReader r = new WavReader(new MemoryChannel(file, 1000))) {
            short[] out = new short[(int) r.frames()];
            int o = 0;
            while (o < out.length) {
                int n = r.read(out, o, Math.min(chunk, out.length - o));
                assertTrue(n > 0);
                o += n;
            }
            assertEquals(-1, r.read(new short[1], 0, 1));
            return out;
        }
    }

    @Test
    void pcmRoundTripsExactlyAtEveryRate() throws IOException {
        for (int rate : new int[] {8000, 16000, 24000, 48000}) {
            short[] x = noise(rate / 2 + 1, rate);
            byte[] file = write(WavEncoding.PCM_16, rate, x, 333);
            assertEquals(44 + 2 * x.length, file.length);
            try (WavReader r = new WavReader(new MemoryChannel(file, 7))) {
                assertEquals(WavEncoding.PCM_16, r.encoding());
                assertEquals(rate, r.sampleRate());
                assertEquals(1, r.channels());
                assertEquals(x.length, r.frames());
                assertEquals(500, r.durationMillis());
            }
            assertArrayEquals(x, readAll(file, 160));
        }
    }

    @Test
    void g711RoundTripsAsItsCompandedValues() throws IOException {
        short[] x = Signals.sine(8000, 1000, -10, 8001);
        for (WavEncoding e : new WavEncoding[] {WavEncoding.MULAW, WavEncoding.ALAW}) {
            byte[] file = write(e, 8000, x, 160);
            // 58-byte header, 8001 data bytes and a pad byte
            assertEquals(58 + 8001 + 1, file.length);
            short[] y = readAll(file, 333);
            for (int i = 0; i < x.length; i++) {
                short expected = e == WavEncoding.MULAW ? G711.ulawToLinear(G711.linearToUlaw(x[i]))
                        : G711.alawToLinear(G711.linearToAlaw(x[i]));
                assertEquals(expected, y[i], e + " at " + i);
            }
            assertTrue(Signals.snrDb(x, 0, y, 0, x.length) > 30);
        }
    }

    @Test
    void theHeaderFieldsAndSizesArePatchedOnClose() throws IOException {
        byte[] file = write(WavEncoding.MULAW, 8000, new short[3], 3);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", ascii(file, 0));
        assertEquals(file.length - 8, b.getInt(4));
        assertEquals("WAVE", ascii(file, 8));
        assertEquals("fmt ", ascii(file, 12));
        assertEquals(18, b.getInt(16));
        assertEquals(7, b.getShort(20));
        assertEquals(1, b.getShort(22));
        assertEquals(8000, b.getInt(24));
        assertEquals(8000, b.getInt(28));
        assertEquals(1, b.getShort(32));
        assertEquals(8, b.getShort(34));
        assertEquals(0, b.getShort(36));
        assertEquals("fact", ascii(file, 38));
        assertEquals(3, b.getInt(46));
        assertEquals("data", ascii(file, 50));
        assertEquals(3, b.getInt(54));
        assertEquals(58 + 3 + 1, file.length);

        byte[] pcm = write(WavEncoding.PCM_16, 16000, new short[5], 5);
        ByteBuffer p = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(44 + 10, pcm.length);
        assertEquals(pcm.length - 8, p.getInt(4));
        assertEquals(16, p.getInt(16));
        assertEquals(32000, p.getInt(28));
        assertEquals(2, p.getShort(32));
        assertEquals(16, p.getShort(34));
        assertEquals("data", ascii(pcm, 36));
        assertEquals(10, p.getInt(40));
    }

    @Test
    void closeIsIdempotentAndWritingAfterItFails() throws IOException {
        MemoryChannel ch = new MemoryChannel();
        WavWriter w = new WavWriter(ch, WavEncoding.PCM_16, 8000);
        w.write(new short[] {1, 2, 3}, 0, 3);
        w.close();
        byte[] once = ch.bytes();
        w.close();
        assertArrayEquals(once, ch.bytes());
        assertEquals(1, ch.closes);
        assertThrows(IOException.class, () -> w.write(new short[1], 0, 1));
    }

    @Test
    void theDurationWrittenIsReported() throws IOException {
        WavWriter w = new WavWriter(new MemoryChannel(), WavEncoding.PCM_16, 48000);
        w.write(new short[960], 0, 960);
        w.write(new short[480], 0, 480);
        assertEquals(30, w.durationMillis());
        assertEquals(Duration.ofMillis(30), w.duration());
        w.close();
        assertEquals(30, w.durationMillis());
    }

    @Test
    void filesOnDiskRoundTrip(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("x.wav");
        short[] x = noise(24000, 1);
        try (WavWriter w = WavWriter.create(p, WavEncoding.PCM_16, 24000)) {
            w.write(x, 0, x.length);
        }
        assertEquals(44 + 48000, Files.size(p));
        try (WavReader r = WavReader.open(p)) {
            assertEquals(Duration.ofSeconds(1), r.duration());
            short[] y = new short[x.length];
            assertEquals(x.length, r.read(y, 0, y.length));
            assertArrayEquals(x, y);
            r.seek(100);
            short[] z = new short[10];
            assertEquals(10, r.read(z, 0, 10));
            assertEquals(x[100], z[0]);
            assertEquals(110, r.position());
        }
        // create truncates an existing file
        try (WavWriter w = WavWriter.create(p, WavEncoding.ALAW, 8000)) {
            w.write(x, 0, 10);
        }
        assertEquals(58 + 10, Files.size(p));
    }

    @Test
    void writeAllocatesNothing() throws IOException {
        MemoryChannel ch = new MemoryChannel();
        WavWriter w = new WavWriter(ch, WavEncoding.MULAW, 8000);
        short[] frame = Signals.sine(8000, 1000, -10, 160);
        for (int i = 0; i < 3000; i++) {
            w.write(frame, 0, 160);
        }
        // (the memory channel grows by doubling: 480 KB so far, and the next doubling is past what we write)
        long bytes = Signals.allocatedBytes(() -> {
            try {
                for (int i = 0; i < 500; i++) {
                    w.write(frame, 0, 160);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(bytes < 1024, bytes + " bytes");
    }

    @Test
    void unsupportedFormatsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WavWriter(new MemoryChannel(), WavEncoding.PCM_16, 44100));
        assertTrue(e.getMessage().contains("44100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WavWriter(new MemoryChannel(), WavEncoding.MULAW, 16000));
        assertTrue(e.getMessage().contains("8000 Hz"), e.getMessage());
    }

    private static String ascii(byte[] b, int at) {
        return new String(b, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
