package org.strowger.core.channel;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.strowger.api.Channel;
import org.strowger.api.Direction;
import org.strowger.api.FrameTap;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.RecordOptions;
import org.strowger.api.media.Recording;
import org.strowger.api.media.RecordingResult;
import org.strowger.api.media.Translator;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.media.record.RecordingWriter;
import org.strowger.core.media.translate.Codecs;

/*
 * Channel.record: a frame tap of the channel's own (so it follows the channel through every bridge and transfer and
 * is closed exactly once), which decodes the voice it sees, READ from the tech and WRITE toward it (after the write
 * translation, so what the tech really got), to linear at the writer's rate and hands it to a RecordingWriter, whose
 * thread writes the file. Its end is the tap's close: stop() and the maximum duration take the tap off (REMOVED), the
 * hang-up closes it (HANGUP); the writer then finishes the file and the result completes.
 */
final class ChannelRecording implements Recording, FrameTap {
    private static final int LIVE = 0;
    private static final int STOPPING = 1;
    private static final int FULL = 2;

    private final ChannelImpl c;
    private final RecordOptions options;
    private final CommandFuture<RecordingResult> result;
    private final AtomicInteger state = new AtomicInteger(LIVE);

    // Owned by the channel's executor.
    private RecordingWriter writer;
    private Translator readDecoder;
    private Translator writeDecoder;
    private short[] samples = new short[320];

    ChannelRecording(ChannelImpl c, RecordOptions options) {
        this.c = c;
        this.options = options;
        this.result = CommandFuture.forCaller(c.rt.pool());
    }

    /** Starts the file and puts the tap on. Executor only. */
    void start() {
        assert c.executor.inExecutor();
        writer = RecordingWriter.start(options);
        if (c.taps == null) {
            c.taps = new Taps();
        }
        c.taps.add(this);
    }

    /** The channel was gone before the recording could start. Any thread. */
    void notStarted(Throwable gone) {
        state.set(STOPPING);
        result.fail(gone);
    }

    @Override
    public CompletionStage<RecordingResult> result() {
        return result;
    }

    @Override
    public boolean stop() {
        if (!state.compareAndSet(LIVE, STOPPING)) {
            return false;
        }
        c.postRemoveTap(this); // closed already if the channel hung up first
        return true;
    }

    @Override
    public Frame onFrame(Channel ch, Direction direction, Frame frame) {
        if (!(frame instanceof VoiceFrame v) || state.get() != LIVE) {
            return frame;
        }
        boolean read = direction == Direction.READ;
        RecordOptions.Side side = options.side();
        if (side == RecordOptions.Side.BOTH || (side == RecordOptions.Side.READ) == read) {
            int n = decode(v, read);
            if (n > 0) {
                if (read) {
                    writer.read(samples, 0, n);
                } else {
                    writer.write(samples, 0, n);
                }
            }
            if (writer.full() && state.compareAndSet(LIVE, FULL)) {
                c.postRemoveTap(this);
            }
        }
        return frame;
    }

    private int decode(VoiceFrame v, boolean read) {
        Codecs codecs = c.rt.codecs();
        if (!codecs.translates(v.format())) {
            return 0;
        }
        MediaFormat linear = Codecs.linear(writer.sampleRate());
        Translator t = read ? readDecoder : writeDecoder;
        if (t == null || !t.from().equals(v.format())) {
            t = codecs.translator(v.format(), linear);
            if (read) {
                readDecoder = t;
            } else {
                writeDecoder = t;
            }
        }
        VoiceFrame pcm = t.translate(v);
        if (pcm == null) { // a resampler keeps a short frame's samples for the next
            return 0;
        }
        int n = pcm.payloadLength() / 2;
        if (samples.length < n) {
            samples = new short[n];
        }
        for (int i = 0; i < n; i++) {
            samples[i] = (short) ((pcm.payloadByte(2 * i) & 0xFF) | (pcm.payloadByte(2 * i + 1) << 8));
        }
        return n;
    }

    @Override
    public void onClose(Channel ch, CloseReason reason) {
        RecordingResult.End end = switch (state.get()) {
            case FULL -> RecordingResult.End.MAX_DURATION;
            case STOPPING -> RecordingResult.End.STOPPED;
            default -> reason == CloseReason.HANGUP ? RecordingResult.End.GONE : RecordingResult.End.STOPPED;
        };
        state.set(STOPPING);
        writer.finish(end).whenComplete((done, failed) -> {
            if (failed != null) {
                result.fail(failed);
            } else {
                result.succeed(done);
            }
        });
    }
}
