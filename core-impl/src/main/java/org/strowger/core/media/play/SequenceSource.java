package org.strowger.core.media.play;

import java.util.List;
import org.strowger.api.media.MediaException;

/*
 * Sources one after the other with no gap: a part that ends within a frame hands the rest of the frame to the next
 * part. Every part is open before the sequence starts (FrameSources opens them together, files on their own
 * threads), so moving to the next part never waits. A part that ends is closed at once; a part that fails ends the
 * sequence with its failure. close() closes the parts not yet closed.
 */
final class SequenceSource extends PcmSource {
    private final PcmSource[] parts;
    private int index;
    private MediaException failure;

    SequenceSource(List<PcmSource> parts, int rate) {
        super(rate);
        this.parts = parts.toArray(PcmSource[]::new);
    }

    @Override
    int read(short[] out, int offset, int count) {
        int done = 0;
        while (done < count && index < parts.length) {
            PcmSource part = parts[index];
            done += part.read(out, offset + done, count - done);
            if (done < count) { // the part has ended
                part.close();
                index++;
                failure = part.failure();
                if (failure != null) {
                    close();
                }
            }
        }
        return done;
    }

    @Override
    boolean ready(int count) {
        for (int i = index; i < parts.length; i++) {
            if (!parts[i].ready(count)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public MediaException failure() {
        return failure;
    }

    @Override
    public void close() {
        for (; index < parts.length; index++) {
            parts[index].close();
        }
    }
}
