package org.moca.kernel;

import java.util.Objects;
import org.moca.kernel.magic.MavenResolver;

/**
 * The kernel's tunable settings, read once at start-up from system properties ({@code -D...} in the
 * kernelspec's {@code argv}) or environment variables (the kernelspec's {@code env}).
 *
 * @param interruptLibraries {@code moca.kernel.interruptLibraries} / {@code MOCA_KERNEL_INTERRUPT_LIBRARIES}
 *                           (default {@code true}): whether classes from jars added by a notebook also get the
 *                           interrupt checks at their loops, so that interrupting a long library call (a training
 *                           loop) works; off, only cell code can be interrupted (library loops run a little faster)
 * @param interruptGraceMs   {@code moca.kernel.interruptGraceMs} / {@code MOCA_KERNEL_INTERRUPT_GRACE_MS} (default
 *                           500): an interrupt that finds the kernel idle also stops an execute request arriving
 *                           this soon after it — the client sent the two on different sockets and they crossed
 * @param maven              how {@code %maven} resolves (local repository, offline, settings files)
 */
public record KernelOptions(boolean interruptLibraries, long interruptGraceMs, MavenResolver.Options maven) {
    /** Validates. */
    public KernelOptions {
        if (interruptGraceMs < 0) {
            throw new IllegalArgumentException("interruptGraceMs: expected >= 0 ms, got " + interruptGraceMs);
        }
        Objects.requireNonNull(maven, "maven");
    }

    /** Library interrupts on, a 500 ms grace for crossed interrupts, the user's Maven setup. */
    public static KernelOptions defaults() {
        return new KernelOptions(true, 500, MavenResolver.Options.defaults());
    }

    /** {@link #defaults()} overridden by system properties and environment variables. */
    public static KernelOptions fromEnvironment() {
        String libraries = System.getProperty(
                "moca.kernel.interruptLibraries",
                System.getenv().getOrDefault("MOCA_KERNEL_INTERRUPT_LIBRARIES", "true"));
        String grace = System.getProperty(
                "moca.kernel.interruptGraceMs", System.getenv().getOrDefault("MOCA_KERNEL_INTERRUPT_GRACE_MS", "500"));
        long graceMs;
        try {
            graceMs = Long.parseLong(grace.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "moca.kernel.interruptGraceMs: expected a number of milliseconds, got '" + grace + "'", e);
        }
        return defaults()
                .withInterruptLibraries(parse("moca.kernel.interruptLibraries", libraries))
                .withInterruptGraceMs(graceMs);
    }

    private static boolean parse(String name, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + ": expected true or false, got '" + value + "'");
        };
    }

    /** The same with library interrupts on or off. */
    public KernelOptions withInterruptLibraries(boolean value) {
        return new KernelOptions(value, interruptGraceMs, maven);
    }

    /** The same with another grace for crossed interrupts. */
    public KernelOptions withInterruptGraceMs(long value) {
        return new KernelOptions(interruptLibraries, value, maven);
    }

    /** The same with other Maven options. */
    public KernelOptions withMaven(MavenResolver.Options value) {
        return new KernelOptions(interruptLibraries, interruptGraceMs, value);
    }
}
