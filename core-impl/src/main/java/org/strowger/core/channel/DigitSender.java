package org.strowger.core.channel;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.strowger.api.event.DtmfDirection;
import org.strowger.core.exec.CommandFuture;

/**
 * One DTMF digit sent toward the far end ({@code Channel.sendDtmf}): the tech's dtmfBegin now, its dtmfEnd after the
 * digit's duration as a command of its own (run in its turn, or rejected, never lost), and the stage completed when
 * the end has been sent. A hang-up first fails the stage at once, with no dtmfEnd: the timer may never fire, as when
 * the core's scheduler stops at a shutdown.
 */
final class DigitSender {
    private DigitSender() {
    }

    /** Begins {@code digit} on {@code c}; {@code done} completes when it has ended. Executor only. */
    static void send(ChannelImpl c, char digit, Duration duration, CommandFuture<Void> done) {
        assert c.executor.inExecutor();
        c.events.dtmfBegan(DtmfDirection.SENT, digit);
        Throwable t = FaultGuard.tech(c, "dtmfBegin", () -> c.techChannel.dtmfBegin(digit));
        if (t != null) {
            done.fail(FaultGuard.commandFailed(c, "dtmfBegin", t));
            return;
        }
        Runnable[] unsent = new Runnable[1];
        ChannelCommand<Void> end = new ChannelCommand<>(c, f -> {
            c.endWatchers.remove(unsent[0]);
            c.events.dtmfEnded(DtmfDirection.SENT, digit, duration);
            c.completeAfterTechCall(f, "dtmfEnd", () -> c.techChannel.dtmfEnd(digit, duration));
        }, done);
        unsent[0] = end::reject;
        c.watchEnd(unsent[0]);
        try {
            c.rt.scheduler().schedule(() -> {
                if (!c.executor.execute(end)) {
                    end.reject();
                }
            }, duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) { // the core's scheduler has stopped: end the digit now
            end.run();
        }
    }
}
