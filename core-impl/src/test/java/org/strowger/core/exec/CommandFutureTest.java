package org.strowger.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.strowger.api.BlockingOnOwnerThreadException;
import org.strowger.core.WorkerPool;
import org.strowger.core.exec.TestPools.ManualPool;
import org.strowger.core.exec.TestPools.RefusingPool;

class CommandFutureTest {
    private final ForkJoinWorkerPool fj = new ForkJoinWorkerPool(2);

    @AfterEach
    void shutdown() {
        fj.shutdown();
    }

    private static SerialExecutor executor(WorkerPool pool, String label) {
        return new SerialExecutor(new ExecutorSettings(pool, 32, 16), label);
    }

    /** Where a continuation ran. */
    record Seen(Thread thread, boolean inA, boolean inB, SerialExecutor current, Object value) {
    }

    // ---- blocking on an owner thread fails fast ----

    @Test
    void blockingInsideAnExecutorTaskThrows() {
        ManualPool pool = new ManualPool();
        SerialExecutor a = executor(pool, "chan-A");
        CommandFuture<Integer> pending = CommandFuture.forCaller(pool);
        CommandFuture<Integer> done = new CommandFuture<>();
        done.complete(7);
        List<Throwable> thrown = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        a.execute(() -> {
            thrown.add(catching(pending::join));
            thrown.add(catching(() -> pending.get()));
            thrown.add(catching(() -> pending.get(1, TimeUnit.MILLISECONDS)));
            thrown.add(catching(() -> pending.thenApply(x -> x + 1).join()));
            thrown.add(catching(() -> pending.thenCompose(x -> done).toCompletableFuture().join()));
            thrown.add(catching(() -> ((CompletionStage<Integer>) pending).toCompletableFuture().join()));
            // even a completed future: the rule does not depend on timing, so a test cannot pass by luck
            thrown.add(catching(done::join));
            values.add(done.getNow(-1)); // non-blocking reads are fine
            values.add(pending.getNow(-1));
        });
        pool.runAll();
        assertEquals(7, thrown.size());
        for (Throwable t : thrown) {
            assertInstanceOf(BlockingOnOwnerThreadException.class, t);
            assertTrue(t.getMessage().contains("chan-A"), "names the executor: " + t.getMessage());
        }
        assertEquals(List.of(7, -1), values);
        assertFalse(pending.isDone(), "a refused wait leaves the future untouched");
    }

    @Test
    void derivedStagesAreCommandFutures() {
        CommandFuture<Integer> f = new CommandFuture<>();
        assertInstanceOf(CommandFuture.class, f.thenApply(x -> x));
        assertInstanceOf(CommandFuture.class, f.thenCompose(CompletableFuture::completedFuture));
        assertInstanceOf(CommandFuture.class, f.exceptionally(t -> 0));
        assertInstanceOf(CommandFuture.class, f.whenComplete((v, t) -> { }));
        assertInstanceOf(CommandFuture.class, f.handle((v, t) -> v));
        assertInstanceOf(CommandFuture.class, f.thenCombine(f, Integer::sum));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void blockingOutsideAnyExecutorWorks() throws Exception {
        ManualPool pool = new ManualPool();
        SerialExecutor b = executor(pool, "chan-B");
        CommandFuture<String> f = CommandFuture.forCaller(pool); // caller: the test thread, no executor
        b.execute(() -> f.succeed("ok"));
        pool.runAll();
        assertEquals("ok", f.join());
        assertEquals("ok", f.get());
        assertEquals("ok!", f.thenApply(s -> s + "!").get(1, TimeUnit.SECONDS));

        CommandFuture<String> failed = CommandFuture.failed(new IllegalStateException("gone"));
        CompletionException e = assertThrows(CompletionException.class, failed::join);
        assertEquals("gone", e.getCause().getMessage());
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, failed::get).getCause());
    }

    // ---- continuations run on the caller's executor ----

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void completionFromAnotherExecutorRunsTheContinuationOnTheCallersExecutor() throws Exception {
        SerialExecutor a = executor(fj, "chan-A");
        SerialExecutor b = executor(fj, "chan-B");
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        CompletableFuture<Seen> seenFailure = new CompletableFuture<>();
        a.execute(() -> {
            CommandFuture<Integer> f = CommandFuture.forCaller(fj);
            f.thenAccept(v -> seen.complete(new Seen(Thread.currentThread(), a.inExecutor(), b.inExecutor(),
                    WorkerSlot.currentExecutor(), v)));
            CommandFuture<Integer> g = CommandFuture.forCaller(fj);
            g.exceptionally(t -> {
                seenFailure.complete(new Seen(Thread.currentThread(), a.inExecutor(), b.inExecutor(),
                        WorkerSlot.currentExecutor(), t.getMessage()));
                return null;
            });
            b.execute(() -> {
                f.succeed(42); // completed by B's task, for a caller that ran on A
                g.fail(new IllegalStateException("refused"));
            });
        });
        Seen s = seen.get(5, TimeUnit.SECONDS);
        assertTrue(s.inA(), "the continuation runs inside A's executor");
        assertFalse(s.inB(), "never on the target's executor");
        assertSame(a, s.current());
        assertEquals(42, s.value());
        Seen sf = seenFailure.get(5, TimeUnit.SECONDS);
        assertTrue(sf.inA());
        assertFalse(sf.inB());
        assertEquals("refused", sf.value());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void completionOnTheCallersOwnExecutorIsImmediate() throws Exception {
        ManualPool pool = new ManualPool();
        SerialExecutor a = executor(pool, "chan-A");
        List<String> log = new ArrayList<>();
        a.execute(() -> {
            CommandFuture<Integer> f = CommandFuture.forCaller(pool);
            f.thenAccept(v -> log.add("continuation in A=" + a.inExecutor()));
            f.succeed(1);
            log.add("after succeed");
        });
        pool.runAll();
        assertEquals(List.of("continuation in A=true", "after succeed"), log);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void callerOutsideAnyExecutorIsCompletedOnAPoolThreadOutsideEveryExecutor() throws Exception {
        SerialExecutor b = executor(fj, "chan-B");
        CommandFuture<Integer> f = CommandFuture.forCaller(fj); // the test thread runs no executor
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        CompletableFuture<Throwable> blockingAllowed = new CompletableFuture<>();
        f.thenAccept(v -> {
            seen.complete(new Seen(Thread.currentThread(), false, b.inExecutor(), WorkerSlot.currentExecutor(), v));
            blockingAllowed.complete(catching(CommandFuture::checkMayBlock));
        });
        b.execute(() -> f.succeed(5));
        Seen s = seen.get(5, TimeUnit.SECONDS);
        assertInstanceOf(PoolThread.class, s.thread(), "a pool thread, not the completing executor's batch");
        assertFalse(s.inB());
        assertNull(s.current(), "inside no executor");
        assertEquals(5, s.value());
        assertNull(blockingAllowed.get(5, TimeUnit.SECONDS), "blocking is allowed there");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aCallerWhoseExecutorClosedStillGetsItsCompletionOnThePool() throws Exception {
        SerialExecutor a = executor(fj, "chan-A");
        SerialExecutor b = executor(fj, "chan-B");
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        CompletableFuture<Void> aClosed = new CompletableFuture<>();
        CompletableFuture<CommandFuture<Integer>> created = new CompletableFuture<>();
        a.execute(() -> {
            CommandFuture<Integer> f = CommandFuture.forCaller(fj);
            f.thenAccept(v -> seen.complete(new Seen(Thread.currentThread(), a.inExecutor(), b.inExecutor(),
                    WorkerSlot.currentExecutor(), v)));
            a.close();
            created.complete(f);
            aClosed.complete(null);
        });
        aClosed.get(5, TimeUnit.SECONDS);
        CommandFuture<Integer> f = created.get();
        b.execute(() -> f.succeed(9)); // A is closed: the delivery is rejected (or refused) and goes to the pool
        Seen s = seen.get(5, TimeUnit.SECONDS);
        assertEquals(9, s.value());
        assertFalse(s.inA());
        assertFalse(s.inB());
        assertNull(s.current());
    }

    @Test
    void withTheCallersExecutorAlreadyRejectingTheCompletionStillHappens() {
        // Delivery queued on A, then A closes before running it: reject() moves the completion to the pool.
        ManualPool pool = new ManualPool();
        SerialExecutor a = executor(pool, "chan-A");
        SerialExecutor b = executor(pool, "chan-B");
        List<String> log = new ArrayList<>();
        CommandFuture<?>[] box = new CommandFuture<?>[1];
        a.execute(() -> {
            CommandFuture<Integer> f = CommandFuture.forCaller(pool);
            f.thenAccept(v -> log.add("completed " + v + " inA=" + a.inExecutor()));
            box[0] = f;
        });
        pool.runAll();
        @SuppressWarnings("unchecked")
        CommandFuture<Integer> f = (CommandFuture<Integer>) box[0];
        b.execute(() -> {
            f.succeed(3); // queues a Delivery on A
            a.close(); // A closes with the delivery still queued
        });
        pool.runAll();
        assertEquals(List.of("completed 3 inA=false"), log);
    }

    @Test
    void aShutDownPoolCompletesInline() {
        RefusingPool refusing = new RefusingPool();
        CommandFuture<Integer> f = CommandFuture.forCaller(refusing);
        f.succeed(11);
        assertEquals(11, f.getNow(-1), "no executor left to protect: completed on the calling thread");
        CommandFuture<Integer> g = CommandFuture.forCaller(refusing);
        g.fail(new IllegalStateException("x"));
        assertTrue(g.isCompletedExceptionally());
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Throwable catching(ThrowingRunnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
