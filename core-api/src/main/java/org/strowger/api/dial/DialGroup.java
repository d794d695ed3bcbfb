package org.strowger.api.dial;

import java.util.List;
import org.strowger.api.InvalidArgumentException;

/**
 * Targets rung at the same time ({@code A&B&C}); the first to answer wins.
 *
 * @param targets 1..{@value DialString#MAX_TARGETS} targets; immutable
 * @throws InvalidArgumentException if {@code targets} is null, empty or holds null
 */
public record DialGroup(List<DialTarget> targets) {
    public DialGroup {
        if (targets == null || targets.isEmpty()) {
            throw new InvalidArgumentException("a dial group needs at least one target");
        }
        if (targets.stream().anyMatch(java.util.Objects::isNull)) { // contains(null) throws on List.of lists
            throw new InvalidArgumentException("a dial group must not hold a null target");
        }
        targets = List.copyOf(targets);
    }

    /** A group of the given targets. */
    public static DialGroup of(DialTarget... targets) {
        return new DialGroup(targets == null ? null : java.util.Arrays.asList(targets));
    }
}
