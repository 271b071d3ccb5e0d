package org.moca.kernel.runtime;

/**
 * Thrown inside notebook code when the user interrupts the cell (Jupyter's ■ button). An {@link Error}, like the
 * {@code ThreadDeath} that {@code Thread.stop} used to throw, so that {@code catch (Exception e)} in user code does
 * not swallow it.
 */
public final class CellInterruptedError extends Error {
    private static final long serialVersionUID = 1L;

    /** The error with the message the notebook shows. */
    public CellInterruptedError() {
        super("the cell was interrupted");
    }
}
