package org.moca.kernel.magic;

import io.github.spencerpark.jupyter.kernel.util.GlobFinder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.moca.kernel.eval.CellException;
import org.moca.kernel.runtime.Display;

/**
 * IJava's magics, with IJava's names and meaning.
 *
 * <ul>
 *   <li>{@code %jars glob...} — add jar files ({@code lib/*.jar}; a directory adds every jar in it) to the
 *       notebook's class path;</li>
 *   <li>{@code %classpath path-or-glob...} — add directories or jars (separated by spaces or the platform's
 *       path separator);</li>
 *   <li>{@code %maven group:artifact:version[:classifier]...} — add artifacts and their runtime dependencies
 *       from the local Maven repository, offline (see {@link LocalMavenResolver});</li>
 *   <li>{@code %load file} — run a file of notebook code (Java and magics) as if it were a cell;</li>
 *   <li>cell magics {@code %%html}, {@code %%svg}, {@code %%markdown} ({@code %%md}), {@code %%latex},
 *       {@code %%javascript} ({@code %%js}) — show the cell's body as that type.</li>
 * </ul>
 * Relative paths resolve against the kernel's working directory (the notebook's directory under Jupyter).
 */
public final class Magics {
    /** What the magics need from the kernel. */
    public interface Host {
        /** Adds entries to the notebook's class path. */
        void addToClasspath(List<Path> entries);

        /** Runs notebook code (for {@code %load}) and returns its value. */
        Object runCell(String code) throws CellException;

        /** Tells the user something on the cell's stderr. */
        void warn(String message);
    }

    private final Host host;
    private final Path workingDirectory;
    private final LocalMavenResolver maven;

    /**
     * @param host             the kernel side
     * @param workingDirectory base of relative paths
     * @param maven            resolver for {@code %maven}
     */
    public Magics(Host host, Path workingDirectory, LocalMavenResolver maven) {
        this.host = host;
        this.workingDirectory = workingDirectory;
        this.maven = maven;
    }

    /** Runs line magic {@code name}; returns a value to show, or {@code null}. */
    public Object line(String name, List<String> args) throws CellException {
        switch (name) {
            case "jars" -> host.addToClasspath(jars(args));
            case "classpath" -> host.addToClasspath(classpath(args));
            case "maven" -> host.addToClasspath(maven(args));
            case "load" -> {
                return load(args);
            }
            default ->
                throw CellException.of(
                        "UndefinedMagicException",
                        "no line magic %" + name + " (available: %jars, %classpath, %maven, %load)");
        }
        return null;
    }

    /** Runs cell magic {@code name} on {@code body}; returns what to show. */
    public Object cell(String name, List<String> args, String body) throws CellException {
        return switch (name) {
            case "html" -> Display.html(body);
            case "svg" -> Display.svg(body);
            case "markdown", "md" -> Display.markdown(body);
            case "javascript", "js" -> Display.javascript(body);
            case "latex" -> Display.latex(body);
            default ->
                throw CellException.of(
                        "UndefinedMagicException",
                        "no cell magic %%" + name + " (available: %%html, %%svg, %%markdown, %%md, %%latex,"
                                + " %%javascript, %%js)");
        };
    }

    private List<Path> jars(List<String> globs) throws CellException {
        requireArguments("jars", globs, "a glob of jar files, e.g. %jars lib/*.jar");
        Set<Path> found = new LinkedHashSet<>();
        for (String glob : globs) {
            String pattern = Files.isDirectory(resolve(glob)) && !glob.endsWith("/") ? glob + "/" : glob;
            List<Path> matches = glob(pattern).stream()
                    .filter(p -> p.toString().endsWith(".jar"))
                    .toList();
            if (matches.isEmpty()) {
                throw CellException.of(
                        "FileNotFoundException",
                        "%jars " + glob + ": no jar file matches (looked in "
                                + resolve(glob).toAbsolutePath().normalize() + ")");
            }
            found.addAll(matches);
        }
        return List.copyOf(found);
    }

    private List<Path> classpath(List<String> args) throws CellException {
        requireArguments("classpath", args, "directories or jars, e.g. %classpath target/classes");
        Set<Path> found = new LinkedHashSet<>();
        for (String arg : args) {
            for (String entry : arg.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                List<Path> matches = entry.contains("*") || entry.contains("?") ? glob(entry) : existing(entry);
                if (matches.isEmpty()) {
                    throw CellException.of(
                            "FileNotFoundException",
                            "%classpath " + entry + ": nothing there ("
                                    + resolve(entry).toAbsolutePath().normalize() + ")");
                }
                found.addAll(matches);
            }
        }
        return List.copyOf(found);
    }

    private List<Path> existing(String entry) {
        Path p = resolve(entry);
        return Files.exists(p) ? List.of(p.toAbsolutePath().normalize()) : List.of();
    }

    private List<Path> maven(List<String> coordinates) throws CellException {
        requireArguments("maven", coordinates, "coordinates, e.g. %maven org.knowm.xchart:xchart:3.8.8");
        Set<Path> jars = new LinkedHashSet<>();
        for (String c : coordinates) {
            try {
                LocalMavenResolver.Resolution r = maven.resolve(c);
                r.warnings().forEach(host::warn);
                jars.addAll(r.jars());
            } catch (LocalMavenResolver.ArtifactNotFoundException e) {
                throw CellException.of("ArtifactNotFoundException", e.getMessage());
            } catch (IllegalArgumentException e) {
                throw CellException.of("IllegalArgumentException", "%maven " + e.getMessage());
            }
        }
        return List.copyOf(jars);
    }

    private Object load(List<String> args) throws CellException {
        if (args.size() != 1) {
            throw CellException.of("IllegalArgumentException", "%load takes one file, e.g. %load helpers.jsh");
        }
        Path file = resolve(args.get(0));
        String code;
        try {
            code = Files.readString(file);
        } catch (IOException e) {
            throw CellException.of(
                    "FileNotFoundException",
                    "%load " + args.get(0) + ": cannot read "
                            + file.toAbsolutePath().normalize() + " (" + e.getMessage() + ")");
        }
        return host.runCell(code);
    }

    private List<Path> glob(String glob) throws CellException {
        String pattern = new File(glob).isAbsolute()
                ? glob
                : workingDirectory.resolve(glob).toString();
        if (glob.endsWith("/") && !pattern.endsWith("/")) {
            pattern += "/"; // GlobFinder reads a trailing slash as "the files in this directory"
        }
        List<Path> out = new ArrayList<>();
        try {
            for (Path p : new GlobFinder(pattern.replace(File.separatorChar, '/')).computeMatchingFiles()) {
                out.add(p.toAbsolutePath().normalize());
            }
        } catch (NoSuchFileException e) {
            return List.of(); // the glob's directory does not exist: nothing matches
        } catch (IOException e) {
            throw CellException.of("IOException", "cannot list " + glob + ": " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : workingDirectory.resolve(p);
    }

    private static void requireArguments(String magic, List<String> args, String expected) throws CellException {
        if (args.isEmpty()) {
            throw CellException.of("IllegalArgumentException", "%" + magic + " needs " + expected);
        }
    }
}
