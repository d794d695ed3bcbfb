package org.strowger.api.dial;

import java.time.Duration;
import java.util.Map;
import org.strowger.api.ChannelId;
import org.strowger.api.OutboundRequest;

/**
 * One destination of a dial string: {@code [options]TECH/resource}.
 *
 * @param tech the tech's name, 1..32 characters of {@code [A-Za-z0-9_]}
 * @param resource the tech-specific destination (decoded; same rules as {@link OutboundRequest#resource()}, and no
 *     unpaired surrogates)
 * @param timeout how long this leg may ring before it is given up with {@code NO_ANSWER}, or {@code null} for no
 *     per-leg limit; 1 ms .. 24 h in whole milliseconds
 * @param id the id to give this leg's channel, or {@code null} to generate one
 * @param variables variables set on this leg's channel, same rules as {@code Channel.setVariable}: a name is an
 *     optional {@code _} or {@code __} inheritance prefix then 1..80 of {@code [A-Za-z0-9_.-]}, a value at most 4096
 *     characters; also no two names that differ only in their prefix, and no unpaired surrogates; immutable
 */
public record DialTarget(String tech, String resource, Duration timeout, ChannelId id, Map<String, String> variables) {
    public DialTarget {
        DialRules.checkTech(tech);
        DialRules.checkResource(resource);
        DialRules.checkTimeout(timeout, "target timeout");
        variables = DialRules.checkVariables(variables);
    }

    /** {@code tech/resource} with no options. */
    public static DialTarget of(String tech, String resource) {
        return new DialTarget(tech, resource, null, null, Map.of());
    }

    public DialTarget withTimeout(Duration newTimeout) {
        return new DialTarget(tech, resource, newTimeout, id, variables);
    }

    public DialTarget withId(ChannelId newId) {
        return new DialTarget(tech, resource, timeout, newId, variables);
    }

    public DialTarget withVariables(Map<String, String> newVariables) {
        return new DialTarget(tech, resource, timeout, id, newVariables);
    }
}
