package org.strowger.core.channel;

import org.strowger.api.Application;
import org.strowger.api.JoinOptions;

/**
 * Who owns a channel: nobody (parked), an application, or a bridge. Exactly one at every instant; written only on the
 * channel's executor, by {@link ChannelOwnership}.
 */
sealed interface Ownership {
    /** Parked: live, owned by nobody. */
    record Unowned() implements Ownership {
    }

    /** An application receives the channel's events and media. */
    record ByApplication(Application application) implements Ownership {
    }

    /**
     * A member of {@code bridge}, with its options there and the application to give it back to when the bridge lets it
     * go with RETURN_TO_APPLICATION (null: park it).
     */
    record ByBridge(BridgeSide bridge, JoinOptions options, Application returnTo) implements Ownership {
    }

    Ownership UNOWNED = new Unowned();
}
