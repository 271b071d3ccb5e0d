package org.moca.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Trial engines by name: {@code local} (this JVM), or one that a module on the classpath provides through
 * {@link java.util.ServiceLoader} ({@code moca-spark} provides {@code spark}), so that lib carries no engine's
 * dependencies.
 */
public final class TrialEngines {

    /** What a module implements (and lists in {@code META-INF/services/org.moca.experiment.TrialEngines$Provider}). */
    public interface Provider {
        /** The engine's name, as given to {@code --engine}. */
        String name();

        /**
         * Starts an engine.
         *
         * @param master where it runs (a Spark master URL), or null for the engine's default
         * @param app    the application name (the experiment's)
         */
        TrialEngine open(String master, String app) throws IOException;
    }

    private TrialEngines() {}

    /**
     * Opens engine {@code name}.
     *
     * @throws IllegalArgumentException if no engine of that name is on the classpath, or {@code master} is given to
     *                                  the local engine
     */
    public static TrialEngine open(String name, String master, String app) throws IOException {
        Provider p = check(name, master);
        return p == null ? TrialEngine.LOCAL : p.open(master, app);
    }

    /**
     * Checks that engine {@code name} exists and takes {@code master}, without starting it (before any work).
     *
     * @return its provider, or null for the local engine
     * @throws IllegalArgumentException as {@link #open} does
     */
    public static Provider check(String name, String master) {
        if ("local".equals(name)) {
            if (master != null)
                throw new IllegalArgumentException(
                        "--master " + master + ": the local engine runs in this JVM; --master is for --engine spark");
            return null;
        }
        List<String> known = new ArrayList<>(List.of("local"));
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.name().equals(name)) return p;
            known.add(p.name());
        }
        String hint = "spark".equals(name)
                ? " (the spark engine is the moca-spark module: ./moca builds and loads it when given --engine spark)"
                : "";
        throw new IllegalArgumentException(
                "--engine " + name + ": no such trial engine on the classpath, expected one of " + known + hint);
    }
}
