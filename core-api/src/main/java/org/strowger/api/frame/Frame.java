package org.strowger.api.frame;

/**
 * A unit that travels through a channel: media (voice, video), DTMF, control indications, text, comfort noise, null.
 * Frames are immutable: every constructor copies what it is given, so a frame can be queued, forwarded to several
 * bridge members and inspected by taps without copying.
 *
 * <p>Voice and video travel in a channel's <em>media lane</em> (bounded; under overload the oldest frame is dropped
 * and counted). All other frames travel in the <em>control lane</em> (never dropped) and are therefore never delayed
 * by a media backlog: a DTMF or control frame may overtake voice frames queued at the same moment.
 */
public sealed interface Frame
        permits MediaFrame, DtmfBegin, DtmfEnd, ControlFrame, TextFrame, ComfortNoiseFrame, NullFrame {

    /** True for voice and video frames, which use the bounded, lossy media lane. */
    default boolean isMedia() {
        return false;
    }
}
