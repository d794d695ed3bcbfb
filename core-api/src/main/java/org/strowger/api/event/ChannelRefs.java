package org.strowger.api.event;

import java.util.List;
import org.strowger.api.ChannelId;

/** Matching helpers for events that name several channels. */
final class ChannelRefs {
    private ChannelRefs() {
    }

    static boolean anyIs(List<ChannelRef> refs, ChannelId channel) {
        for (ChannelRef r : refs) {
            if (r.id().equals(channel)) {
                return true;
            }
        }
        return false;
    }

    static boolean anyIn(List<ChannelRef> refs, ChannelId linkedId) {
        for (ChannelRef r : refs) {
            if (r.linkedId().equals(linkedId)) {
                return true;
            }
        }
        return false;
    }
}
