package org.moca.kernel.eval;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one long-lived thread on which every cell, completion and inspection runs.
 *
 * <p>One thread, not one per cell: ND4J keeps workspaces per thread (a thread per cell leaks them) and captures
 * its class loader from the thread that first touches it, so this thread's context class loader is the notebook's
 * class loader before any notebook code runs. Its stack is large (deep recursion in notebooks is common).
 */
public final class EvaluationThread {
    private static final long STACK_BYTES = 64L << 20;

    /** Quiet time after which idle work runs: longer than the gap between cells of a "run all". */
    private static final long IDLE_MS = 300;

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private volatile BooleanSupplier idleWork;
    private final Thread thread;

    /**
     * Starts the thread with {@code contextLoader} as its context class loader (the first task replaces it with
     * the notebook's loader once JShell exists).
     */
    public EvaluationThread(ClassLoader contextLoader) {
        thread = new Thread(null, this::loop, "moca-kernel-eval", STACK_BYTES);
        thread.setContextClassLoader(contextLoader);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (true) {
            Runnable task;
            try {
                task = tasks.poll(IDLE_MS, TimeUnit.MILLISECONDS);
                if (task == null) {
                    BooleanSupplier work = idleWork;
                    if (work != null && !work.getAsBoolean()) {
                        idleWork = null;
                    }
                    continue;
                }
            } catch (InterruptedException e) {
                // A late interrupt meant for a finished cell; keep serving.
                continue;
            }
            try {
                task.run();
            } catch (RuntimeException | org.moca.kernel.runtime.CellInterruptedError late) {
                // A submitted task's own failure (it logs it), or a stop that landed just after user code returned.
            }
        }
    }

    /**
     * Runs {@code step} whenever the thread has had nothing to do for {@value #IDLE_MS} ms, until it returns
     * {@code false}. Each step should be short: a cell that arrives meanwhile waits for the step to end.
     */
    public void whenIdle(BooleanSupplier step) {
        idleWork = step;
    }

    /** Queues {@code work} for the evaluation thread without waiting for it. */
    public void submit(Runnable work) {
        tasks.add(work);
    }

    /** Runs {@code work} on the evaluation thread and waits for its result. */
    public <T> T call(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new IllegalStateException("evaluation thread failed", cause);
        }
    }
}
