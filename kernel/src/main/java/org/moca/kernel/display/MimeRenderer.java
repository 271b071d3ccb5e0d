package org.moca.kernel.display;

import java.util.Map;

/**
 * Extension point: a library on the notebook's class path shows its own types in notebooks without the kernel
 * knowing them.
 *
 * <p>Register an implementation the {@link java.util.ServiceLoader} way, in the library's jar:
 * {@code META-INF/services/org.moca.kernel.display.MimeRenderer} naming the class. The kernel looks for
 * renderers again after every {@code %jars}, {@code %classpath} and {@code %maven}, and asks them before its
 * built-in renderers, in class-path order. The library needs the kernel jar only at compile time
 * ({@code provided} scope).
 */
public interface MimeRenderer {
    /** Whether this renderer shows {@code value} (typically an {@code instanceof} check). */
    boolean canRender(Object value);

    /**
     * Renders {@code value}: MIME type to data. Text types ({@code text/html}, {@code image/svg+xml},
     * {@code text/markdown}) map to the text itself, binary ones ({@code image/png}) to Base64. A
     * {@code text/plain} entry is added from {@code toString()} when missing.
     */
    Map<String, String> render(Object value);
}
