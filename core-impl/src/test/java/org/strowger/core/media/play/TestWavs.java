package org.strowger.core.media.play;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.strowger.core.media.file.WavEncoding;
import org.strowger.core.media.file.WavWriter;

/** WAV files for the tests: mono ones through WavWriter, others (stereo, unsupported, huge) by hand. */
final class TestWavs {
    private TestWavs() {
    }

    /** A mono file written by WavWriter. */
    static Path mono(Path file, WavEncoding encoding, int rate, short[] samples) throws IOException {
        try (WavWriter w = WavWriter.create(file, encoding, rate)) {
            w.write(samples, 0, samples.length);
        }
        return file;
    }

    /** A stereo 16-bit PCM file, {@code left} and {@code right} interleaved. */
    static Path stereo(Path file, int rate, short[] left, short[] right) throws IOException {
        ByteBuffer b = header(1, 2, rate, 16, left.length * 4L);
        ByteBuffer data = ByteBuffer.allocate(left.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < left.length; i++) {
            data.putShort(left[i]).putShort(right[i]);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(b);
            ch.write(data.flip());
        }
        return file;
    }

    /**
     * A file whose header declares {@code dataBytes} bytes of audio, sparse: nothing but the header and the last
     * byte is written, so a file of any size costs no disk space.
     */
    static Path sparse(Path file, int formatTag, int channels, int rate, int bits, long dataBytes)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer h = header(formatTag, channels, rate, bits, dataBytes);
            int headerBytes = h.remaining();
            ch.write(h);
            ch.write(ByteBuffer.allocate(1), headerBytes + dataBytes - 1);
        }
        return file;
    }

    /** A 44-byte RIFF/WAVE header: a 16-byte fmt chunk, then the data chunk's header. */
    static ByteBuffer header(int formatTag, int channels, int rate, int bits, long dataBytes) {
        int align = channels * bits / 8;
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
        h.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        h.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        h.putShort((short) formatTag).putShort((short) channels).putInt(rate).putInt(rate * align)
                .putShort((short) align).putShort((short) bits);
        h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return h.flip();
    }
}
