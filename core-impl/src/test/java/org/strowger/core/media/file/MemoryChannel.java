package org.strowger.core.media.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/** A growable in-memory SeekableByteChannel; {@code chunk} caps each read to exercise partial reads. */
final class MemoryChannel implements SeekableByteChannel {
    private byte[] data;
    private int size;
    private long position;
    private boolean open = true;
    private final int chunk;
    int closes;

    MemoryChannel() {
        this(new byte[0], Integer.MAX_VALUE);
    }

    MemoryChannel(byte[] content, int chunk) {
        this.data = content.clone();
        this.size = content.length;
        this.chunk = chunk;
    }

    byte[] bytes() {
        return Arrays.copyOf(data, size);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        check();
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(Math.min(dst.remaining(), size - position), chunk);
        dst.put(data, (int) position, n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        check();
        int n = src.remaining();
        int end = Math.toIntExact(position + n);
        if (end > data.length) {
            data = Arrays.copyOf(data, Math.max(end, data.length * 2));
        }
        src.get(data, (int) position, n);
        position = end;
        size = Math.max(size, end);
        return n;
    }

    @Override
    public long position() throws IOException {
        check();
        return position;
    }

    @Override
    public SeekableByteChannel position(long p) throws IOException {
        check();
        position = p;
        return this;
    }

    @Override
    public long size() throws IOException {
        check();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) throws IOException {
        check();
        size = (int) Math.min(size, s);
        return this;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        closes++;
    }

    private void check() throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
