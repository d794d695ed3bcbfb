package org.strowger.core.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.core.admission.EndpointLimitsTest.H;

/**
 * The steps of {@link EndpointLimits} that real threads only reach in narrow windows, one at a time: a limit set or
 * removed between a channel's admission and its registration, and a channel that holds a counter since removed.
 */
class EndpointLimitRaceWindowsTest {
    private final EndpointLimits limits = new EndpointLimits();

    @Test
    void theVersionMovesWhenACounterIsAddedOrRemovedAndNotWhenALimitChanges() {
        long v0 = limits.version();
        assertFalse(limits.changedSince(v0));
        limits.set("SIP/alice", 2, List.of());
        assertTrue(limits.changedSince(v0), "a new counter: registered channels must re-check");
        long v1 = limits.version();
        limits.set("SIP/alice", 5, List.of());
        assertFalse(limits.changedSince(v1), "a changed limit keeps its counter");
        assertEquals(5, limits.counter("SIP/alice").limit());
        assertTrue(limits.remove("SIP/alice"));
        assertTrue(limits.changedSince(v1));
        long v2 = limits.version();
        assertFalse(limits.remove("SIP/alice"), "nothing to remove");
        assertFalse(limits.changedSince(v2));
    }

    @Test
    void aChannelAdmittedBeforeItsLimitExistedIsCountedOnceByTheRecheck() {
        H h = new H("SIP/alice");
        limits.set("SIP/alice", 1, List.of()); // after h's admission, before its registration: the scan missed it
        limits.recheck(h, "SIP/alice");
        limits.recheck(h, "SIP/alice");
        EndpointLimits.Counter c = limits.counter("SIP/alice");
        assertSame(c, h.heldCounter());
        assertEquals(1, c.inUse(), "counted once, however often it re-checks");
        limits.recheck(new H("SIP/bob"), "SIP/bob"); // no limit there: nothing to adopt
        EndpointLimits.release(h);
        assertEquals(0, c.inUse());
        limits.recheck(h, "SIP/alice");
        assertEquals(0, c.inUse(), "a released channel adopts nothing");
    }

    @Test
    void aChannelHoldingARemovedCounterMovesToItsSuccessorAndTheOldOneStaysBalanced() {
        H h = new H("SIP/alice");
        limits.set("SIP/alice", 3, List.of());
        EndpointLimits.Counter old = limits.counter("SIP/alice");
        assertTrue(old.tryAcquire());
        h.held.set(old);
        limits.remove("SIP/alice");
        limits.set("SIP/alice", 3, List.of(h));
        EndpointLimits.Counter fresh = limits.counter("SIP/alice");
        assertSame(fresh, h.heldCounter());
        assertEquals(1, fresh.inUse());
        assertEquals(0, old.inUse(), "released when the channel moved on");
        limits.adopt(h, old); // a late scan of the removed limit must not take it back
        assertSame(fresh, h.heldCounter());
        assertEquals(1, fresh.inUse());
        assertEquals(0, old.inUse());
        EndpointLimits.release(h);
        assertEquals(0, fresh.inUse());
    }
}
