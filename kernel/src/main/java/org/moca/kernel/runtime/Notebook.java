package org.moca.kernel.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The kernel functions a notebook can call besides display (imported statically in every notebook, with IJava's
 * names): {@code lineMagic} and {@code cellMagic}, what a magic used as an expression desugars to
 * ({@code List<String> added = %jars lib/*.jar}), and {@code eval}, which runs code as a nested cell.
 */
public final class Notebook {
    /** The kernel side; installed once by the kernel at start-up. */
    public interface Host {
        /** Runs line magic {@code name} with {@code args}; returns its value or {@code null}. */
        Object lineMagic(String name, List<String> args) throws Exception;

        /** Runs cell magic {@code name} on {@code body}. */
        Object cellMagic(String name, List<String> args, String body) throws Exception;

        /** Evaluates notebook code and returns the value of its last expression ({@code null}: none). */
        Object eval(String code) throws Exception;
    }

    private static volatile Host host;

    private Notebook() {}

    /** Kernel-internal: connects these functions to the running kernel. */
    public static void install(Host kernel) {
        host = Objects.requireNonNull(kernel, "kernel");
    }

    private static Host host() {
        Host h = host;
        if (h == null) {
            throw new IllegalStateException("notebook functions only work inside the MOCA Java kernel");
        }
        return h;
    }

    /**
     * Runs line magic {@code name}; its value is cast to what the caller assigns it to (IJava's signature).
     *
     * @throws RuntimeException wrapping the magic's failure, with its message
     */
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public static <T> T lineMagic(String name, List<String> args) {
        try {
            return (T) host().lineMagic(name, args);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("%" + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs cell magic {@code name} on {@code body} (IJava's signature). */
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public static <T> T cellMagic(String name, List<String> args, String body) {
        try {
            return (T) host().cellMagic(name, args, body);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("%%" + name + ": " + e.getMessage(), e);
        }
    }

    /** Evaluates {@code code} as a nested cell and returns its value (IJava's {@code eval}). */
    public static Object eval(String code) throws Exception {
        return host().eval(code);
    }
}
