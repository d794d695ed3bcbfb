package org.strowger.core.media.record;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.strowger.api.media.MediaException;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.RecordingResult;
import org.strowger.core.log.LogText;
import org.strowger.core.media.file.FileErrorText;
import org.strowger.core.media.file.WavEncoding;
import org.strowger.core.media.file.WavWriter;

/*
 * One recording's WAV file, written on a thread of its own. A channel's executor hands it the audio it reads (from the
 * far end) and writes (toward it) as 16-bit linear at sampleRate() (16 kHz for LINEAR_16K, else 8 kHz); Side.READ and
 * Side.WRITE keep one direction, Side.BOTH mixes the two into one mono track (DirectionMixer: aligned by sample count,
 * a direction more than MAX_LAG_MS behind the other counts as silence). The file's encoding is the options' format.
 *
 * Hand-off, the pattern of the core's isolated consumers (IsolatedConsumer): the executor gathers the track into
 * blocks of BLOCK_MS and offers each to a lock-free queue bounded by a counter; the first offer after the writer went
 * idle starts a virtual thread that drains the queue into a WavWriter, gives the role back, and re-checks the queue,
 * so no block is left behind and one writer runs at a time. Blocks rather than frames go over, so the writer wakes
 * five times a second, not a hundred; written blocks come back through a second queue for reuse. Nothing on the
 * executor waits or touches the disk: creating the file, writing and closing it all happen on the writer's thread
 * (a virtual thread stuck on a slow disk delays only its recording).
 *
 * Bound: MAX_QUEUED_BLOCKS blocks (5 s of audio) waiting or being written. A block that does not fit is dropped and
 * counted, the recording is then full() (the channel finishes it) and finish() fails with a MediaException saying
 * how much was lost, the file closed and valid up to the loss. A file that cannot be created or written likewise makes
 * the recording full() and fails finish(). full() is also true once maxDuration of audio has been taken; audio
 * beyond it is cut off at the exact sample.
 *
 * Threads: read, write, full, finish and droppedSamples on the channel's executor, one call at a time; finish's stage
 * completes on the writer's thread.
 */
public final class RecordingWriter {
    /** Audio per block handed to the writer. */
    static final int BLOCK_MS = 200;
    /** Blocks waiting for or in the writer at most: 5 s of audio. */
    static final int MAX_QUEUED_BLOCKS = 25;
    /** Side.BOTH: how far one direction may run ahead of the other before the other's missing audio is silence. */
    static final int MAX_LAG_MS = 200;
    private static final ThreadFactory WRITERS = Thread.ofVirtual().name("strowger-recording")
            .inheritInheritableThreadLocals(false).factory();
    private static final FileOpener FILES = file -> FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    /** Opens the recording's file for writing; a seam for tests (a slow or failing disk). */
    @FunctionalInterface
    interface FileOpener {
        SeekableByteChannel open(Path file) throws IOException;
    }

    /** Samples on their way to the writer; the last one of a recording carries its end instead. */
    private static final class Block {
        final short[] samples;
        int length;
        RecordingResult.End end;
        long dropped;

        Block(int capacity) {
            samples = new short[capacity];
        }
    }

    private final Path file;
    private final String name;
    private final RecordOptions.Side side;
    private final int rate;
    private final WavEncoding encoding;
    private final long maxSamples;
    private final int blockSamples;
    private final FileOpener opener;
    private final DirectionMixer mixer; // Side.BOTH only
    private final ConcurrentLinkedQueue<Block> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Block> spare = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<RecordingResult> result = new CompletableFuture<>();
    private final CompletionStage<RecordingResult> stage = result.minimalCompletionStage();
    private volatile MediaException failure; // set by the writer

    // the executor's
    private Block block;
    private long accepted;
    private long dropped;
    private boolean finishing;

    // the writer's, handed from one writer thread to the next through `draining`
    private WavWriter writer;
    private boolean opened;

    private RecordingWriter(RecordOptions options, FileOpener opener) {
        this.file = options.file();
        this.name = LogText.escape(file.toString());
        this.side = options.side();
        this.rate = options.format() == RecordOptions.Format.LINEAR_16K ? 16000 : 8000;
        this.encoding = switch (options.format()) {
            case LINEAR_8K, LINEAR_16K -> WavEncoding.PCM_16;
            case ULAW -> WavEncoding.MULAW;
            case ALAW -> WavEncoding.ALAW;
        };
        this.maxSamples = Math.multiplyExact(options.maxDuration().toNanos(), (long) rate) / 1_000_000_000L;
        this.blockSamples = rate * BLOCK_MS / 1000;
        this.opener = opener;
        this.mixer = side == RecordOptions.Side.BOTH ? new DirectionMixer(rate * MAX_LAG_MS / 1000, this::append)
                : null;
    }

    /** Starts a recording: the file is created on the writer's thread; an error fails {@link #finish}'s stage. */
    public static RecordingWriter start(RecordOptions options) {
        return start(options, FILES);
    }

    static RecordingWriter start(RecordOptions options, FileOpener opener) {
        RecordingWriter w = new RecordingWriter(Objects.requireNonNull(options, "options"), opener);
        w.signal(); // creates the file now, so that an error shows as full() early
        return w;
    }

    /** The rate read() and write() take: 16000 for {@code LINEAR_16K}, else 8000. */
    public int sampleRate() {
        return rate;
    }

    /** What the far end said: {@code count} samples at {@link #sampleRate()}. On the channel's executor. */
    public void read(short[] samples, int offset, int count) {
        if (side != RecordOptions.Side.WRITE) {
            take(true, samples, offset, count);
        }
    }

    /** What the far end was sent: {@code count} samples at {@link #sampleRate()}. On the channel's executor. */
    public void write(short[] samples, int offset, int count) {
        if (side != RecordOptions.Side.READ) {
            take(false, samples, offset, count);
        }
    }

    /**
     * True once the recording holds its maximum duration (the channel then finishes it with MAX_DURATION), or once it
     * cannot go on: its file could not be created or written, or the writer fell more than 5 s behind. In the latter
     * cases finish() fails with a MediaException whatever end it is given.
     */
    public boolean full() {
        return accepted >= maxSamples || dropped > 0 || failure != null;
    }

    /** Samples dropped because the writer had fallen MAX_QUEUED_BLOCKS behind. On the channel's executor. */
    public long droppedSamples() {
        return dropped;
    }

    /**
     * Ends the recording with {@code end}: flush, close, then the stage completes (or fails with MediaException).
     * Later calls return the same stage; read() and write() are ignored from then on.
     */
    public CompletionStage<RecordingResult> finish(RecordingResult.End end) {
        Objects.requireNonNull(end, "end");
        if (finishing) {
            return stage;
        }
        if (mixer != null) {
            mixer.flush();
        }
        finishing = true;
        if (block != null && block.length > 0 && dropped == 0) {
            handOff(block);
        }
        block = null;
        Block last = new Block(0);
        last.end = end;
        last.dropped = dropped;
        queue.add(last);
        signal();
        return stage;
    }

    /** Blocks waiting for or in the writer now. Any thread. */
    int queuedBlocks() {
        return queued.get();
    }

    private void take(boolean read, short[] samples, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, samples.length);
        if (finishing || full()) {
            return;
        }
        if (mixer != null) {
            mixer.add(read, samples, offset, count);
        } else {
            append(samples, offset, count);
        }
    }

    /** Samples of the track, into blocks; cut at maxSamples, and nothing after a drop. */
    private void append(short[] samples, int offset, int count) {
        if (dropped > 0) {
            return;
        }
        int n = (int) Math.min(count, maxSamples - accepted);
        accepted += n;
        while (n > 0) {
            if (block == null) {
                Block b = spare.poll();
                block = b != null ? b : new Block(blockSamples);
            }
            int k = Math.min(n, blockSamples - block.length);
            System.arraycopy(samples, offset, block.samples, block.length, k);
            block.length += k;
            offset += k;
            n -= k;
            if (block.length == blockSamples) {
                handOff(block);
                block = null;
            }
        }
    }

    private void handOff(Block b) {
        if (queued.incrementAndGet() > MAX_QUEUED_BLOCKS) {
            queued.decrementAndGet();
            dropped += b.length;
            b.length = 0;
            spare.add(b);
            return;
        }
        queue.add(b);
        signal();
    }

    private void signal() {
        if (draining.compareAndSet(false, true)) {
            WRITERS.newThread(this::drain).start();
        }
    }

    /** A writer thread: holds `draining` from its start. */
    private void drain() {
        do {
            open();
            Block b;
            while ((b = queue.poll()) != null) {
                if (b.end != null) {
                    complete(b);
                } else {
                    write(b);
                }
            }
            draining.set(false);
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }

    private void open() {
        if (opened) {
            return;
        }
        opened = true;
        SeekableByteChannel channel = null;
        try {
            channel = opener.open(file);
            writer = new WavWriter(channel, encoding, rate);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the creation failed already; that is what is reported
                }
            }
            fail("cannot be created", e);
        }
    }

    private void write(Block b) {
        if (failure == null) {
            try {
                writer.write(b.samples, 0, b.length);
            } catch (IOException | RuntimeException e) {
                fail("cannot be written", e);
            }
        }
        b.length = 0;
        spare.add(b);
        queued.decrementAndGet();
    }

    private void complete(Block last) {
        long samples = 0;
        if (writer != null) {
            samples = writer.samples();
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                fail("cannot be completed", e);
            }
            writer = null;
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        } else if (last.dropped > 0) {
            result.completeExceptionally(new MediaException("recording file " + name + " is incomplete: the disk did"
                    + " not keep up (" + MAX_QUEUED_BLOCKS * BLOCK_MS / 1000 + " s of audio were waiting), so it ends"
                    + " after " + samples * 1000 / rate + " ms"));
        } else {
            result.complete(new RecordingResult(file, Duration.ofNanos(samples * 1_000_000_000L / rate), last.end));
        }
    }

    private void fail(String what, Exception e) {
        if (failure == null) {
            String reason = e instanceof IOException io ? FileErrorText.of(io) : LogText.escape(e.toString());
            failure = new MediaException("recording file " + name + " " + what + ": " + reason, e);
        }
    }
}
