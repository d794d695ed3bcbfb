package org.strowger.core.channel;

import java.time.Duration;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.Translator;
import org.strowger.core.media.tone.DtmfDetector;
import org.strowger.core.media.tone.DtmfListener;
import org.strowger.core.media.translate.Codecs;

/*
 * DTMF detected in a channel's received voice (Channel.detectInbandDtmf): each voice frame is decoded to 8 kHz linear
 * and fed to a Goertzel detector (ITU-T Q.24 limits); a digit it recognizes enters the channel as a DtmfBegin and a
 * DtmfEnd from its tech would, queued behind the frame, so events, feature codes and digit collection see it. The
 * voice itself goes on unchanged. A frame in a format no codec decodes is skipped.
 */
final class InbandDtmf implements DtmfListener {
    private final ChannelImpl c;
    private final DtmfDetector detector = new DtmfDetector(8000, this);
    private Translator toLinear;
    private short[] samples = new short[160];

    InbandDtmf(ChannelImpl c) {
        this.c = c;
    }

    void read(VoiceFrame frame) {
        Codecs codecs = c.rt.codecs();
        if (!codecs.translates(frame.format())) {
            return;
        }
        if (toLinear == null || !toLinear.from().equals(frame.format())) {
            toLinear = codecs.translator(frame.format(), Codecs.linear(8000));
        }
        VoiceFrame linear = toLinear.translate(frame);
        if (linear == null) {
            return;
        }
        int n = linear.payloadLength() / 2;
        if (samples.length < n) {
            samples = new short[n];
        }
        for (int i = 0; i < n; i++) {
            samples[i] = (short) ((linear.payloadByte(2 * i) & 0xFF) | (linear.payloadByte(2 * i + 1) << 8));
        }
        detector.process(samples, 0, n);
    }

    @Override
    public void digitBegin(char digit) {
        c.executor.execute(() -> FramePath.fromTech(c, new DtmfBegin(digit)));
    }

    @Override
    public void digitEnd(char digit, int durationMs) {
        c.executor.execute(() -> FramePath.fromTech(c, new DtmfEnd(digit, Duration.ofMillis(durationMs))));
    }
}
