package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * The core's threads start with an empty MDC whoever creates them, and the creator keeps its own. Needs a working MDC
 * adapter: slf4j-simple's (this module's test logger) keeps nothing, so here the tests are skipped; they run with the
 * test kit's logger (src-test-fixtures' surefire and the mutation run put this module's tests on its classpath).
 * The real-thread variant through a whole core is MdcTest in src-test-fixtures.
 */
@Timeout(10)
class ContextFreeThreadsTest {
    private static final String KEY = "app.request";

    @AfterEach
    void clearMdc() {
        MDC.remove(KEY);
    }

    private static void putCreatorsContext() {
        MDC.put(KEY, "r-17");
        assumeTrue("r-17".equals(MDC.get(KEY)), "this slf4j provider keeps no MDC");
    }

    @Test
    void aThreadBuiltUnderTheCreatorsContextStartsWithoutItAndTheCreatorKeepsIt() throws Exception {
        putCreatorsContext();
        CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
        AtomicReference<Thread> built = new AtomicReference<>();
        AtomicReference<Map<String, String>> contextDuringConstruction = new AtomicReference<>();
        Thread t = ContextFreeThreads.create(() -> {
            contextDuringConstruction.set(MDC.getCopyOfContextMap());
            built.set(new Thread(() -> seen.complete(MDC.getCopyOfContextMap())));
            return built.get();
        });
        assertSame(built.get(), t, "the constructed thread is returned");
        assertTrue(isEmpty(contextDuringConstruction.get()),
                "the creator's context was visible during construction: " + contextDuringConstruction.get());
        assertEquals("r-17", MDC.get(KEY), "the creator's context is put back");
        t.start();
        Map<String, String> inherited = seen.get(5, TimeUnit.SECONDS);
        assertTrue(isEmpty(inherited), "the new thread inherited " + inherited);
    }

    @Test
    void theCoresThreadsStartWithAnEmptyMdc() throws Exception {
        putCreatorsContext();
        DedicatedThreadPool dedicated = new DedicatedThreadPool("test-context-free");
        ForkJoinWorkerPool pool = new ForkJoinWorkerPool(1);
        try {
            CompletableFuture<String> onDedicated = new CompletableFuture<>();
            dedicated.execute(() -> onDedicated.complete(MDC.get(KEY)));
            CompletableFuture<String> onPool = new CompletableFuture<>();
            pool.execute(() -> onPool.complete(MDC.get(KEY)));
            assertNull(onDedicated.get(5, TimeUnit.SECONDS), "a subscription's thread inherited the creator's MDC");
            assertNull(onPool.get(5, TimeUnit.SECONDS), "a pool worker inherited the creator's MDC");
            assertEquals("r-17", MDC.get(KEY));
        } finally {
            dedicated.shutdown();
            pool.shutdown();
        }
    }

    @Test
    void withNoContextToSetAsideTheThreadIsBuiltAsIs() {
        MDC.clear();
        Thread built = new Thread(() -> { });
        assertSame(built, ContextFreeThreads.create(() -> built));
        assertTrue(isEmpty(MDC.getCopyOfContextMap()));
    }

    private static boolean isEmpty(Map<String, String> context) {
        return context == null || context.isEmpty();
    }
}
