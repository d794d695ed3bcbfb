package org.strowger.core.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.api.media.Translator;
import org.strowger.core.log.LogText;
import org.strowger.core.media.translate.Codecs;

/*
 * The translation of voice written to a channel into the format its tech takes (ChannelMedia.writeFormat), on the
 * channel's executor, just before the WRITE taps and the tech. Pass-through costs two comparisons: a transparent
 * channel, or a frame already in the write format, goes on as it is, uncopied. Otherwise one translator serves the
 * stream; a frame in another source format (a new peer, a playback) or a new write format starts a new one, so no
 * codec state leaks from one stream into the next. Voice in a format no codec decodes is dropped, and logged once per
 * format.
 */
final class WriteTranslation {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelImpl.class);

    private Translator translator;
    private MediaFormat refused; // the last format that could not be translated, logged once

    /** {@code frame} in the channel's write format, or null if it cannot be translated. Executor only. */
    VoiceFrame apply(ChannelImpl c, VoiceFrame frame) {
        ChannelMedia media = c.media;
        MediaFormat to = media.writeFormat();
        if (to == null || to.equals(frame.format())) {
            return frame;
        }
        Translator t = translator;
        if (t == null || !t.from().equals(frame.format()) || !t.to().equals(to)) {
            Codecs codecs = c.rt.codecs();
            if (!codecs.translates(frame.format()) || !codecs.translates(to)) {
                if (!frame.format().equals(refused)) {
                    refused = frame.format();
                    LOG.info("channel {}: no codec translates {} into {}; its voice is dropped", c.id(),
                            LogText.escape(frame.format().name()), LogText.escape(to.name()));
                }
                return null;
            }
            try {
                t = codecs.translator(frame.format(), to);
            } catch (InvalidArgumentException e) {
                return null;
            }
            translator = t;
        }
        return t.translate(frame);
    }

    /** Forgets the stream (the channel's source changed). Executor only. */
    void reset() {
        translator = null;
    }
}
