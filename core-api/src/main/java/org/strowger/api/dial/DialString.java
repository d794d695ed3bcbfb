package org.strowger.api.dial;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.strowger.api.InvalidArgumentException;

/**
 * A parsed dial string: groups tried one after another ({@code |}), each a set of targets rung at once ({@code &}),
 * with options for the whole dial. The grammar is in docs/dialing.md. {@link #parse} and {@link #format} round-trip:
 * {@code parse(d.format()).equals(d)} for every valid {@code d}.
 *
 * @param groups 1.. groups, tried in order until one answers; immutable
 * @param timeout the overall limit for the whole dial, or {@code null} for none; 1 ms .. 24 h
 * @param earlyMedia what the caller hears while several targets ring
 * @param maxForwards how many redirects (like SIP 302) a leg may follow, 0..{@value #MAX_FORWARDS_LIMIT}
 * @param variables variables set on every leg's channel (a target's own variables win); immutable
 */
public record DialString(List<DialGroup> groups, Duration timeout, EarlyMediaPolicy earlyMedia, int maxForwards,
        Map<String, String> variables) {
    /** Longest dial string {@link #parse} accepts. */
    public static final int MAX_LENGTH = 8192;
    /** Most targets in one dial string, over all groups. */
    public static final int MAX_TARGETS = 64;
    /** Default for {@link #maxForwards()}. */
    public static final int DEFAULT_MAX_FORWARDS = 3;
    /** Upper bound of {@link #maxForwards()}. */
    public static final int MAX_FORWARDS_LIMIT = 20;

    public DialString {
        if (groups == null || groups.isEmpty()) {
            throw new InvalidArgumentException("a dial string needs at least one group");
        }
        groups = List.copyOf(groups);
        int targets = 0;
        for (DialGroup g : groups) {
            targets += g.targets().size();
        }
        if (targets > MAX_TARGETS) {
            throw new InvalidArgumentException("a dial string may hold at most " + MAX_TARGETS + " targets");
        }
        DialRules.checkTimeout(timeout, "overall timeout");
        if (earlyMedia == null) {
            earlyMedia = EarlyMediaPolicy.RINGBACK;
        }
        if (maxForwards < 0 || maxForwards > MAX_FORWARDS_LIMIT) {
            throw new InvalidArgumentException("maxForwards must be 0.." + MAX_FORWARDS_LIMIT);
        }
        variables = DialRules.checkVariables(variables);
    }

    /** One group of the given targets, rung at once, with default options. */
    public static DialString of(DialTarget... targets) {
        return new DialString(List.of(DialGroup.of(targets)), null, EarlyMediaPolicy.RINGBACK, DEFAULT_MAX_FORWARDS,
                Map.of());
    }

    /**
     * Parses {@code text} (grammar in docs/dialing.md).
     *
     * @throws DialStringException with the 0-based position and the reason if {@code text} is malformed
     * @throws InvalidArgumentException if {@code text} is null
     */
    public static DialString parse(String text) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The canonical text of this dial string; {@link #parse} gives back an equal value. */
    public String format() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public String toString() {
        return format();
    }

    public DialString withTimeout(Duration newTimeout) {
        return new DialString(groups, newTimeout, earlyMedia, maxForwards, variables);
    }

    public DialString withEarlyMedia(EarlyMediaPolicy policy) {
        return new DialString(groups, timeout, policy, maxForwards, variables);
    }

    public DialString withMaxForwards(int newMaxForwards) {
        return new DialString(groups, timeout, earlyMedia, newMaxForwards, variables);
    }

    public DialString withVariables(Map<String, String> newVariables) {
        return new DialString(groups, timeout, earlyMedia, maxForwards, newVariables);
    }
}
