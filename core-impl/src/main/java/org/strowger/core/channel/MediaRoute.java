package org.strowger.core.channel;

import org.strowger.api.Application;

/**
 * Where a channel's media from its tech goes: the one answer to "who hears this frame". Set on the channel's
 * executor when its owner changes (an application attaches, the channel leaves a bridge) and by the bridge's topology
 * messages while it is a member; read by {@link FramePath} for every frame.
 */
public sealed interface MediaRoute {
    /** To nobody: parked, in a holding or idle bridge, or between owners. */
    record Drop() implements MediaRoute {
    }

    /** To the application that owns the channel ({@code onMedia}). */
    record ToApplication(Application application) implements MediaRoute {
    }

    /** Straight to the other member of a two-party bridge. */
    record ToPeer(MemberSide peer) implements MediaRoute {
    }

    /**
     * To the bridge's mixer (three or more members, or two while the bridge plays a source).
     *
     * @param peer the other member of a two-party bridge that mixes while it plays: the channel's digits, text and
     *     indications still go to it, as they would with {@link ToPeer}; null with three or more
     */
    record ToMixer(BridgeSide bridge, MemberSide peer) implements MediaRoute {
        public ToMixer(BridgeSide bridge) {
            this(bridge, null);
        }
    }

    MediaRoute DROP = new Drop();
}
