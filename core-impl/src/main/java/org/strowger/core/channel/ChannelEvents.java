package org.strowger.core.channel;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strowger.api.Application;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.event.ChannelCreated;
import org.strowger.api.event.ChannelDestroyed;
import org.strowger.api.event.ChannelHungUp;
import org.strowger.api.event.ChannelRef;
import org.strowger.api.event.ChannelStateChanged;
import org.strowger.api.event.DialBegan;
import org.strowger.api.event.DialEnded;
import org.strowger.api.event.DialStatus;
import org.strowger.api.event.DtmfBegan;
import org.strowger.api.event.DtmfDirection;
import org.strowger.api.event.DtmfEnded;
import org.strowger.api.event.EventKind;
import org.strowger.api.event.MediaChanged;
import org.strowger.api.event.Owner;
import org.strowger.api.event.OwnerChanged;
import org.strowger.api.event.VariableSet;
import org.strowger.api.media.ChannelMedia;
import org.strowger.core.event.EventBus;
import org.strowger.core.log.LogText;

/*
 * One channel's event stream, written on its executor where each change happens: ChannelCreated by the first task,
 * then state changes, variables, DTMF, dials, hand-overs (one OwnerChanged per hand-over), and at the end
 * ChannelHungUp and ChannelDestroyed, so its sequence numbers run 1..n in order. Each site counts the sequence and
 * builds the record only if a subscription may want it, so with no subscriber an event costs one increment and one
 * volatile read. Media frames never produce events. It also tracks the dial open on the channel (a leg being rung),
 * so every DialBegan has exactly one DialEnded.
 */
final class ChannelEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelImpl.class);

    private final ChannelImpl c;
    private final EventBus bus;
    private long sequence;
    private Object reportedOwner; // the Application or BridgeSide the last OwnerChanged reported; null for none
    private ChannelImpl dialCaller; // while a dial is open on this leg: its caller, or this channel for an originate
    private boolean dialOpen;

    ChannelEvents(ChannelImpl channel, EventBus bus) {
        this.c = channel;
        this.bus = bus;
    }

    /** Counts an event of this channel's stream; true if a subscription may want it (only then is it built). */
    private boolean announce(EventKind kind) {
        sequence++;
        return bus.wants(kind, c.id(), c.linkedId());
    }

    void created() {
        if (announce(EventKind.CHANNEL_CREATED)) {
            bus.publish(new ChannelCreated(c.id(), c.name(), c.linkedId(), sequence, c.createdAt, c.tech.name,
                    c.direction(), c.destination, c.snapshot().caller()));
        }
        if (LOG.isDebugEnabled()) {
            var caller = c.snapshot().caller();
            LOG.debug("channel {} ({}): {} {} call to {} from \"{}\" <{}>", c.id(), c.name(), c.direction(),
                    c.tech.name, LogText.escape(c.destination), LogText.escape(caller.name()),
                    LogText.escape(caller.number()));
        }
    }

    void stateChanged(ChannelState from, ChannelState to) {
        if (announce(EventKind.STATE_CHANGED)) {
            bus.publish(new ChannelStateChanged(c.id(), c.name(), c.linkedId(), sequence, c.rt.now(), from, to));
        }
    }

    void variableSet(String name, String value) {
        if (announce(EventKind.VARIABLE_SET)) {
            bus.publish(new VariableSet(c.id(), c.name(), c.linkedId(), sequence, c.rt.now(), name, value));
        }
    }

    void mediaChanged(ChannelMedia media) {
        if (announce(EventKind.MEDIA_CHANGED)) {
            bus.publish(new MediaChanged(c.id(), c.name(), c.linkedId(), sequence, c.rt.now(), media));
        }
    }

    void dtmfBegan(DtmfDirection way, char digit) {
        if (announce(EventKind.DTMF_BEGAN)) {
            bus.publish(new DtmfBegan(c.id(), c.name(), c.linkedId(), sequence, c.rt.now(), way, digit));
        }
    }

    void dtmfEnded(DtmfDirection way, char digit, Duration duration) {
        if (announce(EventKind.DTMF_ENDED)) {
            bus.publish(new DtmfEnded(c.id(), c.name(), c.linkedId(), sequence, c.rt.now(), way, digit, duration));
        }
    }

    /**
     * Reports a hand-over if {@code owner} (an Application, a BridgeSide, or null) differs from the one last reported:
     * called where a hand-over completes, so an application handing the channel to a bridge (detach, then commit) is
     * one event. Not after the hang-up.
     */
    void owner(Object owner) {
        if (owner == reportedOwner || c.isEnded()) {
            return;
        }
        Object before = reportedOwner;
        reportedOwner = owner;
        if (announce(EventKind.OWNER_CHANGED)) {
            bus.publish(new OwnerChanged(c.id(), c.name(), c.linkedId(), sequence, c.rt.now(), describe(before),
                    describe(owner)));
        }
    }

    private static Owner describe(Object o) {
        if (o instanceof BridgeSide b) {
            return Owner.bridge(b.id());
        }
        return o instanceof Application a ? Owner.application(String.valueOf(a.name())) : Owner.NONE;
    }

    /** A dial begins ringing this leg on behalf of {@code caller} (null: an originate). Ignored if one is open. */
    void dialBegan(ChannelImpl caller, String target) {
        if (dialOpen || c.isEnded()) {
            return;
        }
        dialOpen = true;
        dialCaller = caller;
        if (announce(EventKind.DIAL_BEGAN)) {
            bus.publish(new DialBegan(c.id(), c.name(), c.linkedId(), sequence, c.rt.now(),
                    caller == null ? null : caller.ref(), target));
        }
    }

    /** The open dial of this leg ended with {@code outcome}; {@code cause} is the hang-up behind it, or null. */
    void dialEnded(DialStatus outcome, HangupCause cause) {
        if (!dialOpen) {
            return;
        }
        dialOpen = false;
        ChannelRef caller = dialCaller == null ? null : dialCaller.ref();
        dialCaller = null;
        if (announce(EventKind.DIAL_ENDED)) {
            bus.publish(new DialEnded(c.id(), c.name(), c.linkedId(), sequence, c.rt.now(), caller, outcome, cause));
        }
    }

    /** The channel hung up: ends an open dial as its cause says, then ChannelHungUp. */
    void hungUp(HangupCause cause, boolean answered, long at) {
        dialEnded(DialStatus.of(cause, answered), cause);
        if (announce(EventKind.HUNG_UP)) {
            bus.publish(new ChannelHungUp(c.id(), c.name(), c.linkedId(), sequence, at, cause));
        }
    }

    void destroyed() {
        reportedOwner = null;
        if (announce(EventKind.CHANNEL_DESTROYED)) {
            bus.publish(new ChannelDestroyed(c.id(), c.name(), c.linkedId(), sequence, c.rt.now()));
        }
    }
}
