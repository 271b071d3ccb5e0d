package org.moca.kernel.eval;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs each snippet directly on the thread that called {@code JShell.eval}: the kernel's one long-lived
 * evaluation thread. JShell's own local engine starts a new thread per snippet, which breaks libraries that keep
 * per-thread state across cells (ND4J workspaces, its class loader captured from the first thread's context
 * class loader) and leaks what those threads hold.
 *
 * <p>It also keeps the real object a snippet produced (not only its string form), so the kernel can render a
 * chart or a table, and it stops a running snippet on request: first by interrupting the thread (code that
 * sleeps, waits or does interruptible I/O ends cleanly), then, if the snippet still runs after a grace period,
 * with {@link Thread#stop()}, the only way to end a CPU-bound loop that never checks for interruption.
 */
final class KernelExecutionControl extends DirectExecutionControl {
    private static final Logger LOG = Logger.getLogger(KernelExecutionControl.class.getName());

    /** Marker for "the last snippet produced no value". */
    static final Object NO_VALUE = new Object();

    private final Object stopLock = new Object();
    private Thread userThread;
    private long runs;
    private volatile Object lastValue = NO_VALUE;

    private final AtomicBoolean interruptRequested;

    KernelExecutionControl(KernelLoaderDelegate loader, AtomicBoolean interruptRequested) {
        super(loader);
        this.interruptRequested = interruptRequested;
    }

    /** JShell's plug-in point: always hands out this one instance. */
    ExecutionControlProvider provider() {
        KernelExecutionControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "moca-direct";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    /** Forgets the last value; called before each snippet. */
    void clearLastValue() {
        lastValue = NO_VALUE;
    }

    /** The object the last snippet evaluated to, or {@link #NO_VALUE}. */
    Object lastValue() {
        return lastValue;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        if (interruptRequested.get()) {
            throw new StoppedException(); // interrupted before it started: do not start it
        }
        Object value = doitMethod.invoke(null);
        lastValue = value;
        return valueString(value);
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        try {
            var field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            lastValue = field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new InternalException(e.toString());
        }
        return super.varValue(className, varName);
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        if (cause instanceof ThreadDeath) {
            throw new StoppedException();
        }
        return super.throwConvertedInvocationException(cause);
    }

    @Override
    protected String throwConvertedOtherException(Throwable ex) throws RunException, InternalException {
        if (ex instanceof ThreadDeath) {
            throw new StoppedException();
        }
        return super.throwConvertedOtherException(ex);
    }

    @Override
    protected void clientCodeEnter() {
        synchronized (stopLock) {
            userThread = Thread.currentThread();
            runs++;
        }
    }

    @Override
    protected void clientCodeLeave() {
        synchronized (stopLock) {
            userThread = null;
        }
    }

    /**
     * Interrupts the running snippet, and stops it outright if it is still the same run after {@code graceMs}.
     * Does nothing when no user code is running.
     */
    void interrupt(long graceMs) {
        long run;
        synchronized (stopLock) {
            if (userThread == null) {
                return;
            }
            run = runs;
            userThread.interrupt();
        }
        Thread stopper = new Thread(
                () -> {
                    try {
                        Thread.sleep(graceMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                    synchronized (stopLock) {
                        if (userThread != null && runs == run) {
                            stopThread(userThread);
                        }
                    }
                },
                "moca-kernel-stopper");
        stopper.setDaemon(true);
        stopper.start();
    }

    @SuppressWarnings("deprecation")
    private static void stopThread(Thread thread) {
        try {
            thread.stop();
        } catch (UnsupportedOperationException e) {
            // Java 20+: Thread.stop is gone; only code that honours interruption can be stopped there.
            LOG.log(Level.WARNING, "Thread.stop is not supported by this JVM; the cell only got an interrupt");
        }
    }

    @Override
    public void stop() {
        interrupt(0);
    }
}
