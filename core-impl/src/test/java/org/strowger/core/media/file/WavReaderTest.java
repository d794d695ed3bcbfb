package org.strowger.core.media.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.strowger.core.media.Signals;
import org.strowger.core.media.codec.G711;

class WavReaderTest {
    /** Builds RIFF files chunk by chunk; sizes are whatever the test says. */
    static final class Riff {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Long riffSize;

        Riff riffSize(long size) {
            riffSize = size;
            return this;
        }

        Riff chunk(String id, byte[] body) {
            return chunk(id, body.length, body);
        }

        Riff chunk(String id, long declared, byte[] body) {
            out.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(le32(declared));
            out.writeBytes(body);
            if ((body.length & 1) != 0 && declared == body.length) {
                out.write(0);
            }
            return this;
        }

        Riff raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            byte[] body = out.toByteArray();
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
            f.writeBytes(le32(riffSize != null ? riffSize : body.length + 4));
            f.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
            f.writeBytes(body);
            return f.toByteArray();
        }
    }

    static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    static byte[] fmt(int tag, int channels, int rate, int bits, int extra) {
        int align = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(16 + extra).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * align).putShort((short) align)
                .putShort((short) bits);
        return b.array();
    }

    static byte[] pcm(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    private static short[] read(byte[] file) throws IOException {
        try (WavReader r = new WavReader(new MemoryChannel(file, 5))) {
            short[] out = new short[(int) r.frames()];
            int o = 0;
            while (o < out.length) {
                o += r.read(out, o, Math.min(7, out.length - o));
            }
            return out;
        }
    }

    private static String refused(byte[] file) {
        IOException e = assertThrows(IOException.class, () -> new WavReader(new MemoryChannel(file, 3)));
        return e.getMessage();
    }

    @Test
    void extraChunksAndOddPaddingAreSkipped() throws IOException {
        byte[] file = new Riff()
                .chunk("LIST", "INFOISFT\u0005\0\0\0odd!!".getBytes(StandardCharsets.ISO_8859_1)) // 17 bytes + pad
                .chunk("fmt ", fmt(1, 1, 16000, 16, 2)) // 18-byte fmt with cbSize 0
                .chunk("fact", le32(3))
                .chunk("junk", new byte[3])
                .chunk("data", pcm((short) 1, (short) -2, (short) 32767))
                .chunk("LIST", new byte[4]) // after the data: never reached
                .bytes();
        try (WavReader r = new WavReader(new MemoryChannel(file, 5))) {
            assertEquals(16000, r.sampleRate());
            assertEquals(3, r.frames());
        }
        assertArrayEquals(new short[] {1, -2, 32767}, read(file));
    }

    @Test
    void stereoIsAveragedToMono() throws IOException {
        byte[] file = new Riff().chunk("fmt ", fmt(1, 2, 8000, 16, 0))
                .chunk("data", pcm((short) 100, (short) 300, (short) -32768, (short) -32768, (short) 32767, (short) 1))
                .bytes();
        try (WavReader r = new WavReader(new MemoryChannel(file, 64))) {
            assertEquals(2, r.channels());
            assertEquals(3, r.frames());
        }
        assertArrayEquals(new short[] {200, -32768, 16384}, read(file));
    }

    @Test
    void g711FilesDecodeAndExtensibleFormatsAreUnderstood() throws IOException {
        byte[] codes = {(byte) 0xFF, (byte) 0x80, 0x00, 0x7F, 0x11};
        byte[] ulaw = new Riff().chunk("fmt ", fmt(7, 1, 8000, 8, 2)).chunk("fact", le32(5)).chunk("data", codes).bytes();
        short[] u = read(ulaw);
        for (int i = 0; i < codes.length; i++) {
            assertEquals(G711.ulawToLinear(codes[i]), u[i]);
        }
        byte[] alaw = new Riff().chunk("fmt ", fmt(6, 1, 8000, 8, 2)).chunk("data", codes).bytes();
        short[] a = read(alaw);
        for (int i = 0; i < codes.length; i++) {
            assertEquals(G711.alawToLinear(codes[i]), a[i]);
        }
        // WAVE_FORMAT_EXTENSIBLE with the PCM sub-format
        ByteBuffer ext = ByteBuffer.wrap(fmt(0xFFFE, 1, 48000, 16, 24)).order(ByteOrder.LITTLE_ENDIAN);
        ext.position(16);
        ext.putShort((short) 22).putShort((short) 16).putInt(4).putShort((short) 1)
                .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        byte[] extensible = new Riff().chunk("fmt ", ext.array()).chunk("data", pcm((short) 5, (short) 6)).bytes();
        assertArrayEquals(new short[] {5, 6}, read(extensible));
        byte[] badGuid = extensible.clone();
        badGuid[20 + 8 + 30] ^= 1;
        assertTrue(refused(badGuid).contains("sub-format"));
    }

    @Test
    void aDataChunkCutShortOrNeverPatchedReadsWhatIsThere() throws IOException {
        byte[] cut = new Riff().chunk("fmt ", fmt(1, 1, 8000, 16, 0)).chunk("data", 1000, pcm((short) 7, (short) 8))
                .raw(new byte[] {9}) // half a frame
                .bytes();
        assertArrayEquals(new short[] {7, 8}, read(cut));
        byte[] placeholder = new Riff().riffSize(0).chunk("fmt ", fmt(1, 1, 8000, 16, 0))
                .chunk("data", 0xFFFFFFFFL, pcm((short) 1, (short) 2, (short) 3)).bytes();
        assertArrayEquals(new short[] {1, 2, 3}, read(placeholder));
        // a RIFF size shorter than the file bounds it: trailing bytes are not data
        byte[] trailing = new Riff().chunk("fmt ", fmt(1, 1, 8000, 16, 0)).chunk("data", 0xFFFFFFFFL, pcm((short) 1))
                .bytes();
        byte[] withJunk = Arrays.copyOf(trailing, trailing.length + 6);
        assertArrayEquals(new short[] {1}, read(withJunk));
    }

    @Test
    void malformedAndUnsupportedFilesAreRefusedWithAReason() {
        byte[] fmt16 = fmt(1, 1, 8000, 16, 0);
        assertContains(refused(new byte[0]), "shorter than a RIFF header");
        assertContains(refused("RIFX\0\0\0\0WAVE".getBytes(StandardCharsets.ISO_8859_1)), "'RIFX'");
        assertContains(refused("OggS\0\0\0\0WAVE".getBytes(StandardCharsets.ISO_8859_1)), "not a RIFF file");
        assertContains(refused("RIFF\4\0\0\0AVI ".getBytes(StandardCharsets.ISO_8859_1)), "'AVI '");
        assertContains(refused(new Riff().bytes()), "no fmt chunk");
        assertContains(refused(new Riff().chunk("fmt ", fmt16).bytes()), "no data chunk");
        assertContains(refused(new Riff().chunk("data", pcm((short) 1)).chunk("fmt ", fmt16).bytes()), "before any fmt");
        assertContains(refused(new Riff().chunk("fmt ", Arrays.copyOf(fmt16, 14)).chunk("data", pcm()).bytes()),
                "fmt chunk of 14 bytes");
        assertContains(refused(new Riff().chunk("fmt ", 100_000, fmt16).bytes()), "fmt chunk of 100000 bytes");
        assertContains(refused(new Riff().chunk("fmt ", 40, fmt16).bytes()), "cut short");
        assertContains(refused(new Riff().chunk("fmt ", fmt16).chunk("fmt ", fmt16).chunk("data", pcm()).bytes()),
                "second fmt");
        assertContains(refused(new Riff().chunk("LIST", 0xFFFFFFFFL, new byte[4]).bytes()), "beyond the end");
        assertContains(refused(new Riff().chunk("fmt ", fmt(1, 1, 8000, 8, 0)).chunk("data", new byte[2]).bytes()),
                "8-bit PCM");
        assertContains(refused(new Riff().chunk("fmt ", fmt(1, 1, 8000, 24, 0)).chunk("data", new byte[3]).bytes()),
                "24-bit PCM");
        assertContains(refused(new Riff().chunk("fmt ", fmt(3, 1, 8000, 32, 0)).chunk("data", new byte[4]).bytes()),
                "IEEE float");
        assertContains(refused(new Riff().chunk("fmt ", fmt(0x11, 1, 8000, 4, 0)).chunk("data", new byte[4]).bytes()),
                "0x0011");
        assertContains(refused(new Riff().chunk("fmt ", fmt(1, 1, 44100, 16, 0)).chunk("data", pcm()).bytes()),
                "44100 Hz");
        assertContains(refused(new Riff().chunk("fmt ", fmt(7, 1, 16000, 8, 0)).chunk("data", new byte[2]).bytes()),
                "MULAW at 16000 Hz");
        assertContains(refused(new Riff().chunk("fmt ", fmt(1, 3, 8000, 16, 0)).chunk("data", pcm()).bytes()),
                "3 channels");
        assertContains(refused(new Riff().chunk("fmt ", fmt(7, 1, 8000, 16, 0)).chunk("data", pcm()).bytes()),
                "16 bits per sample");
        byte[] badAlign = fmt16.clone();
        badAlign[12] = 4;
        assertContains(refused(new Riff().chunk("fmt ", badAlign).chunk("data", pcm()).bytes()), "block align 4");
        assertContains(refused(new Riff().raw(new byte[] {1, 2, 3, 4, 8, 0, 0, 0}).raw(new byte[8]).bytes()),
                "malformed chunk id");
    }

    @Test
    void everyTruncationOfTheHeaderIsRefusedAndOfTheDataIsRead() throws IOException {
        byte[] file = new Riff().chunk("LIST", new byte[5]).chunk("fmt ", fmt(7, 1, 8000, 8, 2))
                .chunk("fact", le32(40)).chunk("data", new byte[40]).bytes();
        int dataStart = file.length - 40;
        for (int n = 0; n < file.length; n++) {
            byte[] prefix = Arrays.copyOf(file, n);
            if (n < dataStart) {
                refused(prefix); // an IOException, nothing else
            } else {
                try (WavReader r = new WavReader(new MemoryChannel(prefix, 2))) {
                    assertEquals(n - dataStart, r.frames());
                }
            }
        }
    }

    @Test
    void corruptedHeadersGiveAnIoExceptionOrAFileNeverAnythingElse() {
        byte[] file = new Riff().chunk("LIST", new byte[9]).chunk("fmt ", fmt(1, 2, 16000, 16, 0))
                .chunk("data", pcm(new short[64])).bytes();
        Random random = new Random(11);
        int parsed = 0;
        for (int trial = 0; trial < 5000; trial++) {
            byte[] bad = file.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                bad[random.nextInt(64)] = (byte) random.nextInt(256);
            }
            try (WavReader r = new WavReader(new MemoryChannel(bad, 1 + random.nextInt(16)))) {
                short[] out = new short[16];
                while (r.read(out, 0, out.length) > 0) {
                    parsed += 0;
                }
                parsed++;
            } catch (IOException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (RuntimeException e) {
                fail("trial " + trial + ": " + e, e);
            }
        }
        assertTrue(parsed > 100, "some corruptions leave a readable file: " + parsed);
    }

    @Test
    void readAllocatesNothing() throws IOException {
        short[] x = Signals.sine(8000, 1000, -10, 8000 * 30);
        MemoryChannel ch = new MemoryChannel();
        try (WavWriter w = new WavWriter(ch, WavEncoding.PCM_16, 8000)) {
            w.write(x, 0, x.length);
        }
        WavReader r = new WavReader(new MemoryChannel(ch.bytes(), Integer.MAX_VALUE));
        short[] frame = new short[160];
        for (int i = 0; i < 500; i++) {
            r.read(frame, 0, 160);
        }
        long bytes = Signals.allocatedBytes(() -> {
            try {
                for (int i = 0; i < 500; i++) {
                    r.read(frame, 0, 160);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(bytes < 1024, bytes + " bytes");
        assertThrows(IllegalArgumentException.class, () -> r.seek(-1));
        assertThrows(IllegalArgumentException.class, () -> r.seek(r.frames() + 1));
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), "'" + message + "' should mention '" + part + "'");
    }
}
