package org.strowger.core.media.translate;

import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.Translator;

/* The translator between a format and itself: it checks the frame and returns it as it is; it has no state. */
final class IdentityTranslator implements Translator {
    private final MediaFormat format;

    IdentityTranslator(MediaFormat format) {
        this.format = format;
    }

    @Override
    public MediaFormat from() {
        return format;
    }

    @Override
    public MediaFormat to() {
        return format;
    }

    @Override
    public VoiceFrame translate(VoiceFrame frame) {
        Codecs.checkFrame(frame, format);
        return frame;
    }

    @Override
    public void reset() {
        // no state
    }

    @Override
    public String toString() {
        return "Translator[" + Codecs.describe(format) + "]";
    }
}
