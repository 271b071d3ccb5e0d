package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** IJava's {@code runtime.Display}, for code that names it; delegates to {@link org.moca.kernel.runtime.Display}. */
public final class Display {
    private Display() {}

    /** Renders as the preferred types. */
    public static DisplayData render(Object o) {
        return org.moca.kernel.runtime.Display.render(o);
    }

    /** Renders as the requested types. */
    public static DisplayData render(Object o, String... as) {
        return org.moca.kernel.runtime.Display.render(o, as);
    }

    /** Shows now; returns the display id. */
    public static String display(Object o) {
        return org.moca.kernel.runtime.Display.display(o);
    }

    /** Shows now as the requested types; returns the display id. */
    public static String display(Object o, String... as) {
        return org.moca.kernel.runtime.Display.display(o, as);
    }

    /** Replaces the display {@code id}. */
    public static void updateDisplay(String id, Object o) {
        org.moca.kernel.runtime.Display.updateDisplay(id, o);
    }

    /** Replaces the display {@code id}, as the requested types. */
    public static void updateDisplay(String id, Object o, String... as) {
        org.moca.kernel.runtime.Display.updateDisplay(id, o, as);
    }
}
