package org.strowger.api;

/**
 * How a channel takes part in a bridge.
 *
 * @param afterBridge what happens to the channel when it leaves (not applied when it hangs up or is moved)
 */
public record JoinOptions(AfterBridge afterBridge) {
    /** Hang up after the bridge: a plain call leg. */
    public static final JoinOptions HANG_UP_AFTER = new JoinOptions(AfterBridge.HANG_UP);
    /** Return to the previous application after the bridge. */
    public static final JoinOptions RETURN_AFTER = new JoinOptions(AfterBridge.RETURN_TO_APPLICATION);
    /** Park after the bridge. */
    public static final JoinOptions PARK_AFTER = new JoinOptions(AfterBridge.PARK);

    public JoinOptions {
        if (afterBridge == null) {
            throw new InvalidArgumentException("afterBridge must not be null");
        }
    }
}
