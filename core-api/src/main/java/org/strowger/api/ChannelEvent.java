package org.strowger.api;

import java.time.Duration;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.media.ChannelMedia;

/** What an {@link Application} hears about its channel. */
public sealed interface ChannelEvent {
    /** The state changed. */
    record StateChanged(ChannelState from, ChannelState to) implements ChannelEvent {
    }

    /** A DTMF key went down at the far end. */
    record DtmfBegan(char digit) implements ChannelEvent {
    }

    /** A DTMF digit ended at the far end. */
    record DtmfEnded(char digit, Duration duration) implements ChannelEvent {
    }

    /** A control indication arrived from the far end. */
    record ControlReceived(ControlFrame control) implements ChannelEvent {
    }

    /** Text arrived from the far end (untrusted). */
    record TextReceived(String text) implements ChannelEvent {
    }

    /**
     * The far end of an outbound channel that had not answered asked to be called at {@code target} instead (like a
     * SIP 302); the channel is hung up with {@link HangupCause#REDIRECTED_TO_NEW_DESTINATION} right after this event.
     * A dial follows it (docs/dialing.md, "Forwarding"); an application that owns the channel may do the same.
     *
     * @param target the new target as the tech reported it, normally {@code TECH/resource}; untrusted text
     */
    record Redirected(String target) implements ChannelEvent {
        public Redirected {
            if (target == null) {
                throw new InvalidArgumentException("target must not be null");
            }
        }
    }

    /**
     * The tech declared new media for the channel: formats or direction ({@code ChannelSnapshot.media()} shows the
     * same). A direction that stops the far end sending ({@code SEND_ONLY}, {@code INACTIVE}) is how a far end puts
     * the call on hold.
     */
    record MediaChanged(ChannelMedia media) implements ChannelEvent {
    }

    /** The channel was hung up. {@link Application#onDetach} follows. */
    record HungUp(HangupCause cause) implements ChannelEvent {
    }
}
