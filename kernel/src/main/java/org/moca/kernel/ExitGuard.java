package org.moca.kernel;

import java.security.Permission;
import java.util.concurrent.ForkJoinPool;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a cell's {@code System.exit} (or a library's) from killing the kernel: the call throws a
 * {@link SecurityException} in the cell instead, and the kernel keeps running. Everything else is permitted.
 *
 * <p>Built on the (deprecated) security manager, which Java 17 still allows; the kernelspec passes
 * {@code -Djava.security.manager=allow} so Java 18-23 allow it too. Where a JVM refuses one (Java 24+), the kernel
 * runs unguarded and says so in its log.
 */
final class ExitGuard extends SecurityManager {
    private static final Logger LOG = Logger.getLogger(ExitGuard.class.getName());

    private volatile boolean exitAllowed;

    /** Installs the guard; returns it, or {@code null} when this JVM does not allow one. */
    static ExitGuard install() {
        // With a security manager present at its first use, the common pool would hand out "innocuous" threads
        // (no context class loader, thread locals wiped): initialise it first so parallel streams behave normally.
        ForkJoinPool.commonPool();
        ExitGuard guard = new ExitGuard();
        try {
            System.setSecurityManager(guard);
            return guard;
        } catch (UnsupportedOperationException e) {
            LOG.log(
                    Level.WARNING,
                    "this JVM does not allow a security manager: System.exit in a cell will end the kernel");
            return null;
        }
    }

    /** Lets the kernel itself exit. */
    void allowExit() {
        exitAllowed = true;
    }

    @Override
    public void checkExit(int status) {
        if (!exitAllowed) {
            throw new SecurityException("System.exit(" + status + ") is blocked in a notebook: it would end the kernel."
                    + " Restart the kernel from Jupyter instead.");
        }
    }

    @Override
    public void checkPermission(Permission permission) {
        // everything else is allowed
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
        // everything else is allowed
    }
}
