package org.moca.kernel.eval;

import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.moca.kernel.runtime.CellGuard;
import org.moca.kernel.runtime.CellInterruptedError;

/**
 * Runs each snippet directly on the thread that called {@code JShell.eval}: the kernel's one long-lived
 * evaluation thread. JShell's own local engine starts a new thread per snippet, which breaks libraries that keep
 * per-thread state across cells (ND4J workspaces, its class loader captured from the first thread's context
 * class loader) and leaks what those threads hold.
 *
 * <p>It also keeps the real object a snippet produced (not only its string form), so the kernel can render a
 * chart or a table, and it stops a running snippet on request: {@link CellGuard#requestStop()} makes the loops
 * woven into notebook code throw {@link CellInterruptedError}, and the thread is interrupted so that code that
 * sleeps, waits or does interruptible I/O ends too. No {@code Thread.stop} (gone from JDK 20) is needed.
 */
final class KernelExecutionControl extends DirectExecutionControl {
    /** Marker for "the last snippet produced no value". */
    static final Object NO_VALUE = new Object();

    private final Object lock = new Object();
    private Thread userThread;
    private volatile Object lastValue = NO_VALUE;

    KernelExecutionControl(KernelLoaderDelegate loader) {
        super(loader);
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
        if (CellGuard.stopRequested()) {
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
        if (cause instanceof CellInterruptedError) {
            throw new StoppedException();
        }
        return super.throwConvertedInvocationException(cause);
    }

    @Override
    protected String throwConvertedOtherException(Throwable ex) throws RunException, InternalException {
        if (ex instanceof CellInterruptedError) {
            throw new StoppedException();
        }
        return super.throwConvertedOtherException(ex);
    }

    @Override
    protected void clientCodeEnter() {
        synchronized (lock) {
            userThread = Thread.currentThread();
        }
    }

    @Override
    protected void clientCodeLeave() {
        synchronized (lock) {
            userThread = null;
        }
    }

    /** Asks the running snippet (if any) to stop: woven loops throw, blocking calls are interrupted. */
    void interrupt() {
        CellGuard.requestStop();
        synchronized (lock) {
            if (userThread != null) {
                userThread.interrupt();
            }
        }
    }

    @Override
    public void stop() {
        interrupt();
    }
}
