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
 * @param maven              how {@code %maven} resolves (local repository, offline, settings files)
 */
public record KernelOptions(boolean interruptLibraries, MavenResolver.Options maven) {
    /** Validates. */
    public KernelOptions {
        Objects.requireNonNull(maven, "maven");
    }

    /** Library interrupts on, the user's Maven setup. */
    public static KernelOptions defaults() {
        return new KernelOptions(true, MavenResolver.Options.defaults());
    }

    /** {@link #defaults()} overridden by system properties and environment variables. */
    public static KernelOptions fromEnvironment() {
        String libraries = System.getProperty(
                "moca.kernel.interruptLibraries",
                System.getenv().getOrDefault("MOCA_KERNEL_INTERRUPT_LIBRARIES", "true"));
        return defaults().withInterruptLibraries(parse("moca.kernel.interruptLibraries", libraries));
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
        return new KernelOptions(value, maven);
    }

    /** The same with other Maven options. */
    public KernelOptions withMaven(MavenResolver.Options value) {
        return new KernelOptions(interruptLibraries, value);
    }
}
