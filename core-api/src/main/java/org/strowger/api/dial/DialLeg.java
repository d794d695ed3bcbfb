package org.strowger.api.dial;

import org.strowger.api.ChannelId;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;

/**
 * One leg of a finished dial: a target that was tried (a target of the dial string, or where a leg was forwarded to)
 * and how it ended.
 *
 * @param target the target dialled; for a forwarded hop, the target the far end named, with the original target's
 *     timeout and variables
 * @param group the 0-based index of the dial string's group the leg belongs to (a forwarded hop keeps its group)
 * @param hop 0 for a target of the dial string; n for the n-th forward in a chain
 * @param channelId the leg's channel, or {@code null} if it could not be created ({@link LegOutcome#NOT_CREATED})
 * @param forwardedFrom the channel whose forward this leg follows, or {@code null} for hop 0
 * @param outcome how the leg ended
 * @param cause the hang-up cause of the leg's channel; for a leg that was never created, the cause its refusal carries
 *     ({@link org.strowger.api.CommandRejectedException#hangupCause()}, e.g. {@code USER_BUSY} for an endpoint at its
 *     usage limit; then the dial's outcome is {@code BUSY} unless a leg rang out); {@code null} if it is the winner and
 *     still live when the dial ended
 * @param detail why, in words, where the outcome and cause do not say it all (a creation refusal, a refused forward);
 *     {@code ""} otherwise. Never echoes untrusted text
 */
public record DialLeg(DialTarget target, int group, int hop, ChannelId channelId, ChannelId forwardedFrom,
        LegOutcome outcome, HangupCause cause, String detail) {
    public DialLeg {
        if (target == null || outcome == null) {
            throw new InvalidArgumentException("target and outcome must not be null");
        }
        if (detail == null) {
            detail = "";
        }
    }
}
