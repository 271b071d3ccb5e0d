package io.github.spencerpark.ijava.runtime;

import java.util.List;

/** IJava's {@code runtime.Magics}, for code that names it. */
public final class Magics {
    private Magics() {}

    /** Runs a line magic. */
    @SuppressWarnings("TypeParameterUnusedInFormals")
    public static <T> T lineMagic(String name, List<String> args) {
        return org.moca.kernel.runtime.Notebook.lineMagic(name, args);
    }

    /** Runs a cell magic. */
    @SuppressWarnings("TypeParameterUnusedInFormals")
    public static <T> T cellMagic(String name, List<String> args, String body) {
        return org.moca.kernel.runtime.Notebook.cellMagic(name, args, body);
    }
}
