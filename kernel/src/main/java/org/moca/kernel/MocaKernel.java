package org.moca.kernel;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point: {@code java -jar moca-kernel.jar <connection-file>}, as Jupyter launches it from the kernelspec.
 *
 * <p>Environment: {@code MOCA_KERNEL_LOG} sets the kernel's own log level ({@code WARNING} by default; the log goes
 * to the Jupyter server's console). Notebook libraries that log through slf4j-simple (ND4J, DL4J) are set to
 * {@code warn} unless {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=...} says otherwise, so their start-up
 * chatter stays out of cell outputs. Kernel settings: {@link KernelOptions}.
 *
 * <p>Runs on JDK 17 and later with no special flags: a cell's {@code System.exit} and interrupts are handled by
 * rewriting notebook classes as they load ({@link org.moca.kernel.runtime.CellGuard}), not by a Security Manager.
 */
public final class MocaKernel {
    private static final Logger LOG = Logger.getLogger(MocaKernel.class.getName());
    private static final long EXIT_GRACE_MS = 3000;

    private MocaKernel() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar moca-kernel.jar <connection-file>");
            System.exit(2);
        }
        configureLogging();
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        KernelConnectionProperties connection = readConnection(Path.of(args[0]));
        KernelServer server = new KernelServer(connection, KernelOptions.fromEnvironment());
        server.start(Path.of("").toAbsolutePath());
        watchParent(server);
        server.awaitShutdown();
        exit(server);
    }

    private static KernelConnectionProperties readConnection(Path file) throws IOException {
        try {
            return KernelConnectionProperties.parse(Files.readString(file));
        } catch (IOException e) {
            throw new IOException("cannot read the connection file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Logs go to the real stderr, captured before the kernel reroutes System.err to cells. */
    private static void configureLogging() {
        Level level = Level.WARNING;
        String configured = System.getenv("MOCA_KERNEL_LOG");
        if (configured != null && !configured.isBlank()) {
            level = Level.parse(configured.trim().toUpperCase(java.util.Locale.ROOT));
        }
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(level);
        root.addHandler(console);
        root.setLevel(level);
    }

    /**
     * Exits when the process that started the kernel dies ({@code JPY_PARENT_PID}, set by jupyter_client), so a
     * crashed or killed Jupyter server leaves no orphan kernel behind.
     */
    private static void watchParent(KernelServer server) {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || pid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            LOG.warning("JPY_PARENT_PID is not a process id: " + pid);
            return;
        }
        if (parent.isEmpty()) {
            LOG.warning("the parent process " + pid + " is already gone; shutting down");
            server.stop();
            return;
        }
        var unused = parent.get().onExit().thenRun(() -> {
            LOG.warning("the parent process " + pid + " exited; shutting down");
            server.stop();
        });
    }

    private static void exit(KernelServer server) {
        Thread halt = new Thread(
                () -> {
                    try {
                        Thread.sleep(EXIT_GRACE_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    Runtime.getRuntime().halt(0); // shutdown hooks of notebook code must not keep the kernel alive
                },
                "moca-kernel-halt");
        halt.setDaemon(true);
        halt.start();
        server.close();
        System.exit(0);
    }
}
