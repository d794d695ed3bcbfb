package org.strowger.core.channel;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Application;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.InboundCallHandler;
import org.strowger.core.exec.Contained;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;

/*
 * The lifecycle of a channel, on its executor. The first task creates the tech side (newChannel for an outbound
 * channel; the tech's factory and then the inbound-call handler's routing for an inbound one). The hang-up is one task
 * that does nothing if the channel has ended, and otherwise, in order: records the cause and time (HUNG_UP, published,
 * ChannelHungUp with a dial still open ended first), tells the tech (hangup, once), the owner (HungUp and onDetach, or
 * the bridge and a pending bridge: Gone), closes the taps, runs the end watchers, closes the tech side (close, once,
 * last), and destroys: DESTROYED, references dropped, executor closed (queued commands are rejected, not lost), and
 * the core told (registry entry and counters released exactly once).
 */
final class ChannelLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelImpl.class);

    private ChannelLifecycle() {
    }

    static void startOutbound(ChannelImpl c, OutboundSetup setup) {
        assert c.executor.inExecutor();
        c.events.created();
        Throwable t = Contained.run(() -> c.techChannel = c.tech.tech.newChannel(setup, c.sink));
        if (t == null && c.techChannel == null) {
            t = new NullPointerException("newChannel returned null");
        }
        if (t != null) {
            FaultGuard.fault(c, "tech " + c.tech.name, "newChannel", t, HangupCause.TECH_FAULT);
        }
    }

    static void startInbound(ChannelImpl c, Function<ChannelSink, TechChannel> factory,
            InboundCallHandler handler) {
        assert c.executor.inExecutor();
        c.events.created();
        Throwable t = Contained.run(() -> c.techChannel = factory.apply(c.sink));
        if (t == null && c.techChannel == null) {
            t = new NullPointerException("the inbound factory returned null");
        }
        if (t != null) {
            FaultGuard.fault(c, "tech " + c.tech.name, "inbound factory", t, HangupCause.TECH_FAULT);
            return;
        }
        if (handler == null) {
            LOG.info("channel {}: no inbound-call handler is configured; rejecting with NO_ROUTE_DESTINATION", c.id());
            c.hangupNow(HangupCause.NO_ROUTE_DESTINATION);
            return;
        }
        Application[] routed = new Application[1];
        t = Contained.run(() -> routed[0] = handler.route(c));
        if (t != null) {
            FaultGuard.fault(c, "inbound-call handler", "route", t, HangupCause.APPLICATION_FAULT);
        } else if (routed[0] == null) {
            c.hangupNow(HangupCause.NO_ROUTE_DESTINATION);
        } else {
            c.ownership.attachNow(routed[0]);
        }
    }


    /** Hangs up, tells everyone once, closes and destroys. No-op if already hung up. Executor only. */
    static void hangUp(ChannelImpl c, HangupCause hangupCause) {
        assert c.executor.inExecutor();
        if (c.state.isEnded()) {
            return;
        }
        c.cause = hangupCause;
        c.endedAt = c.rt.now();
        c.state = ChannelState.HUNG_UP;
        c.publish();
        c.events.hungUp(hangupCause, c.answeredAt != 0, c.endedAt);
        TechChannel tc = c.techChannel;
        if (tc != null) {
            FaultGuard.duringHangup(c, "hangup", Contained.run(() -> tc.hangup(hangupCause)));
        }
        c.ownership.hungUp(hangupCause);
        if (c.taps != null) {
            c.taps.closeAll(c);
        }
        if (c.endWatchers != null) {
            c.endWatchers.forEach(Runnable::run);
            c.endWatchers = null;
        }
        if (c.services != null) {
            c.services.hungUp();
        }
        if (c.answering != null) { // the call ended before the tech confirmed the answer: it was never answered
            c.answering.fail(c.goneException());
            c.answering = null;
        }
        if (tc != null) {
            FaultGuard.duringHangup(c, "close", Contained.run(tc::close));
        }
        destroy(c);
    }

    private static void destroy(ChannelImpl c) {
        if (c.absoluteTimer != null) {
            c.absoluteTimer.cancel(); // the timer must not keep a destroyed channel reachable for up to 24 h
            c.absoluteTimer = null;
        }
        c.state = ChannelState.DESTROYED;
        c.techChannel = null;
        c.ownership.destroyed();
        c.publish();
        c.events.destroyed();
        c.executor.close();
        c.home.destroyed(c);
    }
}
