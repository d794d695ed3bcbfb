package org.strowger.api;

import java.util.Objects;

/**
 * The immutable identity of a bridge, unique for the life of the process. Generated ids have the form
 * {@code <prefix>-b<n>}; a caller-chosen id follows the rules of {@link ChannelId}.
 *
 * @param value the textual id
 */
public record BridgeId(String value) implements Comparable<BridgeId> {
    /** @throws InvalidArgumentException as for {@link ChannelId} */
    public BridgeId {
        IdText.check(value, "bridge id");
    }

    public static BridgeId of(String value) {
        return new BridgeId(value);
    }

    @Override
    public int compareTo(BridgeId other) {
        return value.compareTo(Objects.requireNonNull(other, "other").value);
    }

    @Override
    public String toString() {
        return value;
    }
}
