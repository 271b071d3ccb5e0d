package org.moca.infra;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The budget knobs of a notebook or a script (episodes, seeds, meta-iterations...): one place that decides how big a
 * run is, so CI runs every notebook small and a researcher runs it full without editing it.
 *
 * <p>A knob {@code name} with a full value and a CI value resolves, first match wins: the system property
 * {@code moca.<name>}, the environment variable {@code MOCA_<NAME>} (upper case, '-' and '.' as '_'), then the CI value
 * when {@code moca.budget} / {@code MOCA_BUDGET} is {@code ci}, else the full value. Constant time per knob.
 */
public final class Budget {

    private final Function<String, String> properties;
    private final Function<String, String> environment;

    /**
     * A budget read through two lookups.
     *
     * @param properties system properties by name
     * @param environment environment variables by name (null if unset)
     */
    public Budget(Function<String, String> properties, Function<String, String> environment) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The budget of this JVM: its system properties and its process environment. */
    public static Budget current() {
        return new Budget(System::getProperty, System::getenv);
    }

    /** A budget from fixed maps (for tests and for callers that carry their own settings). */
    public static Budget of(Map<String, String> properties, Map<String, String> environment) {
        return new Budget(Map.copyOf(properties)::get, Map.copyOf(environment)::get);
    }

    /** True when the reduced (CI) budget is selected. */
    public boolean isCi() {
        String v = raw("budget");
        return v != null && v.trim().equalsIgnoreCase("ci");
    }

    /**
     * The value of an integer knob.
     *
     * @throws IllegalArgumentException if the set value is not an integer >= 1 (names the property or variable)
     */
    public int intKnob(String name, int full, int ci) {
        if (full < 1 || ci < 1)
            throw new IllegalArgumentException(
                    "knob " + name + ": full and ci values must be >= 1, got " + full + ", " + ci);
        String v = raw(name);
        if (v == null || name.equals("budget")) return isCi() ? ci : full;
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below with the knob's names
        }
        throw new IllegalArgumentException(
                "moca." + name + " / " + envName(name) + " must be an integer >= 1, got '" + v + "'");
    }

    /** A one-line description of the resolved knobs, for the top of a notebook's output. */
    public String describe(Map<String, Integer> knobs) {
        StringBuilder s = new StringBuilder(isCi() ? "budget: ci" : "budget: full");
        knobs.forEach((k, v) -> s.append(", ").append(k).append('=').append(v));
        return s.toString();
    }

    private String raw(String name) {
        String p = properties.apply("moca." + name);
        return p != null ? p : environment.apply(envName(name));
    }

    static String envName(String name) {
        return "MOCA_"
                + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
