package org.strowger.core.channel;

import org.strowger.api.Application;
import org.strowger.api.ChannelEvent;
import org.strowger.api.FrameTap;
import org.strowger.api.event.DtmfDirection;
import org.strowger.api.frame.ComfortNoiseFrame;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.DtmfBegin;
import org.strowger.api.frame.DtmfEnd;
import org.strowger.api.frame.Frame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.NullFrame;
import org.strowger.api.frame.TextFrame;
import org.strowger.api.frame.VoiceFrame;

/*
 * Both frame paths of a channel, on its executor.
 *
 * From the tech (ChannelSink.receive): the READ taps first, then by kind. Voice and video follow the channel's
 * MediaRoute: its application's onMedia, the two-party peer's media lane (inline when the peer is idle), the bridge's
 * mixer, or nowhere. DTMF, text and indications become events for the owner (and the bus), and in a two-party bridge
 * are passed to the peer's tech; while the bridge has feature codes a member's digits are matched first (FeatureCodes)
 * and only released digits are passed on, begins not at all. Comfort noise is not passed on.
 *
 * Toward the tech (Channel.write, a peer's forward, the mixer): voice is translated to the channel's write format,
 * then the WRITE taps (they see what the tech gets), then the tech's callback for the kind; a voice frame a tap puts
 * in its place is translated too. A voice frame a READ tap puts in place goes on as any read frame does, and is
 * translated where it is written.
 *
 * DTMF and voice: digits travel on the control lane and voice on the media lane, so a digit overtakes voice queued
 * before it but never another digit or indication.
 */
final class FramePath {
    private FramePath() {
    }

    /** A frame from the far end. Executor only. */
    static void fromTech(ChannelImpl c, Frame read) {
        if (c.isEnded()) {
            return;
        }
        Frame frame = tapped(c, FrameTap.Direction.READ, read);
        ChannelOwnership o = c.ownership;
        switch (frame) {
            case null -> {
            }
            case MediaFrame m -> {
                if (c.services != null && m instanceof VoiceFrame v) {
                    c.services.voiceRead(v); // in-band DTMF detection, if on
                }
                switch (o.route()) {
                    case MediaRoute.ToApplication a -> {
                        Application app = a.application();
                        FaultGuard.application(c, app, "onMedia", () -> app.onMedia(c, m));
                    }
                    case MediaRoute.ToPeer p -> p.peer().postMediaFromPeer(m);
                    case MediaRoute.ToMixer x -> x.bridge().postMix(c, m);
                    case MediaRoute.Drop d -> {
                    }
                }
            }
            case DtmfBegin b -> {
                c.events.dtmfBegan(DtmfDirection.RECEIVED, b.digit());
                o.emit(new ChannelEvent.DtmfBegan(b.digit()));
                if (!o.hasFeatureCodes()) {
                    o.toPeer(b);
                }
            }
            case DtmfEnd e -> {
                c.events.dtmfEnded(DtmfDirection.RECEIVED, e.digit(), e.duration());
                o.emit(new ChannelEvent.DtmfEnded(e.digit(), e.duration()));
                if (c.services != null) {
                    c.services.digit(e.digit()); // a digit collection, and its barge-in
                }
                if (!o.matchFeatureCode(e)) {
                    o.toPeer(e);
                }
            }
            case ControlFrame cf -> c.sink.remoteControl(cf);
            case TextFrame t -> {
                o.emit(new ChannelEvent.TextReceived(t.text()));
                o.toPeer(t);
            }
            case ComfortNoiseFrame cng -> {
            }
            case NullFrame n -> {
            }
        }
    }

    /** A frame toward the far end. Executor only. */
    static void toTech(ChannelImpl c, Frame written) {
        if (c.isEnded()) {
            return;
        }
        MediaServices s = c.services;
        if (written instanceof VoiceFrame v) {
            if (s != null && s.playing()) {
                return; // the playback replaces what others write
            }
            written = translated(c, v);
            if (written == null) {
                return;
            }
        } else if (written instanceof ControlFrame cf && c.rt.musicOnHold() != null
                && (cf.control() == Control.HOLD || cf.control() == Control.UNHOLD)) {
            c.services().hold(cf.control() == Control.HOLD); // music instead of the indication
            return;
        }
        toTechAsIs(c, written);
    }

    /** A frame of the channel's own playback, toward the far end. Executor only. */
    static void fromPlayback(ChannelImpl c, VoiceFrame frame) {
        if (!c.isEnded()) {
            VoiceFrame v = translated(c, frame);
            if (v != null) {
                toTechAsIs(c, v);
            }
        }
    }

    /** {@code v} in the channel's write format: as it is if it already is one (or the channel is transparent). */
    private static VoiceFrame translated(ChannelImpl c, VoiceFrame v) {
        MediaFormat to = c.media.writeFormat();
        if (to == null || to.equals(v.format())) {
            return v; // pass-through: nothing copied
        }
        return c.services().writing.apply(c, v);
    }

    private static void toTechAsIs(ChannelImpl c, Frame written) {
        Frame frame = tapped(c, FrameTap.Direction.WRITE, written);
        switch (frame) {
            case null -> {
            }
            case VoiceFrame v when v != written -> { // a tap's replacement, perhaps in a format of its own
                VoiceFrame t = translated(c, v);
                if (t != null) {
                    FaultGuard.tech(c, "write", () -> c.techChannel.write(t));
                }
            }
            case MediaFrame m -> FaultGuard.tech(c, "write", () -> c.techChannel.write(m));
            case DtmfBegin b -> {
                c.events.dtmfBegan(DtmfDirection.SENT, b.digit());
                FaultGuard.tech(c, "dtmfBegin", () -> c.techChannel.dtmfBegin(b.digit()));
            }
            case DtmfEnd e -> {
                c.events.dtmfEnded(DtmfDirection.SENT, e.digit(), e.duration());
                FaultGuard.tech(c, "dtmfEnd", () -> c.techChannel.dtmfEnd(e.digit(), e.duration()));
            }
            case ControlFrame cf -> {
                if (cf.control() == Control.CONNECTED_LINE) {
                    c.connectedLine(cf.party());
                }
                FaultGuard.tech(c, "indicate", () -> c.techChannel.indicate(cf));
            }
            case TextFrame t -> FaultGuard.tech(c, "sendText", () -> c.techChannel.sendText(t.text()));
            case ComfortNoiseFrame cng -> FaultGuard.tech(c, "comfortNoise", () -> c.techChannel.comfortNoise(cng));
            case NullFrame n -> {
            }
        }
    }

    private static Frame tapped(ChannelImpl c, FrameTap.Direction direction, Frame frame) {
        Taps taps = c.taps;
        return taps == null || taps.isEmpty() ? frame : taps.apply(c, direction, frame);
    }
}
