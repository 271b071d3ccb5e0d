package org.moca.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.moca.kernel.display.Renderers;
import org.moca.kernel.eval.CellException;
import org.moca.kernel.eval.JShellSession;
import org.moca.kernel.magic.CellParser;
import org.moca.kernel.magic.Magics;
import org.moca.kernel.magic.MavenResolver;

/**
 * Runs one cell: its magics and Java code in order, then renders the value of the last piece.
 * Runs on the evaluation thread only.
 */
final class CellRunner implements Magics.Host {
    /** A cell ending in a bare {@code display(...)} call shows the display, not the id it returns. */
    private static final Pattern DISPLAY_CALL = Pattern.compile("^\\s*display\\s*\\(");

    private final JShellSession session;
    private final Renderers renderers;
    private final Magics magics;
    private final Predicate<Object> issuedDisplayId;

    /**
     * @param issuedDisplayId whether a value is (the very object of) a display id that {@code display(...)}
     *                        returned during this cell
     */
    CellRunner(
            JShellSession session,
            Renderers renderers,
            Path workingDirectory,
            MavenResolver maven,
            Predicate<Object> issuedDisplayId) {
        this.session = session;
        this.renderers = renderers;
        this.magics = new Magics(this, workingDirectory, maven);
        this.issuedDisplayId = issuedDisplayId;
    }

    /** The magics, for {@code lineMagic(...)} calls from notebook code and IJava's {@code getMagics()}. */
    Magics magics() {
        return magics;
    }

    /**
     * Runs {@code cell} and renders its value.
     *
     * @return the MIME bundle of the cell's value, or {@code null} when it has none
     * @throws CellException when the cell fails or is interrupted
     */
    DisplayData execute(String cell) throws CellException {
        session.beginCell();
        Object value = runCell(cell);
        if (session.interruptRequested()) {
            throw JShellSession.interrupted();
        }
        if (value == JShellSession.NO_VALUE) {
            return null;
        }
        if (issuedDisplayId.test(value)
                && DISPLAY_CALL.matcher(session.lastValueSource()).find()) {
            return null; // display(x) already showed x; its id is no Out[] of its own
        }
        return render(value);
    }

    /**
     * Evaluates one of an execute request's {@code user_expressions} after the cell (messaging spec 5.3,
     * "Execute"): its value as a MIME bundle.
     */
    DisplayData userExpression(String expression) throws CellException {
        Object value = session.eval(expression);
        return render(value == JShellSession.NO_VALUE ? null : value);
    }

    private DisplayData render(Object value) throws CellException {
        try {
            return renderers.render(value);
        } catch (RuntimeException | LinkageError e) {
            // A failing toString() or chart encoder: the user's problem to see, not a kernel failure.
            throw CellException.of(e.getClass().getName(), "cannot show the cell's value: " + e.getMessage());
        }
    }

    @Override
    public Object runCell(String cell) throws CellException {
        List<CellParser.Segment> segments;
        try {
            segments = CellParser.parse(cell);
        } catch (IllegalArgumentException e) {
            throw CellException.of("MagicParseException", e.getMessage());
        }
        Object value = JShellSession.NO_VALUE;
        for (CellParser.Segment s : segments) {
            if (session.interruptRequested()) {
                throw JShellSession.interrupted();
            }
            Object result;
            try {
                result = switch (s.kind()) {
                    case CODE -> session.eval(s.body());
                    case LINE_MAGIC -> magics.line(s.name(), s.args());
                    case CELL_MAGIC -> magics.cell(s.name(), s.args(), s.body());
                };
            } catch (IllegalArgumentException e) {
                throw CellException.of("IllegalArgumentException", e.getMessage());
            }
            value = result == null ? JShellSession.NO_VALUE : result;
            if (session.interruptRequested()) {
                throw JShellSession.interrupted();
            }
        }
        return value;
    }

    /** The value of {@code code} run as a nested cell ({@code null} for none): IJava's {@code eval}. */
    Object evalNested(String code) throws CellException {
        Object value = runCell(code);
        return value == JShellSession.NO_VALUE ? null : value;
    }

    @Override
    public void addToClasspath(List<Path> entries) {
        session.addToClasspath(entries);
        renderers.reload(session.classLoader());
    }

    /** {@code path} split on the platform's path separator, added to the class path. */
    void addToClasspath(String path) {
        List<Path> entries = new ArrayList<>();
        for (String e : path.split(Pattern.quote(File.pathSeparator), -1)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e));
            }
        }
        addToClasspath(entries);
    }

    @Override
    public void warn(String message) {
        System.err.println("warning: " + message);
    }
}
