package org.moca.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Turns JShell's compile diagnostics and the user's exceptions into Jupyter errors that show the user's exception
 * type, message and own frames — never the kernel's internals (reflection, JShell, the kernel's classes).
 */
final class ErrorFormatter {
    /** JShell's wrapper classes: {@code REPL.$JShell$12} or {@code REPL.$JShell$12$Inner}. */
    private static final Pattern WRAPPER = Pattern.compile("^REPL\\.\\$JShell\\$\\d+[A-Z]?\\$?");

    /**
     * Most frames shown per exception: a StackOverflowError carries 1,024 of them (the JVM's default depth), which
     * no one reads; the first {@value #HEAD_FRAMES} and the last {@value #TAIL_FRAMES} show the recursion and
     * where it began.
     */
    static final int MAX_FRAMES = 40;

    private static final int HEAD_FRAMES = 25;
    private static final int TAIL_FRAMES = 10;

    private ErrorFormatter() {}

    /** A rejected snippet: each diagnostic with the offending source line and a caret under the position. */
    static CellException compileError(Snippet snippet, List<Diag> diagnostics) {
        String source = snippet.source();
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diagnostics) {
            if (!d.isError()) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = message;
            }
            lines.add("error: " + message);
            appendSourceWithCaret(lines, source, (int) d.getStartPosition());
        }
        if (first == null) {
            first = "the snippet was rejected: " + source.strip();
            lines.add(first);
        }
        return new CellException("CompilationException", first, lines);
    }

    private static void appendSourceWithCaret(List<String> lines, String source, int position) {
        if (position < 0 || position > source.length()) {
            return;
        }
        int start = source.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
        if (position == 0) {
            start = 0;
        }
        int end = source.indexOf('\n', position);
        String line = source.substring(start, end < 0 ? source.length() : end);
        lines.add("    " + line);
        lines.add("    " + " ".repeat(Math.max(0, position - start)) + "^");
    }

    /** An exception thrown by the user's code, with its causes, each trimmed to the user's frames. */
    static CellException runtimeError(JShellException e) {
        String ename;
        if (e instanceof EvalException eval) {
            ename = eval.getExceptionClassName();
        } else if (e instanceof UnresolvedReferenceException) {
            ename = "UnresolvedReferenceException";
        } else {
            ename = e.getClass().getName();
        }
        String message = e.getMessage();
        if (e instanceof UnresolvedReferenceException unresolved) {
            message = "attempted to use " + unresolved.getSnippet().source().strip()
                    + ", which cannot be used until what it refers to is declared";
        }
        List<String> lines = new ArrayList<>();
        Throwable current = e;
        String prefix = "";
        while (current != null) {
            String name = current instanceof EvalException eval
                    ? eval.getExceptionClassName()
                    : current.getClass().getName();
            String text = current == e ? message : current.getMessage();
            lines.add(prefix + name + (text == null ? "" : ": " + text));
            List<StackTraceElement> frames = userFrames(current.getStackTrace());
            if (frames.size() > MAX_FRAMES) {
                frames.subList(0, HEAD_FRAMES).forEach(f -> lines.add("\tat " + frame(f)));
                lines.add("\t... " + (frames.size() - HEAD_FRAMES - TAIL_FRAMES) + " frames omitted ...");
                frames.subList(frames.size() - TAIL_FRAMES, frames.size()).forEach(f -> lines.add("\tat " + frame(f)));
            } else {
                frames.forEach(f -> lines.add("\tat " + frame(f)));
            }
            current = current.getCause();
            prefix = "Caused by: ";
        }
        return new CellException(ename, message == null ? "" : message, lines);
    }

    /**
     * The user's frames: everything down to the snippet's entry point ({@code do_it$} of a JShell wrapper class),
     * without the kernel's own frames (reflection into the snippet, JShell, this kernel — e.g. a renderer that
     * failed inside {@code display(...)}). For an exception from a thread the user started, which has no entry
     * point, everything above the first kernel-side frame.
     */
    static List<StackTraceElement> userFrames(StackTraceElement[] frames) {
        int end = frames.length;
        for (int i = frames.length - 1; i >= 0; i--) {
            if (frames[i].getClassName().startsWith("REPL.")
                    && frames[i].getMethodName().equals("do_it$")) {
                end = i + 1;
                break;
            }
        }
        List<StackTraceElement> kept = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            String c = frames[i].getClassName();
            boolean internal = c.startsWith("org.moca.kernel.") || c.startsWith("jdk.jshell.");
            boolean invoker = c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.");
            if (end == frames.length && (internal || invoker)) {
                break;
            }
            if (!internal) {
                kept.add(frames[i]);
            }
        }
        return kept;
    }

    /** One frame, with JShell's wrapper class names removed: {@code do_it$(#3:2)} reads "snippet 3, line 2". */
    static String frame(StackTraceElement f) {
        String owner = WRAPPER.matcher(f.getClassName()).replaceFirst("");
        String method = owner.isEmpty() ? f.getMethodName() : owner + "." + f.getMethodName();
        String where = f.getFileName() == null
                ? "Unknown Source"
                : f.getLineNumber() >= 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName();
        return method + "(" + where + ")";
    }
}
