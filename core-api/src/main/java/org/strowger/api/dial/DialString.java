package org.strowger.api.dial;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strowger.api.ChannelId;
import org.strowger.api.InvalidArgumentException;

/**
 * A parsed dial string: groups tried one after another ({@code |}), each a set of targets rung at once ({@code &}),
 * with options for the whole dial. The grammar is in docs/dialing.md. {@link #parse} and {@link #format} round-trip:
 * {@code parse(d.format()).equals(d)} for every valid {@code d}, which is why a dial string is only valid if its
 * {@linkplain #format canonical text} is at most {@link #MAX_LENGTH} characters long.
 *
 * @param groups 1.. groups, tried in order until one answers; at most {@link #MAX_TARGETS} targets in all, and no
 *     two with the same {@linkplain DialTarget#id() id}; immutable
 * @param timeout the overall limit for the whole dial, or {@code null} for none; 1 ms .. 24 h in whole milliseconds
 * @param earlyMedia what the caller hears while several targets ring ({@code null}: {@link EarlyMediaPolicy#RINGBACK})
 * @param maxForwards how many redirects (like SIP 302) a leg may follow, 0..{@value #MAX_FORWARDS_LIMIT}
 * @param variables variables set on every leg's channel (a target's own variables win); same rules as
 *     {@link DialTarget#variables()}; immutable
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
        if (groups.stream().anyMatch(java.util.Objects::isNull)) { // contains(null) throws on List.of lists
            throw new InvalidArgumentException("a dial string must not hold a null group");
        }
        groups = List.copyOf(groups);
        int targets = 0;
        Set<ChannelId> ids = new HashSet<>();
        for (DialGroup g : groups) {
            targets += g.targets().size();
            for (DialTarget t : g.targets()) {
                if (t.id() != null && !ids.add(t.id())) {
                    throw new InvalidArgumentException("two targets of a dial string have the same channel id");
                }
            }
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
        if (DialStringFormat.format(groups, timeout, earlyMedia, maxForwards, variables).length() > MAX_LENGTH) {
            throw new InvalidArgumentException("the canonical text would be longer than " + MAX_LENGTH + " characters");
        }
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
        return DialStringParser.parse(text);
    }

    /**
     * The canonical text of this dial string; {@link #parse} gives back an equal value. Canonical: no white space,
     * options in a fixed order with defaults left out, durations in the largest exact unit, and percent escapes
     * only where the grammar requires them. Safe to log only after escaping (resources and values are untrusted).
     */
    public String format() {
        return DialStringFormat.format(this);
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
