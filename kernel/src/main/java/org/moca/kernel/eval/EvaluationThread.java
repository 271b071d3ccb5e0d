package org.moca.kernel.eval;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one long-lived thread on which every cell, completion and inspection runs.
 *
 * <p>One thread, not one per cell: ND4J keeps workspaces per thread (a thread per cell leaks them) and captures
 * its class loader from the thread that first touches it, so this thread's context class loader is the notebook's
 * class loader before any notebook code runs. Its stack is large (deep recursion in notebooks is common).
 */
public final class EvaluationThread {
    private static final long STACK_BYTES = 64L << 20;

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
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
                task = tasks.take();
            } catch (InterruptedException e) {
                // A late interrupt meant for a finished cell; keep serving.
                continue;
            }
            try {
                task.run();
            } catch (ThreadDeath late) {
                // A stop that landed just after user code returned; the task already completed or failed.
            }
        }
    }

    /** Whether work is queued behind the running task (lets background warm-up give way to real cells). */
    public boolean hasQueuedWork() {
        return !tasks.isEmpty();
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
