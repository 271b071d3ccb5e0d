package org.moca.kernel.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.Objects;

/**
 * What a notebook calls to show things — imported statically in every notebook, with IJava's names:
 * {@code display(obj)} shows a value now (not only as the cell's result) and returns a display id;
 * {@code updateDisplay(id, obj)} replaces that output in place (progress bars, live charts); {@code render(obj)}
 * builds the MIME bundle without showing it. {@code html}, {@code svg}, {@code markdown}, {@code latex} and {@code javascript}
 * wrap text so that it displays as that type.
 */
public final class Display {
    /** The kernel side; installed once by the kernel at start-up. */
    public interface Sink {
        /** Renders and publishes {@code value}, restricted to {@code mimeTypes} if any, under display id {@code id}. */
        void display(Object value, String[] mimeTypes, String id, boolean update);

        /** Renders without publishing. */
        DisplayData render(Object value, String[] mimeTypes);
    }

    private static volatile Sink sink;
    private static long nextId;

    private Display() {}

    /** Kernel-internal: connects these functions to the running kernel. */
    public static void install(Sink kernel) {
        sink = Objects.requireNonNull(kernel, "kernel");
    }

    private static Sink sink() {
        Sink s = sink;
        if (s == null) {
            throw new IllegalStateException("display functions only work inside the MOCA Java kernel");
        }
        return s;
    }

    private static synchronized String newId() {
        return "moca-" + ProcessHandle.current().pid() + "-" + ++nextId;
    }

    /** Shows {@code value} now and returns its display id, for {@link #updateDisplay(String, Object)}. */
    public static String display(Object value) {
        return display(value, new String[0]);
    }

    /** Shows {@code value} as the given MIME types only (e.g. {@code "text/html"}); returns its display id. */
    public static String display(Object value, String... mimeTypes) {
        String id = newId();
        sink().display(value, mimeTypes, id, false);
        return id;
    }

    /** Replaces the output shown under {@code id} with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        updateDisplay(id, value, new String[0]);
    }

    /** Replaces the output shown under {@code id} with {@code value} as the given MIME types. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        sink().display(value, mimeTypes, Objects.requireNonNull(id, "id"), true);
    }

    /** The MIME bundle of {@code value} (restricted to {@code mimeTypes} if any), e.g. to return from a cell. */
    public static DisplayData render(Object value, String... mimeTypes) {
        return sink().render(value, mimeTypes);
    }

    /** Text shown as HTML. */
    public static DisplayData html(String html) {
        return typed("text/html", html);
    }

    /** Text shown as an SVG image. */
    public static DisplayData svg(String svg) {
        return typed("image/svg+xml", org.moca.kernel.display.Renderers.svgFragment(svg));
    }

    /** Text shown as Markdown. */
    public static DisplayData markdown(String markdown) {
        return typed("text/markdown", markdown);
    }

    /** LaTeX (math mode with {@code $...$}) rendered by the front end. */
    public static DisplayData latex(String latex) {
        return typed("text/latex", latex);
    }

    /** JavaScript run by the front end (JupyterLab runs it only in trusted notebooks). */
    public static DisplayData javascript(String script) {
        return typed("application/javascript", script);
    }

    private static DisplayData typed(String mimeType, String text) {
        DisplayData d = new DisplayData(Objects.requireNonNull(text, "text"));
        d.putData(mimeType, text);
        return d;
    }
}
