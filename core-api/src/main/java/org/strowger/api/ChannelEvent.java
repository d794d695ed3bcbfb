package org.strowger.api;

import java.time.Duration;
import org.strowger.api.frame.ControlFrame;

/** What an {@link Application} hears about its channel. */
public sealed interface ChannelEvent {
    /** The state changed. */
    record StateChanged(ChannelState from, ChannelState to) implements ChannelEvent {
    }

    /** A DTMF key went down at the far end. */
    record DtmfBegan(char digit) implements ChannelEvent {
    }

    /** A DTMF digit ended at the far end. */
    record DtmfReceived(char digit, Duration duration) implements ChannelEvent {
    }

    /** A control indication arrived from the far end. */
    record ControlReceived(ControlFrame control) implements ChannelEvent {
    }

    /** Text arrived from the far end (untrusted). */
    record TextReceived(String text) implements ChannelEvent {
    }

    /** The channel was hung up. {@link Application#onDetach} follows. */
    record HungUp(HangupCause cause) implements ChannelEvent {
    }
}
