package org.strowger.core.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Application;
import org.strowger.api.HangupCause;
import org.strowger.api.StrowgerException;
import org.strowger.core.exec.Contained;
import org.strowger.core.log.LogText;

/*
 * Fault containment for one channel's callbacks into its tech and its owning application, on the channel's executor:
 * a callback that throws hangs that channel up (TECH_FAULT or APPLICATION_FAULT) with one log line and a count; the
 * pool thread and every other channel carry on. During the hang-up itself a throw is only logged and counted. The
 * catch clause is Contained's, the same for every kind of foreign code in the core.
 */
final class FaultGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelImpl.class);

    private FaultGuard() {
    }

    /** Runs a tech callback; on a throw, hangs up with TECH_FAULT and returns the throwable. Executor only. */
    static Throwable tech(ChannelImpl c, String callback, Runnable r) {
        Throwable t = Contained.run(r);
        if (t != null) {
            fault(c, "tech " + c.tech.name, callback, t, HangupCause.TECH_FAULT);
        }
        return t;
    }

    /** Runs an application callback; on a throw, hangs up with APPLICATION_FAULT and returns it. Executor only. */
    static Throwable application(ChannelImpl c, Application a, String callback, Runnable r) {
        Throwable t = Contained.run(r);
        if (t != null) {
            fault(c, "application " + LogText.escape(a.name()), callback, t, HangupCause.APPLICATION_FAULT);
        }
        return t;
    }

    /** Logs and counts {@code t}, then hangs the channel up with {@code cause} (only logs if it has ended). */
    static void fault(ChannelImpl c, String who, String callback, Throwable t, HangupCause cause) {
        if (c.isEnded()) {
            duringHangup(c, callback, t);
            return;
        }
        LOG.warn("channel {} ({}): {} callback {} threw {}; hanging up with {}", c.id(), c.name(), who, callback,
                LogText.escape(String.valueOf(t)), cause);
        LOG.debug("channel {}: stack of the fault", c.id(), LogText.loggable(t));
        c.rt.faults().increment();
        c.hangupNow(cause);
    }

    /** A callback that threw while the channel hangs up: logged and counted, the hang-up goes on. */
    static void duringHangup(ChannelImpl c, String callback, Throwable t) {
        if (t != null) {
            LOG.warn("channel {} ({}): callback {} threw {} while hanging up; ignored", c.id(), c.name(), callback,
                    LogText.escape(String.valueOf(t)));
            c.rt.faults().increment();
        }
    }

    /**
     * User code the channel ran for someone other than its owner (a scheduled task) threw: logged and counted; the
     * channel is not hung up for it.
     */
    static void userCodeThrew(ChannelImpl c, String what, Throwable t) {
        LOG.warn("channel {} ({}): {} threw {}; it is dropped and the call goes on", c.id(), c.name(), what,
                LogText.escape(String.valueOf(t)));
        c.rt.faults().increment();
    }

    /** The failure of a command whose tech callback threw (the channel has been hung up for it). */
    static StrowgerException commandFailed(ChannelImpl c, String callback, Throwable t) {
        return new StrowgerException("tech callback " + callback + " of channel " + c.id()
                + " threw; the channel was hung up with " + c.snapshot().hangupCause(), t);
    }
}
