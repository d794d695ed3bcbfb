package org.strowger.core.media.file;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import org.strowger.core.media.codec.G711;

/*
 * Reads RIFF/WAVE files as 16-bit linear mono, streaming: 16-bit PCM at 8, 16, 24 or 48 kHz and G.711 mu-law
 * (format tag 7) or A-law (6) at 8 kHz, mono or stereo (stereo is averaged to mono), also when the fmt chunk is
 * WAVE_FORMAT_EXTENSIBLE with one of those sub-formats. Chunks other than fmt and data (LIST, fact, cue, ...) are
 * skipped, with RIFF's pad byte after an odd-sized chunk.
 *
 * The header is parsed whole, against the channel's size, before anything is read: a file that is not RIFF/WAVE,
 * whose header is cut short, whose chunks claim more bytes than the file has, whose fmt chunk is missing, too short or
 * absurdly long, or whose format is not one of the above, is refused with an IOException that says which. Only the
 * data chunk may claim more than the file holds (a recording cut short, or a writer that never patched its size):
 * then the samples present are read. A trailing partial frame is ignored.
 *
 * One 4 KiB buffer, allocated at open; read() allocates nothing. The reader owns the channel and closes it.
 */
public final class WavReader implements Closeable {
    private static final int BUFFER = 4096;
    private static final int MAX_FMT = 1024;
    private static final long UNSIGNED_INT = 0xFFFFFFFFL;
    /** The GUID of the KSDATAFORMAT_SUBTYPE family after its first two bytes (the format tag). */
    private static final byte[] SUBTYPE_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private final SeekableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private WavEncoding encoding;
    private int channels;
    private int sampleRate;
    private int frameBytes;
    private long dataStart;
    private long frames;
    private long position;

    /** Opens and parses {@code path}. */
    public static WavReader open(Path path) throws IOException {
        SeekableByteChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new WavReader(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Parses the WAVE file in {@code channel} from its start; the reader owns the channel from then on. */
    public WavReader(SeekableByteChannel channel) throws IOException {
        this.channel = Objects.requireNonNull(channel, "channel");
        parse();
        channel.position(dataStart);
    }

    public WavEncoding encoding() {
        return encoding;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Channels in the file (1 or 2); reads are always mono. */
    public int channels() {
        return channels;
    }

    /** Sample frames in the file. */
    public long frames() {
        return frames;
    }

    /** Frames read (or sought past) so far. */
    public long position() {
        return position;
    }

    public Duration duration() {
        return Duration.ofNanos(frames * 1_000_000_000L / sampleRate); // frames < 2^32: no overflow
    }

    public long durationMillis() {
        return frames * 1000 / sampleRate;
    }

    /**
     * Reads up to {@code samples} mono samples into {@code out[offset..]}; returns the number read, or -1 at the end
     * of the data.
     */
    public int read(short[] out, int offset, int samples) throws IOException {
        Objects.checkFromIndexSize(offset, samples, out.length);
        if (samples == 0) {
            return 0;
        }
        if (position >= frames) {
            return -1;
        }
        int want = (int) Math.min(samples, frames - position);
        int done = 0;
        while (done < want) {
            int batch = Math.min(want - done, BUFFER / frameBytes);
            buffer.clear().limit(batch * frameBytes);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException("WAVE data ends at frame " + (position + done) + " of " + frames
                            + ": the file shrank while being read");
                }
            }
            buffer.flip();
            convert(out, offset + done, batch);
            done += batch;
        }
        position += want;
        return want;
    }

    /** Moves to sample frame {@code frame} (0..frames()). */
    public void seek(long frame) throws IOException {
        if (frame < 0 || frame > frames) {
            throw new IllegalArgumentException("frame " + frame + " outside 0.." + frames);
        }
        channel.position(dataStart + frame * frameBytes);
        position = frame;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void convert(short[] out, int at, int count) {
        for (int i = 0; i < count; i++) {
            int v = sample();
            if (channels == 2) {
                v = (v + sample()) >> 1;
            }
            out[at + i] = (short) v;
        }
    }

    private int sample() {
        return switch (encoding) {
            case PCM_16 -> buffer.getShort();
            case MULAW -> G711.ulawToLinear(buffer.get());
            case ALAW -> G711.alawToLinear(buffer.get());
        };
    }

    private void parse() throws IOException {
        long size = channel.size();
        if (size < 12) {
            throw new IOException("not a WAVE file: " + size + " bytes, shorter than a RIFF header (12)");
        }
        ByteBuffer header = readAt(0, 12);
        String riff = fourCc(header);
        long riffSize = u32(header);
        String wave = fourCc(header);
        if (riff.equals("RIFX") || riff.equals("RF64")) {
            throw new IOException("unsupported WAVE container '" + riff + "': little-endian RIFF only");
        }
        if (!riff.equals("RIFF")) {
            throw new IOException("not a RIFF file: it starts with '" + printable(riff) + "'");
        }
        if (!wave.equals("WAVE")) {
            throw new IOException("not a WAVE file: the RIFF form is '" + printable(wave) + "'");
        }
        // a RIFF size that fits the file bounds the chunks; a wrong or placeholder one is ignored
        long end = riffSize >= 4 && riffSize + 8 <= size ? riffSize + 8 : size;
        boolean fmt = false;
        long at = 12;
        while (true) {
            if (at + 8 > end) {
                throw new IOException(fmt ? "no data chunk" : "no fmt chunk");
            }
            ByteBuffer h = readAt(at, 8);
            String id = fourCc(h);
            long length = u32(h);
            long body = at + 8;
            switch (id) {
                case "fmt " -> {
                    if (fmt) {
                        throw new IOException("a second fmt chunk at offset " + at);
                    }
                    if (length < 16 || length > MAX_FMT) {
                        throw new IOException("fmt chunk of " + length + " bytes: 16.." + MAX_FMT + " expected");
                    }
                    if (body + length > end) {
                        throw new IOException("fmt chunk at offset " + at + " is cut short: " + length
                                + " bytes declared, " + (end - body) + " in the file");
                    }
                    format(readAt(body, (int) length), (int) length);
                    fmt = true;
                }
                case "data" -> {
                    if (!fmt) {
                        throw new IOException("data chunk at offset " + at + " before any fmt chunk");
                    }
                    dataStart = body;
                    long available = end - body;
                    long bytes = length > available ? available : length; // cut short or never patched
                    frames = bytes / frameBytes;
                    return;
                }
                default -> {
                    if (!printable(id).equals(id)) {
                        throw new IOException("malformed chunk id at offset " + at + ": '" + printable(id) + "'");
                    }
                }
            }
            if (body + length > end) {
                throw new IOException("chunk '" + id + "' at offset " + at + " declares " + length
                        + " bytes, beyond the end of the file (" + end + " bytes)");
            }
            at = body + length + (length & 1); // the pad byte after an odd-sized chunk
        }
    }

    private void format(ByteBuffer f, int length) throws IOException {
        int tag = u16(f);
        int ch = u16(f);
        long rate = u32(f);
        u32(f); // byte rate: often wrong in the wild, and implied by the rest
        int align = u16(f);
        int bits = u16(f);
        if (tag == 0xFFFE) {
            if (length < 40) {
                throw new IOException("WAVE_FORMAT_EXTENSIBLE fmt chunk of " + length + " bytes: 40 expected");
            }
            f.position(24);
            int sub = u16(f);
            for (byte b : SUBTYPE_TAIL) {
                if (f.get() != b) {
                    throw new IOException("WAVE_FORMAT_EXTENSIBLE with an unknown sub-format GUID");
                }
            }
            tag = sub;
        }
        encoding = switch (tag) {
            case 1 -> {
                if (bits != 16) {
                    throw new IOException(bits + "-bit PCM is not supported: 16-bit PCM, mu-law or A-law");
                }
                yield WavEncoding.PCM_16;
            }
            case 7 -> WavEncoding.MULAW;
            case 6 -> WavEncoding.ALAW;
            case 3 -> throw new IOException("IEEE float WAVE is not supported: 16-bit PCM, mu-law or A-law");
            default -> throw new IOException(String.format(
                    "WAVE format tag 0x%04X is not supported: 16-bit PCM (1), mu-law (7) or A-law (6)", tag));
        };
        if (bits != encoding.bitsPerSample()) {
            throw new IOException(encoding + " with " + bits + " bits per sample: " + encoding.bitsPerSample()
                    + " expected");
        }
        if (ch != 1 && ch != 2) {
            throw new IOException(ch + " channels: mono or stereo only");
        }
        if (rate > Integer.MAX_VALUE || !encoding.supports((int) rate)) {
            throw new IOException(encoding + " at " + rate + " Hz is not supported: " + encoding.rates());
        }
        if (align != ch * encoding.bytesPerSample()) {
            throw new IOException("block align " + align + " does not match " + ch + " channel(s) of " + bits
                    + " bits");
        }
        channels = ch;
        sampleRate = (int) rate;
        frameBytes = align;
    }

    /** Reads exactly {@code length} bytes at {@code offset} into the shared buffer (the header is parsed first). */
    private ByteBuffer readAt(long offset, int length) throws IOException {
        channel.position(offset);
        ByteBuffer b = buffer.clear().limit(length);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new IOException("WAVE header cut short at offset " + (offset + b.position()));
            }
        }
        return b.flip();
    }

    private static String fourCc(ByteBuffer b) {
        byte[] id = new byte[4];
        b.get(id);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    private static int u16(ByteBuffer b) {
        return b.getShort() & 0xFFFF;
    }

    private static long u32(ByteBuffer b) {
        return b.getInt() & UNSIGNED_INT;
    }
}
