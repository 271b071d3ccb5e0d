package org.moca.viz;

import java.io.StringWriter;
import tech.tablesaw.api.Table;

/** Tablesaw helpers. */
public final class Tables {

    private Tables() {}

    /** The table as CSV text (header row, comma-separated, '\n' line ends), for atomic writes. */
    public static String csv(Table table) {
        StringWriter w = new StringWriter();
        table.write().csv(w);
        return w.toString();
    }
}
