package org.strowger.core.channel;

import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.PlaybackResult;

/*
 * A channel's media services, on its executor, created on first use so that a channel using none costs one null
 * field: the translation of what is written to it, the playback playing now (an application's, or music on hold),
 * the digit collection in progress, and in-band DTMF detection. FramePath asks it about every frame only when it
 * exists. A change of what the channel is sent (a playback starting or ending) resets the write translation and tells
 * the tech SRC_UPDATE. At the hang-up everything ends: the playback GONE, the collection failed.
 */
final class MediaServices {
    static final ControlFrame SRC_UPDATE = ControlFrame.of(Control.SRC_UPDATE);

    private final ChannelImpl c;
    final WriteTranslation writing = new WriteTranslation();
    private ChannelPlayback playback;
    private boolean onHold; // the playback is music on hold
    private DigitCollector collector;
    private InbandDtmf inband;

    MediaServices(ChannelImpl c) {
        this.c = c;
    }

    /** True while a playback writes: what others write is kept from the tech. Executor only. */
    boolean playing() {
        return playback != null && playback.playing();
    }

    /** Starts {@code next}, replacing what plays. Executor only. */
    void play(ChannelPlayback next, boolean musicOnHold) {
        assert c.executor.inExecutor();
        if (!next.playing()) {
            return; // stopped before it started: it replaces nothing
        }
        if (playback != null) {
            playback.end(PlaybackResult.End.REPLACED);
        }
        playback = next;
        onHold = musicOnHold;
        next.start();
    }

    /** {@code p} has ended. Executor only. */
    void ended(ChannelPlayback p) {
        assert c.executor.inExecutor();
        if (playback == p) {
            boolean prompt = !onHold;
            playback = null;
            onHold = false;
            sourceChanged();
            if (prompt && collector != null) {
                collector.promptEnded();
            }
        }
    }

    /** What the channel is sent now comes from another source. Executor only. */
    void sourceChanged() {
        assert c.executor.inExecutor();
        writing.reset();
        if (!c.isEnded()) {
            FaultGuard.tech(c, "indicate", () -> c.techChannel.indicate(SRC_UPDATE));
        }
    }

    /** HOLD or UNHOLD for a core with music on hold: the channel plays it, or stops. Executor only. */
    void hold(boolean on) {
        assert c.executor.inExecutor();
        if (on && !onHold) {
            play(new ChannelPlayback(c, c.rt.musicOnHold(), true), true);
        } else if (!on && onHold && playback != null) {
            playback.end(PlaybackResult.End.STOPPED);
        }
    }

    void collect(DigitCollector next) {
        assert c.executor.inExecutor();
        if (collector != null) {
            collector.replaced();
        }
        collector = next;
        next.start(playback != null && !onHold);
    }

    void collected(DigitCollector done) {
        if (collector == done) {
            collector = null;
        }
    }

    /** A digit from the far end (reported by the tech or detected in band). Executor only. */
    void digit(char digit) {
        assert c.executor.inExecutor();
        if (collector == null) {
            return;
        }
        if (collector.bargeIn() && playback != null && !onHold) {
            playback.end(PlaybackResult.End.INTERRUPTED); // before anything more of it is written
        }
        collector.digit(digit);
    }

    void detectInband(boolean on) {
        assert c.executor.inExecutor();
        inband = on ? (inband == null ? new InbandDtmf(c) : inband) : null;
    }

    /** A voice frame from the far end, for in-band detection. Executor only. */
    void voiceRead(VoiceFrame frame) {
        if (inband != null) {
            inband.read(frame);
        }
    }

    /** The channel hung up. Executor only. */
    void hungUp() {
        assert c.executor.inExecutor();
        if (playback != null) {
            playback.end(PlaybackResult.End.GONE);
        }
        if (collector != null) {
            collector.gone();
        }
        inband = null;
    }
}
