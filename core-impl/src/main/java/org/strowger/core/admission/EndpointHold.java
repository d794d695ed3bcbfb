package org.strowger.core.admission;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * One channel's claim on its endpoint's usage counter (EndpointLimits.Holder): the endpoint key it counts on, fixed at
 * creation (the tech's explicit endpoint, else tech/resource, else none), and the counter it holds now in one field
 * that any thread may CAS: the creator sets it, a new limit adopts the channel, destroy swaps it to RELEASED.
 */
public final class EndpointHold implements EndpointLimits.Holder {
    private static final VarHandle COUNTER;

    static {
        try {
            COUNTER = MethodHandles.lookup().findVarHandle(EndpointHold.class, "counter", EndpointLimits.Counter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String key;
    private volatile EndpointLimits.Counter counter;

    /**
     * @param key the endpoint the channel counts on ({@link EndpointLimits#key}), or null for none
     * @param taken the counter admission took, or null
     */
    public EndpointHold(String key, EndpointLimits.Counter taken) {
        this.key = key;
        COUNTER.set(this, taken); // plain: the registry publishes the channel
    }

    /** The endpoint key, or null if the channel counts on none. */
    public String key() {
        return key;
    }

    @Override
    public EndpointLimits.Counter heldCounter() {
        return counter;
    }

    @Override
    public boolean casHeldCounter(EndpointLimits.Counter expect, EndpointLimits.Counter update) {
        return COUNTER.compareAndSet(this, expect, update);
    }

    @Override
    public EndpointLimits.Counter swapReleased() {
        return (EndpointLimits.Counter) COUNTER.getAndSet(this, EndpointLimits.RELEASED);
    }

    @Override
    public boolean countsOn(String endpoint) {
        return key != null && key.equals(endpoint);
    }
}
