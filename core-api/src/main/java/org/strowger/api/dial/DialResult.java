package org.strowger.api.dial;

import java.util.List;
import org.strowger.api.Bridge;
import org.strowger.api.Channel;
import org.strowger.api.InvalidArgumentException;

/**
 * How a dial ended. When the stage of {@link DialHandle#result()} completes, every leg but the winner has been hung
 * up, so each leg's cause is final.
 *
 * @param outcome the dial's outcome
 * @param winner the channel that answered (or the picker that picked up a leg) and was handed over as
 *     {@link DialRequest#onAnswer()} asked; {@code null} unless the outcome is {@link DialOutcome#ANSWERED}
 * @param bridge the bridge the winner was handed into ({@link OnAnswer#bridgeWith} creates one, {@link OnAnswer#join}
 *     names one), e.g. to add feature codes; {@code null} for a hand-over to an application and unless answered
 * @param legs every leg tried, in the order they were started, forwarded hops included; immutable
 * @param failure why the hand-over of the winner failed, or why the dial had to stop (a timer refused: the core is
 *     shutting down), or {@code null}
 */
public record DialResult(DialOutcome outcome, Channel winner, Bridge bridge, List<DialLeg> legs, Throwable failure) {
    public DialResult {
        if (outcome == null || legs == null) {
            throw new InvalidArgumentException("outcome and legs must not be null");
        }
        legs = List.copyOf(legs);
    }
}
