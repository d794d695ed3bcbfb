package org.strowger.core.media.play;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.MediaSource;
import org.strowger.core.log.LogText;
import org.strowger.core.media.file.FileErrorText;
import org.strowger.core.media.file.WavReader;

/*
 * A WAV file played from a read-ahead ring, so that read() on the executor only copies memory. The file is opened,
 * parsed and its first second read on a virtual thread of its own, which then completes the opening stage; after
 * that a virtual thread refills the ring whenever read() has emptied half of it. The ring holds one second of
 * samples already decoded (WavReader: PCM, G.711, stereo mixed down) and converted to the playback's rate
 * (AlignedResampler, so the file keeps its length and timing). A file that fits in the ring is closed as soon as it
 * has been read, so a short prompt holds no file while it plays.
 *
 * Threads: one consumer (the executor calling read and close) and at most one reader at a time. The state word is
 * the right to read: READING while a reader thread owns the file, IDLE when none does, CLOSED for good. The consumer
 * starts a reader only by CAS from IDLE, a reader gives the right back by CAS to IDLE and then re-checks whether the
 * ring wants more, so a refill is never lost. The ring is single-producer single-consumer: `written` and `consumed`
 * are volatile counts of samples, published after the samples they cover. If the reader falls behind, read() plays
 * silence for what is missing (counted) instead of waiting; at the end of the file it returns fewer samples. close()
 * takes the state to CLOSED: a reader under way closes the file itself; otherwise a virtual thread does, so that even
 * closing the file is not done on the executor.
 *
 * Limits: a file holding more than MediaSource.MAX_DURATION of audio is refused, as is one that is not a regular file
 * (a FIFO would block its reader for ever).
 */
final class WavFileSource extends PcmSource {
    /** The most audio a file may hold. */
    static final Duration MAX_AUDIO = MediaSource.MAX_DURATION;
    private static final ThreadFactory READERS = Thread.ofVirtual().name("strowger-wav-reader")
            .inheritInheritableThreadLocals(false).factory();
    private static final int INPUT = 1024;
    private static final int IDLE = 0;
    private static final int READING = 1;
    private static final int CLOSED = 2;

    private final String name;
    private final short[] ring;
    private final AtomicInteger state = new AtomicInteger(READING);
    private volatile long written;
    private volatile long consumed;
    private volatile boolean ended;
    private volatile MediaException failure;
    private long underrun; // the consumer's

    // the reader's, handed from one reader thread to the next through `state`
    private WavReader reader;
    private final AlignedResampler resampler;
    private final short[] input = new short[INPUT];
    private final short[] output;
    private int outStart;
    private int outEnd;
    private boolean inputDone;

    private WavFileSource(String name, WavReader reader, int rate) {
        super(rate);
        this.name = name;
        this.reader = reader;
        this.ring = new short[rate];
        this.resampler = new AlignedResampler(reader.sampleRate(), rate);
        this.output = new short[Math.max(resampler.maxOutput(INPUT), resampler.flushRoom())];
    }

    /** Opens {@code path} on a virtual thread; the stage completes there, with its first second read. */
    static CompletableFuture<PcmSource> open(Path path, int rate) {
        CompletableFuture<PcmSource> opened = new CompletableFuture<>();
        READERS.newThread(() -> {
            String name = LogText.escape(path.toString());
            try {
                opened.complete(openHere(path, name, rate));
            } catch (MediaException e) {
                opened.completeExceptionally(e);
            } catch (RuntimeException e) {
                opened.completeExceptionally(new MediaException("WAV file " + name + " cannot be played: "
                        + LogText.escape(e.toString()), e));
            }
        }).start();
        return opened;
    }

    private static WavFileSource openHere(Path path, String name, int rate) throws MediaException {
        WavReader reader;
        try {
            if (!Files.readAttributes(path, BasicFileAttributes.class).isRegularFile()) {
                throw new MediaException("WAV file " + name + " cannot be played: not a regular file");
            }
            reader = WavReader.open(path);
        } catch (IOException e) {
            throw new MediaException("WAV file " + name + " cannot be played: " + FileErrorText.of(e), e);
        }
        if (reader.duration().compareTo(MAX_AUDIO) > 0) {
            closeQuietly(reader);
            throw new MediaException("WAV file " + name + " cannot be played: it holds " + reader.duration().toMinutes()
                    + " minutes of audio, more than the " + MAX_AUDIO.toHours() + " hours a file may hold");
        }
        WavFileSource source = new WavFileSource(name, reader, rate);
        source.fill();
        if (source.failure != null) {
            throw source.failure; // the file is closed
        }
        source.state.set(IDLE);
        return source;
    }

    @Override
    int read(short[] out, int offset, int count) {
        if (state.get() == CLOSED) {
            return 0;
        }
        boolean end = ended; // read before `written`: once ended, `written` is final
        long c = consumed;
        int n = (int) Math.min(count, written - c);
        int at = (int) (c % ring.length);
        int first = Math.min(n, ring.length - at);
        System.arraycopy(ring, at, out, offset, first);
        System.arraycopy(ring, 0, out, offset + first, n - first);
        consumed = c + n;
        if (n < count && !end) {
            Arrays.fill(out, offset + n, offset + count, (short) 0);
            underrun += count - n;
            n = count;
        }
        if (wanted() && state.compareAndSet(IDLE, READING)) {
            READERS.newThread(this::refill).start();
        }
        return n;
    }

    @Override
    boolean ready(int count) {
        return ended || written - consumed >= count;
    }

    /** Samples of silence played because the read-ahead had fallen short. The consumer's. */
    long underrunSamples() {
        return underrun;
    }

    @Override
    public MediaException failure() {
        return failure;
    }

    @Override
    public void close() {
        int s = state.get();
        while (s != CLOSED) {
            if (state.compareAndSet(s, CLOSED)) {
                if (s == IDLE && !ended) {
                    READERS.newThread(this::closeFile).start(); // no reader holds it, and none will
                }
                return;
            }
            s = state.get();
        }
    }

    /** The ring has room for half of it or more, and the file has more. */
    private boolean wanted() {
        return !ended && ring.length - (written - consumed) >= ring.length / 2;
    }

    /** A refill thread: holds READING from its start. */
    private void refill() {
        do {
            fill();
            if (!state.compareAndSet(READING, IDLE)) {
                closeFile(); // closed meanwhile: the file is this thread's to close
                return;
            }
        } while (wanted() && state.compareAndSet(IDLE, READING));
    }

    /** Fills the ring until it is full, the file has ended (closing it) or the source is closed. Holds READING. */
    private void fill() {
        try {
            while (state.get() != CLOSED) {
                if (outStart == outEnd && !produce()) {
                    finishReading(null);
                    return;
                }
                long w = written;
                int free = ring.length - (int) (w - consumed);
                if (free == 0) {
                    return;
                }
                int n = Math.min(free, outEnd - outStart);
                int at = (int) (w % ring.length);
                int first = Math.min(n, ring.length - at);
                System.arraycopy(output, outStart, ring, at, first);
                System.arraycopy(output, outStart + first, ring, 0, n - first);
                outStart += n;
                written = w + n;
            }
        } catch (IOException e) {
            finishReading(new MediaException("WAV file " + name + " could not be read to its end: "
                    + FileErrorText.of(e), e));
        } catch (RuntimeException e) {
            finishReading(new MediaException("WAV file " + name + " could not be read to its end: "
                    + LogText.escape(e.toString()), e));
        }
    }

    /** The next converted samples into `output`; false once the file and the resampler's tail are used up. */
    private boolean produce() throws IOException {
        outStart = 0;
        outEnd = 0;
        if (!inputDone) {
            int n = reader.read(input, 0, INPUT);
            if (n > 0) {
                outEnd = resampler.process(input, 0, n, output, 0);
                return true;
            }
            inputDone = true;
            closeFile();
        }
        outEnd = resampler.flush(output, 0);
        return outEnd > 0;
    }

    private void finishReading(MediaException why) {
        closeFile();
        failure = why;
        ended = true;
    }

    private void closeFile() {
        if (reader != null) {
            closeQuietly(reader);
            reader = null;
        }
    }

    private static void closeQuietly(WavReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // a file opened only for reading: nothing is lost
        }
    }
}
