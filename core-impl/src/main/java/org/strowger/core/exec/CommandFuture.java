package org.strowger.core.exec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.strowger.api.BlockingOnOwnerThreadException;
import org.strowger.core.WorkerPool;

/*
 * The stage every asynchronous core operation returns. It remembers the caller's executor (if the caller ran on one)
 * and completes there, so continuations never run on the target's thread; callers outside any executor are completed
 * on a pool thread outside every executor. get()/join() from an executor thread fail fast instead of blocking the
 * shared pool. Derived stages (thenApply etc.) are CommandFutures too, so the check follows the chain.
 */
public final class CommandFuture<T> extends CompletableFuture<T> {
    private final SerialExecutor caller;
    private final WorkerPool pool;

    /** A derived or internal stage that is completed directly. */
    public CommandFuture() {
        this(null, null);
    }

    private CommandFuture(SerialExecutor caller, WorkerPool pool) {
        this.caller = caller;
        this.pool = pool;
    }

    /** A stage for a command issued by the calling thread, to be completed on its behalf by {@link #succeed}. */
    public static <T> CommandFuture<T> forCaller(WorkerPool pool) {
        return new CommandFuture<>(WorkerSlot.currentExecutor(), pool);
    }

    /** A stage that has already failed. */
    public static <T> CommandFuture<T> failed(Throwable t) {
        CommandFuture<T> f = new CommandFuture<>();
        f.completeExceptionally(t);
        return f;
    }

    /** Completes with {@code value} on the caller's executor (or a pool thread). Any thread. */
    public void succeed(T value) {
        deliver(() -> complete(value));
    }

    /** Fails with {@code error} on the caller's executor (or a pool thread). Any thread. */
    public void fail(Throwable error) {
        deliver(() -> completeExceptionally(error));
    }

    private void deliver(Runnable completion) {
        if (pool == null) {
            completion.run();
        } else if (caller == null) {
            onPool(completion);
        } else if (caller.inExecutor()) {
            completion.run();
        } else if (!caller.execute(new Delivery(completion))) {
            onPool(completion);
        }
    }

    private void onPool(Runnable completion) {
        try {
            pool.execute(completion);
        } catch (RuntimeException poolGone) {
            completion.run(); // the pool is shut down; there is no executor left to protect
        }
    }

    /** A completion queued on the caller's executor; if that executor closes first, it completes on the pool. */
    private final class Delivery implements Runnable, Rejectable {
        private final Runnable completion;

        Delivery(Runnable completion) {
            this.completion = completion;
        }

        @Override
        public void run() {
            completion.run();
        }

        @Override
        public void reject() {
            onPool(completion);
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CommandFuture<>();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkMayBlock();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        checkMayBlock();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        checkMayBlock();
        return super.join();
    }

    public static void checkMayBlock() {
        SerialExecutor running = WorkerSlot.currentExecutor();
        if (running != null) {
            throw new BlockingOnOwnerThreadException("blocking wait on the executor of " + running.label()
                    + "; use the CompletionStage's asynchronous methods");
        }
    }
}
