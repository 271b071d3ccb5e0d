package org.moca.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.nio.file.Path;
import java.util.List;
import org.moca.kernel.display.Renderers;
import org.moca.kernel.eval.CellException;
import org.moca.kernel.eval.JShellSession;
import org.moca.kernel.magic.CellParser;
import org.moca.kernel.magic.LocalMavenResolver;
import org.moca.kernel.magic.Magics;

/**
 * Runs one cell: its magics and Java code in order, then renders the value of the last piece.
 * Runs on the evaluation thread only.
 */
final class CellRunner implements Magics.Host {
    private final JShellSession session;
    private final Renderers renderers;
    private final Magics magics;

    CellRunner(JShellSession session, Renderers renderers, Path workingDirectory, LocalMavenResolver maven) {
        this.session = session;
        this.renderers = renderers;
        this.magics = new Magics(this, workingDirectory, maven);
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
            Object result = switch (s.kind()) {
                case CODE -> session.eval(s.body());
                case LINE_MAGIC -> magics.line(s.name(), s.args());
                case CELL_MAGIC -> magics.cell(s.name(), s.args(), s.body());
            };
            value = result == null ? JShellSession.NO_VALUE : result;
            if (session.interruptRequested()) {
                throw JShellSession.interrupted();
            }
        }
        return value;
    }

    @Override
    public void addToClasspath(List<Path> entries) {
        session.addToClasspath(entries);
        renderers.reload(session.classLoader());
    }

    @Override
    public void warn(String message) {
        System.err.println("warning: " + message);
    }
}
