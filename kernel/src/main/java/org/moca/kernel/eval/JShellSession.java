package org.moca.kernel.eval;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.VarSnippet;
import org.moca.kernel.runtime.CellGuard;
import org.moca.kernel.runtime.CellInterruptedError;

/**
 * A JShell that executes inside the kernel's own JVM ("local execution"), so the kernel holds the real objects
 * cells produce and can render them.
 *
 * <p>Not thread-safe: every method runs on the one evaluation thread ({@link EvaluationThread}), whose context
 * class loader is {@link #classLoader()}. Cost per trivial snippet: one javac analysis plus one compilation of a
 * wrapper class, a few milliseconds once warm.
 */
public final class JShellSession implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JShellSession.class.getName());

    /** The imports JShell's own tool and IJava start with, plus the kernel's display functions. */
    private static final List<String> STARTUP = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.prefs.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;",
            "import static org.moca.kernel.runtime.Display.*;",
            "import static org.moca.kernel.runtime.Notebook.*;");

    /** Warm-up evaluations while idle: about where the bench's trivial cell stops getting faster. */
    private static final int WARM_UP_STEPS = 120;

    private static final List<String> WARM_UP_SNIPPETS =
            List.of("1 + 1", "int $warm = 2;", "String.valueOf(42).length()", "System.out.print(\"\")");

    private final ShellClassLoader loader;
    private final KernelExecutionControl control;
    private final JShell shell;
    private String lastValueSource = "";
    private int warmUpSteps;

    /** A session whose library classes get interrupt polls too (the kernel's default). */
    public JShellSession(PrintStream out) {
        this(out, true);
    }

    /**
     * Starts JShell and runs the startup imports.
     *
     * @param out                where JShell itself reports (user code's {@code System.out} is redirected by the
     *                           kernel)
     * @param interruptLibraries whether classes from added jars get interrupt polls at their loops too (cell code
     *                           always does; {@code System.exit} is blocked in both)
     */
    public JShellSession(PrintStream out, boolean interruptLibraries) {
        this.loader = new ShellClassLoader(
                JShellSession.class.getClassLoader(),
                new CellInstrumenter(true),
                new CellInstrumenter(interruptLibraries));
        this.control = new KernelExecutionControl(new KernelLoaderDelegate(loader));
        this.shell = JShell.builder()
                .executionEngine(control.provider(), null)
                .in(InputStream.nullInputStream())
                .out(out)
                .err(out)
                .build();
        shell.addToClasspath(kernelClassPath().toString());
        for (String line : STARTUP) {
            shell.eval(line);
        }
    }

    private static Path kernelClassPath() {
        try {
            return Path.of(JShellSession.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel's own class path", e);
        }
    }

    /** The class loader of notebook code; the evaluation thread's context class loader. */
    public ClassLoader classLoader() {
        return loader;
    }

    /**
     * One step of warming up: compiles and runs a cheap snippet, then forgets it, so that the JIT compiles javac's
     * hot paths before the user's cells need them (a trivial cell goes from ~100 ms cold to ~15 ms after a hundred
     * evaluations). Called while the kernel is idle.
     *
     * @return whether more steps are worth running
     */
    public boolean warmUpStep() {
        String source = WARM_UP_SNIPPETS.get(warmUpSteps % WARM_UP_SNIPPETS.size());
        shell.sourceCodeAnalysis().analyzeCompletion(source);
        for (SnippetEvent e : shell.eval(source)) {
            shell.drop(e.snippet());
        }
        if (warmUpSteps % WARM_UP_SNIPPETS.size() == 0) {
            shell.sourceCodeAnalysis().completionSuggestions("Math.ma", 7, new int[1]);
        }
        return ++warmUpSteps < WARM_UP_STEPS;
    }

    /**
     * Adds jars or class directories to both the compiler's and the class loader's path, and hands the loader to
     * ND4J if it is now on the path (ND4J otherwise captures whatever loader first touches it and cannot find its
     * backend through {@link java.util.ServiceLoader}).
     */
    public void addToClasspath(List<Path> entries) {
        for (Path p : entries) {
            shell.addToClasspath(p.toAbsolutePath().toString());
        }
        handOverToNd4j();
    }

    private void handOverToNd4j() {
        try {
            Class<?> holder = Class.forName("org.nd4j.common.config.ND4JClassLoading", true, loader);
            holder.getMethod("setNd4jClassloader", ClassLoader.class).invoke(null, loader);
        } catch (ClassNotFoundException e) {
            // ND4J is not on the class path: nothing to hand over.
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.WARNING, "could not hand the notebook class loader to ND4J", e);
        }
    }

    /** Requests the running cell to stop (from another thread): see {@link org.moca.kernel.runtime.CellGuard}. */
    public void interrupt() {
        control.interrupt();
    }

    /**
     * Evaluates Java source (one or several snippets, in order).
     *
     * @return the value of the last snippet if it is an expression, otherwise {@link #NO_VALUE}
     * @throws CellException on a compile error, an exception from user code, or an interrupt
     */
    public Object eval(String code) throws CellException {
        Object value = NO_VALUE;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = code;
        try {
            while (!rest.isBlank()) {
                CompletionInfo info = analysis.analyzeCompletion(rest);
                String source;
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break;
                } else if (info.completeness().isComplete()) {
                    source = info.source();
                    rest = info.remaining();
                } else {
                    source = rest; // incomplete or unparsable: let JShell report it
                    rest = "";
                }
                value = evalSnippet(source);
                if (CellGuard.stopRequested()) {
                    throw interrupted();
                }
            }
        } catch (CellInterruptedError stoppedOutsideUserCode) {
            throw interrupted();
        }
        return value;
    }

    /** Marks the start of a cell on the evaluation thread: forgets an interrupted status left by an earlier one. */
    public void beginCell() {
        Thread.interrupted();
        lastValueSource = "";
    }

    /** Whether the current cell is to be interrupted. */
    public boolean interruptRequested() {
        return CellGuard.stopRequested();
    }

    /** The source of the snippet whose value {@link #eval} returned last (e.g. {@code display(chart)}). */
    public String lastValueSource() {
        return lastValueSource;
    }

    /** The error a stopped cell reports (JShell itself reports a stopped snippet as a success). */
    public static CellException interrupted() {
        return CellException.of("EvaluationInterruptedException", "the cell was interrupted");
    }

    /** Returned by {@link #eval} when the last snippet has no value (a declaration, a statement, void). */
    public static final Object NO_VALUE = KernelExecutionControl.NO_VALUE;

    private Object evalSnippet(String source) throws CellException {
        control.clearLastValue();
        List<SnippetEvent> events = shell.eval(source);
        Object value = NO_VALUE;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            if (e.status() == Snippet.Status.REJECTED) {
                throw ErrorFormatter.compileError(
                        e.snippet(), shell.diagnostics(e.snippet()).toList());
            }
            JShellException thrown = e.exception();
            if (thrown != null) {
                if (CellGuard.stopRequested() || isStop(thrown)) {
                    throw interrupted();
                }
                throw ErrorFormatter.runtimeError(thrown);
            }
            if (showsValue(e.snippet())) {
                value = control.lastValue();
                lastValueSource = e.snippet().source();
            }
            if (isTemporary(e.snippet())) {
                // JShell imports every active snippet into each new one, so keeping its $n variables made every
                // later cell slower (a trivial cell: 9 ms of CPU with them dropped, 20 ms and growing without).
                shell.drop(e.snippet());
            }
        }
        return value;
    }

    private static boolean isStop(JShellException e) {
        return e instanceof EvalException eval
                && CellInterruptedError.class.getName().equals(eval.getExceptionClassName());
    }

    private static boolean isTemporary(Snippet s) {
        return s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** An expression (including one JShell stores in a {@code $n} variable), not a declaration or a statement. */
    private static boolean showsValue(Snippet s) {
        if (s instanceof VarSnippet v) {
            return v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
        }
        return s instanceof ExpressionSnippet x && !"void".equals(x.typeName());
    }

    /**
     * Completion candidates at {@code cursor}.
     *
     * @return the candidates and where the text they replace starts
     */
    public Completion complete(String code, int cursor) {
        int[] anchor = new int[1];
        Set<String> matches = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor)) {
            matches.add(s.continuation());
        }
        return new Completion(List.copyOf(matches), anchor[0], cursor);
    }

    /** Completion candidates replacing {@code code[start, end)}. */
    public record Completion(List<String> matches, int start, int end) {}

    /**
     * Signature and Javadoc of what is at the cursor (Javadoc needs the JDK's {@code lib/src.zip} for JDK
     * classes, or sources on the class path).
     *
     * @return the text to show, or {@code null} if there is nothing at the cursor
     */
    public String inspect(String code, int cursor) {
        List<Documentation> docs = documentation(code, cursor);
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Documentation d : docs) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                text.append("\n").append(plainJavadoc(d.javadoc()));
            }
        }
        return text.toString();
    }

    /**
     * JShell documents a call only with the cursor inside its parentheses, and a name only at its end; so try the
     * cursor as given, then the name under the cursor as a call ({@code Math.max} as {@code Math.max(}), then
     * the name itself.
     */
    private List<Documentation> documentation(String code, int cursor) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<Documentation> docs = analysis.documentation(code, cursor, true);
        if (!docs.isEmpty()) {
            return docs;
        }
        int end = Math.min(cursor, code.length());
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        String call = code.substring(0, end) + "(";
        docs = analysis.documentation(call, call.length(), true);
        return docs.isEmpty() ? analysis.documentation(code.substring(0, end), end, true) : docs;
    }

    /** Javadoc source as readable text: inline tags unwrapped, paragraphs as blank lines, other HTML dropped. */
    static String plainJavadoc(String javadoc) {
        return javadoc.replaceAll("\\{@(?:code|link|linkplain|literal|value) ?([^}]*)}", "$1")
                .replaceAll("(?i)<p>", "\n")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
                .strip();
    }

    /**
     * Whether {@code code} is a complete cell: {@code "complete"}, {@code "incomplete"} or {@code "invalid"}
     * (messaging spec 5.3, "Code completeness"). JShell's completeness analysis only says whether a snippet has
     * ended; each ended snippet is then parsed by javac ({@link SyntaxCheck}) so that {@code 1 +* 2} or
     * {@code int 1x = 3;} answer "invalid" rather than "complete".
     */
    public String isComplete(String code) {
        String rest = code;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> {
                    if (!SyntaxCheck.parses(info.source())) {
                        return "invalid";
                    }
                    rest = info.remaining();
                }
                case EMPTY -> rest = "";
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return "incomplete";
                }
                default -> {
                    return "invalid";
                }
            }
        }
        return "complete";
    }

    /** Names of the variables the notebook declared so far (active ones), in declaration order. */
    public List<String> variables() {
        List<String> names = new ArrayList<>();
        shell.variables().forEach(v -> names.add(v.name()));
        return names;
    }

    @Override
    public void close() {
        shell.close();
    }
}
