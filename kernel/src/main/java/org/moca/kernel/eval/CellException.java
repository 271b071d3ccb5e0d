package org.moca.kernel.eval;

import java.util.List;

/**
 * A cell failed: what Jupyter shows as an error output ({@code ename}, {@code evalue}, {@code traceback}).
 * The kernel itself is unaffected and keeps running.
 */
public final class CellException extends Exception {
    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    /**
     * @param ename     the error's name as the user knows it, e.g. {@code java.lang.IllegalStateException}
     * @param evalue    its message
     * @param traceback lines to show, already stripped of the kernel's own frames
     */
    public CellException(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue);
        this.ename = ename;
        this.evalue = evalue == null ? "" : evalue;
        this.traceback = List.copyOf(traceback);
    }

    /** A kernel-side failure (a magic's bad argument, a missing artifact) with one explanatory line. */
    public static CellException of(String ename, String message) {
        return new CellException(ename, message, List.of(ename + ": " + message));
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return evalue;
    }

    public List<String> traceback() {
        return traceback;
    }
}
