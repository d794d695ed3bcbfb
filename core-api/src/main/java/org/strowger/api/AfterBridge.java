package org.strowger.api;

/** What happens to a channel when it leaves a bridge other than by hanging up or being moved. */
public enum AfterBridge {
    /** Hang the channel up with {@link HangupCause#NORMAL_CLEARING}. */
    HANG_UP,
    /** Give the channel back to the application that owned it before it joined (park it if there was none). */
    RETURN_TO_APPLICATION,
    /** Leave the channel live with no owner. */
    PARK
}
