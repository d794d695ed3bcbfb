package org.strowger.api.dial;

import java.util.Map;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.Party;

/**
 * What {@link ChannelCore#dial} is asked to do.
 *
 * @param dialString the targets, how they are grouped, and the dial's options (overall timeout, early-media policy,
 *     forward limit)
 * @param caller the channel the dial is made for, or {@code null} (a plain originate). Every leg is created on its
 *     behalf, so it shares the caller's linked id and inherits its {@code _}/{@code __} variables; the caller hears
 *     the legs' ringing, progress and early media (docs/dialing.md, "Early media"); and when the caller hangs up
 *     before a leg answers, the dial is cancelled. The caller stays with its owner: the dial only watches it.
 * @param callerId the caller identity to present on every leg, or {@code null} for the caller's identity (none
 *     without a caller)
 * @param variables variables set on every leg's channel, overridden by the dial string's and then the target's own
 *     (same rules as {@link Channel#setVariable}); immutable
 * @param onAnswer what to do with the winner; never null ({@link OnAnswer#handBack()} if given as null)
 */
public record DialRequest(DialString dialString, Channel caller, Party callerId, Map<String, String> variables,
        OnAnswer onAnswer) {
    /** @throws InvalidArgumentException if {@code dialString} is null or a variable name or value is null */
    public DialRequest {
        if (dialString == null) {
            throw new InvalidArgumentException("dialString must not be null");
        }
        if (variables == null) {
            variables = Map.of();
        } else {
            variables.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new InvalidArgumentException("variable names and values must not be null");
                }
            });
            variables = Map.copyOf(variables);
        }
        if (onAnswer == null) {
            onAnswer = OnAnswer.handBack();
        }
    }

    /** A dial of {@code dialString} with no caller that hands the winner back. */
    public static DialRequest of(DialString dialString) {
        return new DialRequest(dialString, null, null, Map.of(), OnAnswer.handBack());
    }

    public DialRequest withCaller(Channel newCaller) {
        return new DialRequest(dialString, newCaller, callerId, variables, onAnswer);
    }

    public DialRequest withCallerId(Party newCallerId) {
        return new DialRequest(dialString, caller, newCallerId, variables, onAnswer);
    }

    public DialRequest withVariables(Map<String, String> newVariables) {
        return new DialRequest(dialString, caller, callerId, newVariables, onAnswer);
    }

    public DialRequest withOnAnswer(OnAnswer newOnAnswer) {
        return new DialRequest(dialString, caller, callerId, variables, newOnAnswer);
    }

    /** Does not format the dial string (kept short for logs). */
    @Override
    public String toString() {
        return "DialRequest[" + dialString.groups().size() + " group(s), caller="
                + (caller == null ? "none" : caller.id()) + ", onAnswer=" + onAnswer.getClass().getSimpleName() + "]";
    }
}
