package org.moca.kernel.runtime;

/**
 * What the kernel weaves into notebook code so that a cell can be stopped and cannot end the kernel, on every JDK
 * from 17 on — without the Security Manager (refused from JDK 24) or {@code Thread.stop} (gone from JDK 20).
 *
 * <p>Every class the notebook's class loader defines (cell code and the jars added with {@code %jars},
 * {@code %classpath} and {@code %maven}) is rewritten as it loads (see the kernel's {@code CellInstrumenter}):
 * <ul>
 *   <li>before every backward jump (the end of each loop iteration) it calls {@link #poll()}, one read of a
 *       volatile field, which throws {@link CellInterruptedError} once the kernel asked the cell to stop;</li>
 *   <li>{@code System.exit(n)}, {@code Runtime.exit(n)} and {@code Runtime.halt(n)} (called or taken as a method
 *       reference) become {@link #exit(int)}, which throws a {@link SecurityException} in the cell instead.</li>
 * </ul>
 * Not reached: loops inside the JDK and native code (an ND4J operation runs to its end), and reflective calls of
 * {@code System.exit}. Code that sleeps, waits or does interruptible I/O is also stopped by the thread interrupt
 * the kernel sends along.
 */
public final class CellGuard {
    private static volatile boolean stopRequested;

    private CellGuard() {}

    /** Woven in at loop back-edges: throws {@link CellInterruptedError} when the kernel asked to stop. */
    public static void poll() {
        if (stopRequested) {
            throw new CellInterruptedError();
        }
    }

    /** Replaces {@code System.exit(status)} in notebook code: throws instead of ending the kernel. */
    @SuppressWarnings("DoNotCallSuggester") // called from rewritten class files, which @DoNotCall cannot see
    public static void exit(int status) {
        throw new SecurityException("System.exit(" + status + ") is blocked in a notebook: it would end the kernel."
                + " Restart the kernel from Jupyter instead.");
    }

    /** Replaces {@code runtime.exit(status)} in notebook code. */
    @SuppressWarnings("DoNotCallSuggester")
    public static void exit(Runtime runtime, int status) {
        exit(status);
    }

    /** Replaces {@code runtime.halt(status)} in notebook code. */
    @SuppressWarnings("DoNotCallSuggester")
    public static void halt(Runtime runtime, int status) {
        exit(status);
    }

    /** Kernel side: from now on every woven loop of notebook code throws (in every thread). */
    public static void requestStop() {
        stopRequested = true;
    }

    /** Kernel side: the stopped cell has ended; notebook code runs normally again. */
    public static void clearStop() {
        stopRequested = false;
    }

    /** Whether a stop is pending. */
    public static boolean stopRequested() {
        return stopRequested;
    }
}
