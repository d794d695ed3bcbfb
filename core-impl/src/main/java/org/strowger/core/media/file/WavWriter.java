package org.strowger.core.media.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import org.strowger.core.media.codec.G711;

/*
 * Writes a mono RIFF/WAVE file from 16-bit linear samples, streaming: 16-bit PCM at 8, 16, 24 or 48 kHz (a 44-byte
 * header), or G.711 mu-law / A-law at 8 kHz (fmt with cbSize 0 and a fact chunk, as non-PCM formats require: a
 * 58-byte header). The header goes out first with zero sizes; close() appends the pad byte an odd-sized data chunk
 * needs and patches the RIFF, fact and data sizes, so a file is complete only once closed. close() is idempotent.
 *
 * The header is written at the channel's position when the writer is made, and sizes are patched relative to it.
 * Files are limited to RIFF's 4 GiB. One 4 KiB buffer, allocated at construction; write() allocates nothing. The
 * writer owns the channel and closes it.
 */
public final class WavWriter implements Closeable {
    private static final int BUFFER = 4096;
    private static final long MAX_RIFF = 0xFFFFFFFFL;

    private final SeekableByteChannel channel;
    private final WavEncoding encoding;
    private final int sampleRate;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final long base;
    private final int headerBytes;
    private final long factAt;
    private final long dataSizeAt;
    private long samples;
    private boolean closed;

    /** Creates (or truncates) {@code path} and writes the header. */
    public static WavWriter create(Path path, WavEncoding encoding, int sampleRate) throws IOException {
        check(encoding, sampleRate);
        SeekableByteChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        try {
            return new WavWriter(ch, encoding, sampleRate);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Writes the header to {@code channel} at its position; the writer owns the channel from then on. */
    public WavWriter(SeekableByteChannel channel, WavEncoding encoding, int sampleRate) throws IOException {
        this.channel = Objects.requireNonNull(channel, "channel");
        check(encoding, sampleRate);
        this.encoding = encoding;
        this.sampleRate = sampleRate;
        this.base = channel.position();
        boolean pcm = encoding == WavEncoding.PCM_16;
        int fmtBytes = pcm ? 16 : 18;
        ByteBuffer h = buffer.clear();
        fourCc(h, "RIFF");
        h.putInt(0);
        fourCc(h, "WAVE");
        fourCc(h, "fmt ");
        h.putInt(fmtBytes);
        h.putShort((short) encoding.formatTag());
        h.putShort((short) 1);
        h.putInt(sampleRate);
        h.putInt(sampleRate * encoding.bytesPerSample());
        h.putShort((short) encoding.bytesPerSample());
        h.putShort((short) encoding.bitsPerSample());
        if (pcm) {
            factAt = -1;
        } else {
            h.putShort((short) 0); // cbSize
            fourCc(h, "fact");
            h.putInt(4);
            factAt = base + h.position();
            h.putInt(0);
        }
        fourCc(h, "data");
        dataSizeAt = base + h.position();
        h.putInt(0);
        headerBytes = h.position();
        drain(h.flip());
    }

    public WavEncoding encoding() {
        return encoding;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Samples written so far. */
    public long samples() {
        return samples;
    }

    /** Duration of the samples written so far. */
    public Duration duration() {
        return Duration.ofNanos(samples * 1_000_000_000L / sampleRate);
    }

    public long durationMillis() {
        return samples * 1000 / sampleRate;
    }

    /** Appends {@code count} samples of {@code in[offset..]}. */
    public void write(short[] in, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, in.length);
        if (closed) {
            throw new ClosedChannelException();
        }
        int bytesPerSample = encoding.bytesPerSample();
        long dataBytes = (samples + count) * bytesPerSample;
        if (headerBytes - 8 + dataBytes + (dataBytes & 1) > MAX_RIFF) {
            throw new IOException("WAVE file would exceed RIFF's 4 GiB limit");
        }
        int done = 0;
        while (done < count) {
            int batch = Math.min(count - done, BUFFER / bytesPerSample);
            ByteBuffer b = buffer.clear();
            for (int i = offset + done, end = i + batch; i < end; i++) {
                switch (encoding) {
                    case PCM_16 -> b.putShort(in[i]);
                    case MULAW -> b.put(G711.linearToUlaw(in[i]));
                    case ALAW -> b.put(G711.linearToAlaw(in[i]));
                }
            }
            drain(b.flip());
            done += batch;
        }
        samples += count;
    }

    /** Pads, patches the sizes and closes the channel; later calls do nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long dataBytes = samples * encoding.bytesPerSample();
            long end = base + headerBytes + dataBytes;
            channel.position(end);
            if ((dataBytes & 1) != 0) {
                drain(buffer.clear().put((byte) 0).flip());
                end++;
            }
            patch(base + 4, end - base - 8);
            if (factAt >= 0) {
                patch(factAt, samples);
            }
            patch(dataSizeAt, dataBytes);
            channel.position(end);
        } finally {
            channel.close();
        }
    }

    private void patch(long at, long value) throws IOException {
        channel.position(at);
        drain(buffer.clear().putInt((int) value).flip());
    }

    private void drain(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    private static void fourCc(ByteBuffer b, String id) {
        b.put(id.getBytes(StandardCharsets.US_ASCII));
    }

    private static void check(WavEncoding encoding, int sampleRate) {
        Objects.requireNonNull(encoding, "encoding");
        if (!encoding.supports(sampleRate)) {
            throw new IllegalArgumentException(
                    encoding + " at " + sampleRate + " Hz is not supported: " + encoding.rates());
        }
    }
}
