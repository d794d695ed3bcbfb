package org.strowger.api.event;

import org.strowger.api.ChannelId;

/**
 * A channel variable was set with {@link org.strowger.api.Channel#setVariable} (inheritance prefixes included in the
 * name). Variables a channel starts with are in its snapshot, not in events.
 *
 * @param channelId the channel
 * @param channelName its name
 * @param linkedId its call's linked id
 * @param sequence position in the channel's stream (from 1)
 * @param timestampMillis core clock, milliseconds since the epoch
 * @param name the name as given, e.g. {@code __ACCOUNT}
 * @param value the new value (untrusted text), or null if it was removed
 */
public record VariableSet(
        ChannelId channelId, String channelName, ChannelId linkedId, long sequence, long timestampMillis,
        String name, String value) implements ChannelScopedEvent {
    @Override
    public EventKind kind() {
        return EventKind.VARIABLE_SET;
    }
}
