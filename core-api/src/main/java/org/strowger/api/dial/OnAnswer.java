package org.strowger.api.dial;

import org.strowger.api.Application;
import org.strowger.api.Bridge;
import org.strowger.api.Channel;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.JoinOptions;

/**
 * What a dial does with the winning channel once it has answered (or with the picker, when a ringing leg is picked
 * up). Until then every leg is owned by the dial itself, so nothing else can take it. If the hand-over fails (the
 * application's current owner refuses, the bridge is gone, the winner or the party hung up meanwhile) a winning leg of
 * the dial is hung up with {@code NORMAL_CLEARING} and the dial ends {@link DialOutcome#FAILED} (or
 * {@link DialOutcome#CANCELLED} if the caller hung up); see docs/dialing.md.
 */
public sealed interface OnAnswer {
    /** The winner is released by the dial and returned unowned (parked) in {@link DialResult#winner()}. */
    record HandBack() implements OnAnswer {
    }

    /** The winner is attached to {@code application}, which receives {@code onAttach} on the winner's executor. */
    record Attach(Application application) implements OnAnswer {
        public Attach {
            if (application == null) {
                throw new InvalidArgumentException("application must not be null");
            }
        }
    }

    /**
     * The winner and {@code party} are joined in a new two-party call bridge ({@code BridgeOptions.call()}): first the
     * winner (which hangs up after the bridge), then, if {@code party} is an inbound call still in {@code RING}, it is
     * answered, and then it joins with {@code partyOptions}. Its owning application is asked to release it, as for
     * {@link Bridge#join}. If {@code party} cannot join, the winner is hung up and {@code party} stays where it was.
     *
     * @param party the channel to connect the winner with, typically the dial's caller
     * @param partyOptions how {@code party} takes part: {@link JoinOptions#RETURN_AFTER} gives it back to its
     *     application when the call ends (Asterisk's "continue in the dialplan")
     */
    record BridgeWith(Channel party, JoinOptions partyOptions) implements OnAnswer {
        public BridgeWith {
            if (party == null || partyOptions == null) {
                throw new InvalidArgumentException("party and partyOptions must not be null");
            }
        }
    }

    /**
     * The winner joins the existing {@code bridge} with {@code options}. It has no application of its own, so with
     * {@link JoinOptions#RETURN_AFTER} it is parked (owner {@code NONE}) when the call ends, never given back to the
     * dial.
     */
    record JoinBridge(Bridge bridge, JoinOptions options) implements OnAnswer {
        public JoinBridge {
            if (bridge == null || options == null) {
                throw new InvalidArgumentException("bridge and options must not be null");
            }
        }
    }

    /** Returns the winner unowned. The default. */
    static OnAnswer handBack() {
        return new HandBack();
    }

    /** Attaches the winner to {@code application}. */
    static OnAnswer attach(Application application) {
        return new Attach(application);
    }

    /** Bridges the winner with {@code party}; {@code party} hangs up when the call ends. */
    static OnAnswer bridgeWith(Channel party) {
        return new BridgeWith(party, JoinOptions.HANG_UP_AFTER);
    }

    /** Bridges the winner with {@code party}, which takes part with {@code partyOptions}. */
    static OnAnswer bridgeWith(Channel party, JoinOptions partyOptions) {
        return new BridgeWith(party, partyOptions);
    }

    /** Joins the winner to {@code bridge}. */
    static OnAnswer join(Bridge bridge, JoinOptions options) {
        return new JoinBridge(bridge, options);
    }
}
