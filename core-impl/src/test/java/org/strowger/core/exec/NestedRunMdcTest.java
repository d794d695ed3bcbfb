package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPMDCAdapter;
import org.strowger.api.BridgeId;
import org.strowger.api.ChannelId;
import org.strowger.core.MdcKeys;
import org.strowger.core.exec.TestPools.ManualPool;

/**
 * The MDC during and after a nested run (SerialExecutor.executeMediaInline) on a real MDC adapter: exactly the peer's
 * entry while the peer's task runs, exactly the caller's again after it, nothing left when the batch ends.
 *
 * <p>This module's tests bind slf4j-simple, whose MDC does nothing, so surefire runs this class in an execution of
 * its own with logback-classic instead ({@code mdc-logback} in core-impl's pom, which also names the adapter it
 * expects in {@code strowger.test.mdcAdapter}). Elsewhere it runs on whatever real adapter is bound (the test kit's
 * mutation runs: slf4j's BasicMDCAdapter) and is skipped on a no-op one.
 */
class NestedRunMdcTest {
    private final ManualPool pool = new ManualPool();
    private final SerialExecutor a = executor(ChannelId.of("a"));
    private final SerialExecutor b = executor(ChannelId.of("b"));

    @BeforeAll
    static void realAdapter() {
        String expected = System.getProperty("strowger.test.mdcAdapter");
        if (expected != null) {
            assertEquals(expected, MDC.getMDCAdapter().getClass().getName(), "the MDC adapter bound");
        }
        assumeFalse(MDC.getMDCAdapter() instanceof NOPMDCAdapter, "a no-op MDC adapter: nothing to check");
    }

    @AfterEach
    void clean() {
        MDC.clear();
    }

    private SerialExecutor executor(Object label) {
        return new SerialExecutor(new ExecutorSettings(pool, 32, 16), label);
    }

    /** The calling thread's MDC, as an appender would see it (null and empty are both "nothing"). */
    private static Map<String, String> mdc() {
        Map<String, String> m = MDC.getCopyOfContextMap();
        return m == null ? Map.of() : new HashMap<>(m);
    }

    @Test
    void aChannelForwardingToAChannelNamesThePeerDuringTheNestedRunAndItselfAfter() {
        List<Map<String, String>> seen = new ArrayList<>();
        a.execute(() -> {
            seen.add(mdc());
            assertTrue(b.executeMediaInline(() -> seen.add(mdc())));
            seen.add(mdc());
            assertTrue(b.executeMediaInline(() -> seen.add(mdc()))); // b is idle again: nested again
            seen.add(mdc());
        });
        pool.runAll(); // on this thread
        Map<String, String> inA = Map.of(MdcKeys.CHANNEL, "a");
        Map<String, String> inB = Map.of(MdcKeys.CHANNEL, "b");
        assertEquals(List.of(inA, inB, inA, inB, inA), seen);
        assertEquals(1, pool.submissions.get(), "both forwards ran nested, without a submission of b");
        assertEquals(Map.of(), mdc(), "nothing is left after the batch");
    }

    @Test
    void anotherExecutorsEntryIsRemovedDuringTheNestedRunAndPutBackAfter() {
        List<Map<String, String>> seen = new ArrayList<>();
        SerialExecutor bridge = executor(BridgeId.of("br-1"));
        SerialExecutor other = executor("subscription cdr");
        for (SerialExecutor outer : List.of(bridge, other)) {
            outer.execute(() -> {
                seen.add(mdc());
                assertTrue(b.executeMediaInline(() -> seen.add(mdc())));
                seen.add(mdc());
            });
            pool.runAll();
            assertEquals(Map.of(), mdc(), "nothing is left after the batch");
        }
        Map<String, String> inBridge = Map.of(MdcKeys.BRIDGE, "br-1");
        Map<String, String> inOther = Map.of(MdcKeys.EXECUTOR, "subscription cdr");
        Map<String, String> inB = Map.of(MdcKeys.CHANNEL, "b");
        assertEquals(List.of(inBridge, inB, inBridge, inOther, inB, inOther), seen);
    }

    /** The application's own entries are not the core's: a nested run leaves them as they are. */
    @Test
    void theApplicationsOwnEntriesAreLeftAlone() {
        List<Map<String, String>> seen = new ArrayList<>();
        a.execute(() -> {
            MDC.put("app.request", "r-17");
            assertTrue(b.executeMediaInline(() -> seen.add(mdc())));
            seen.add(mdc());
            MDC.remove("app.request");
        });
        pool.runAll();
        assertEquals(List.of(Map.of(MdcKeys.CHANNEL, "b", "app.request", "r-17"),
                Map.of(MdcKeys.CHANNEL, "a", "app.request", "r-17")), seen);
    }

    /**
     * The caller's entry is put back from its label, not from what the MDC held before the forward: if code in the
     * caller's batch had removed it, the caller's later lines still name the caller, never the peer.
     */
    @Test
    void afterANestedRunTheCallersIdIsBackEvenIfTheBatchHadRemovedIt() {
        List<Map<String, String>> seen = new ArrayList<>();
        a.execute(() -> {
            MDC.remove(MdcKeys.CHANNEL);
            assertTrue(b.executeMediaInline(() -> seen.add(mdc())));
            seen.add(mdc());
        });
        pool.runAll();
        assertEquals(List.of(Map.of(MdcKeys.CHANNEL, "b"), Map.of(MdcKeys.CHANNEL, "a")), seen);
        assertEquals(Map.of(), mdc());
    }

    /** A forward that is queued (the peer is busy) runs as the peer's own batch, which names the peer. */
    @Test
    void aQueuedForwardRunsUnderThePeersIdInItsOwnBatch() {
        List<Map<String, String>> seen = new ArrayList<>();
        a.execute(() -> {
            assertTrue(b.executeMediaInline(() -> seen.add(mdc())));
            seen.add(mdc());
        });
        b.execute(() -> seen.add(mdc())); // runs after a's batch starts: the forward queues behind it
        pool.runAll();
        Map<String, String> inB = Map.of(MdcKeys.CHANNEL, "b");
        assertEquals(List.of(Map.of(MdcKeys.CHANNEL, "a"), inB, inB), seen);
        assertEquals(Map.of(), mdc());
    }
}
