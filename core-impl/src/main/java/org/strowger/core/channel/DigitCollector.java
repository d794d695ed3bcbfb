package org.strowger.core.channel;

import java.util.concurrent.RejectedExecutionException;
import org.strowger.api.media.CollectedDigits;
import org.strowger.api.media.DigitCollection;
import org.strowger.core.exec.CommandFuture;
import org.strowger.core.exec.OwnedTimer;

/*
 * One Channel.collectDigits in progress, on the channel's executor: a timer for the first digit, armed at the start
 * or, if a prompt is playing then, when it ends (as Asterisk's Read and FreeSWITCH's play_and_get_digits count), and
 * re-armed with the inter-digit timeout after each digit; it ends on the maximum, a terminator (not kept), a timeout,
 * a replacement or the hang-up, exactly once (done).
 */
final class DigitCollector {
    private final ChannelImpl c;
    private final DigitCollection spec;
    private final CommandFuture<CollectedDigits> result;
    private final StringBuilder digits = new StringBuilder();
    private final OwnedTimer timeout;
    private boolean done;
    private boolean awaitingPromptEnd;

    DigitCollector(ChannelImpl c, DigitCollection spec, CommandFuture<CollectedDigits> result) {
        this.c = c;
        this.spec = spec;
        this.result = result;
        this.timeout = new OwnedTimer(c.executor, c.rt.scheduler());
    }

    boolean bargeIn() {
        return spec.bargeIn() && digits.isEmpty();
    }

    /** Starts collecting; with {@code promptPlaying} the first-digit timer waits for {@link #promptEnded}. */
    void start(boolean promptPlaying) {
        awaitingPromptEnd = promptPlaying;
        if (!promptPlaying) {
            arm(spec.firstDigitTimeout().toNanos());
        }
    }

    /** The prompt that was playing at the start has ended (finished, stopped, interrupted or replaced). */
    void promptEnded() {
        if (awaitingPromptEnd && !done) {
            awaitingPromptEnd = false;
            if (digits.isEmpty()) {
                arm(spec.firstDigitTimeout().toNanos());
            }
        }
    }

    void digit(char d) {
        if (done) {
            return;
        }
        if (spec.terminators().indexOf(d) >= 0) {
            finish(CollectedDigits.End.TERMINATOR);
            return;
        }
        awaitingPromptEnd = false;
        digits.append(d);
        if (digits.length() >= spec.maxDigits()) {
            finish(CollectedDigits.End.MAX_DIGITS);
        } else {
            arm(spec.interDigitTimeout().toNanos());
        }
    }

    void replaced() {
        finish(CollectedDigits.End.REPLACED);
    }

    void gone() {
        if (!done) {
            done = true;
            timeout.cancel();
            result.fail(c.goneException());
        }
    }

    private void arm(long nanos) {
        try {
            timeout.arm(nanos, () -> finish(CollectedDigits.End.TIMEOUT));
        } catch (RejectedExecutionException stopped) { // the core's scheduler has stopped
            finish(CollectedDigits.End.TIMEOUT);
        }
    }

    private void finish(CollectedDigits.End end) {
        if (done) {
            return;
        }
        done = true;
        timeout.cancel();
        c.services().collected(this);
        result.succeed(new CollectedDigits(digits.toString(), end));
    }
}
