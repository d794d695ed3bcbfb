package org.strowger.api.dial;

import java.util.List;
import org.strowger.api.InvalidArgumentException;

/**
 * Targets rung at the same time ({@code A&B&C}); the first to answer wins.
 *
 * @param targets 1..{@value DialString#MAX_TARGETS} targets; immutable
 */
public record DialGroup(List<DialTarget> targets) {
    public DialGroup {
        if (targets == null || targets.isEmpty()) {
            throw new InvalidArgumentException("a dial group needs at least one target");
        }
        targets = List.copyOf(targets);
    }

    /** A group of the given targets. */
    public static DialGroup of(DialTarget... targets) {
        return new DialGroup(List.of(targets));
    }
}
