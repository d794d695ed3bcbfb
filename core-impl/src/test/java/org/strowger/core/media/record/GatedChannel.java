package org.strowger.core.media.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file for the recording tests that plays a disk's part: writes past the header wait for {@code gate} (a stalled
 * disk), or throw {@code error} (a full one). Test code: it may block.
 */
final class GatedChannel implements SeekableByteChannel {
    private final FileChannel file;
    private final CountDownLatch gate;
    private final String error;
    final AtomicInteger blockedWrites = new AtomicInteger();

    private GatedChannel(Path path, CountDownLatch gate, String error) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, StandardOpenOption.READ);
        this.gate = gate;
        this.error = error;
    }

    /** Writes of audio wait until {@code gate} opens. */
    static GatedChannel stalled(Path path, CountDownLatch gate) throws IOException {
        return new GatedChannel(path, gate, null);
    }

    /** Writes of audio fail with {@code message}. */
    static GatedChannel failing(Path path, String message) throws IOException {
        return new GatedChannel(path, new CountDownLatch(0), message);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (file.position() >= 44) {
            if (error != null) {
                throw new IOException(error);
            }
            blockedWrites.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        return file.write(src);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
