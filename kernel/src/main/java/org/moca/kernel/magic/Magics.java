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
 * IJava's magics, with IJava's names, aliases, arguments and return values (IJava's {@code docs/magics.md}).
 *
 * <ul>
 *   <li>{@code %jars glob...} — add jar files ({@code lib/*.jar}; a directory adds every jar in it) to the
 *       notebook's class path; returns the added paths ({@code List<String>});</li>
 *   <li>{@code %classpath path-or-glob...} — add directories or jars (separated by spaces or the platform's
 *       path separator); returns the added paths;</li>
 *   <li>{@code %maven coordinates...} (aliases {@code %addMavenDependency}, {@code %addMavenDependencies}) — add
 *       artifacts ({@code groupId:artifactId[:extension[:classifier]]:version}) and their runtime dependencies,
 *       resolved by Maven's own resolver ({@link MavenResolver});</li>
 *   <li>{@code %mavenRepo id url} (alias {@code %addMavenRepo}) — search another remote repository too;</li>
 *   <li>{@code %loadFromPOM pom.xml [scopes...]} and the cell magic {@code %%loadFromPOM [scopes...]} — add the
 *       dependencies of a POM, or of POM fragments ({@code <dependency>}, {@code <repository>} elements, loose or
 *       in their lists), see {@link PomFragments};</li>
 *   <li>{@code %load file} — run a file of notebook code as cells: the name as given, else with {@code .jsh},
 *       {@code .jshell}, {@code .java}, {@code .ijava}, {@code .ipynb} appended (IJava's order); of a notebook
 *       ({@code .ipynb}) its code cells, in order;</li>
 *   <li>cell magics {@code %%html}, {@code %%svg}, {@code %%markdown} ({@code %%md}), {@code %%latex},
 *       {@code %%javascript} ({@code %%js}) — show the cell's body as that type.</li>
 * </ul>
 * Magics a notebook registers itself through {@code IJava.getKernelInstance().getMagics()} (the base library's
 * registry) are found after these. Relative paths resolve against the kernel's working directory (the notebook's
 * directory under Jupyter).
 */
public final class Magics {
    /** IJava's {@code %load} order of extensions tried after the name as given. */
    public static final List<String> LOAD_EXTENSIONS = List.of(".jsh", ".jshell", ".java", ".ijava", ".ipynb");

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
    private final MavenResolver maven;
    private final io.github.spencerpark.jupyter.kernel.magic.registry.Magics registry =
            new io.github.spencerpark.jupyter.kernel.magic.registry.Magics();

    /**
     * @param host             the kernel side
     * @param workingDirectory base of relative paths
     * @param maven            resolver for {@code %maven} and friends
     */
    public Magics(Host host, Path workingDirectory, MavenResolver maven) {
        this.host = host;
        this.workingDirectory = workingDirectory;
        this.maven = maven;
    }

    /** The base library's registry, where notebooks register magics of their own (IJava's {@code getMagics()}). */
    public io.github.spencerpark.jupyter.kernel.magic.registry.Magics registry() {
        return registry;
    }

    /** Runs line magic {@code name}; returns its value (IJava's: the added paths for {@code %jars}), or {@code null}. */
    public Object line(String name, List<String> args) throws CellException {
        switch (name) {
            case "jars" -> {
                return added(jars(args));
            }
            case "classpath" -> {
                return added(classpath(args));
            }
            case "maven", "addMavenDependency", "addMavenDependencies" -> host.addToClasspath(maven(args));
            case "mavenRepo", "addMavenRepo" -> mavenRepo(args);
            case "loadFromPOM" -> {
                if (args.isEmpty()) {
                    throw CellException.of(
                            "IllegalArgumentException", "%loadFromPOM needs a POM file, e.g. %loadFromPOM pom.xml");
                }
                host.addToClasspath(pom(resolve(args.get(0)), args.subList(1, args.size())));
            }
            case "load" -> {
                return load(args);
            }
            default -> {
                return registered(
                        () -> registry.applyLineMagic(name, args),
                        "line magic %" + name,
                        "%jars, %classpath, %maven, %addMavenDependency, %mavenRepo, %loadFromPOM, %load");
            }
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
            case "loadFromPOM" -> {
                Path pom = PomFragments.write(body, workingDirectory);
                try {
                    host.addToClasspath(pom(pom, args));
                } finally {
                    try {
                        Files.deleteIfExists(pom);
                    } catch (IOException e) {
                        host.warn("could not delete the temporary POM " + pom + ": " + e.getMessage());
                    }
                }
                yield null;
            }
            default ->
                registered(
                        () -> registry.applyCellMagic(name, args, body),
                        "cell magic %%" + name,
                        "%%html, %%svg, %%markdown, %%md, %%latex, %%javascript, %%js, %%loadFromPOM");
        };
    }

    private interface MagicCall {
        Object call() throws Exception;
    }

    private static Object registered(MagicCall call, String what, String available) throws CellException {
        try {
            return call.call();
        } catch (io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException e) {
            throw CellException.of("UndefinedMagicException", "no " + what + " (available: " + available + ")");
        } catch (CellException e) {
            throw e;
        } catch (Exception e) {
            throw CellException.of(e.getClass().getName(), what + " failed: " + e.getMessage());
        }
    }

    private static List<String> added(List<Path> paths) {
        return paths.stream().map(Path::toString).toList();
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
        List<Path> jars = List.copyOf(found);
        host.addToClasspath(jars);
        return jars;
    }

    private List<Path> classpath(List<String> args) throws CellException {
        requireArguments("classpath", args, "directories or jars, e.g. %classpath target/classes");
        Set<Path> found = new LinkedHashSet<>();
        for (String arg : args) {
            for (String entry : arg.split(java.util.regex.Pattern.quote(File.pathSeparator), -1)) {
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
        List<Path> entries = List.copyOf(found);
        host.addToClasspath(entries);
        return entries;
    }

    private List<Path> existing(String entry) {
        Path p = resolve(entry);
        return Files.exists(p) ? List.of(p.toAbsolutePath().normalize()) : List.of();
    }

    private List<Path> maven(List<String> coordinates) throws CellException {
        requireArguments("maven", coordinates, "coordinates, e.g. %maven org.knowm.xchart:xchart:3.8.8");
        try {
            return maven.resolve(coordinates);
        } catch (MavenResolver.ResolutionException e) {
            throw CellException.of("ArtifactNotFoundException", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw CellException.of("IllegalArgumentException", "%maven: " + e.getMessage());
        }
    }

    private void mavenRepo(List<String> args) throws CellException {
        if (args.size() != 2) {
            throw CellException.of(
                    "IllegalArgumentException",
                    "%mavenRepo takes a repository id and its URL, e.g."
                            + " %mavenRepo my-repo https://example.org/maven2/ (got " + args + ")");
        }
        maven.addRepository(args.get(0), args.get(1));
    }

    private List<Path> pom(Path pom, List<String> scopes) throws CellException {
        try {
            return maven.resolvePom(pom, scopes.isEmpty() ? MavenResolver.DEFAULT_POM_SCOPES : scopes);
        } catch (MavenResolver.ResolutionException e) {
            throw CellException.of("ArtifactNotFoundException", e.getMessage());
        }
    }

    private Object load(List<String> args) throws CellException {
        if (args.size() != 1) {
            throw CellException.of("IllegalArgumentException", "%load takes one file, e.g. %load helpers.jsh");
        }
        Path file = loadable(args.get(0));
        try {
            if (file.getFileName().toString().endsWith(".ipynb")) {
                Object value = null;
                for (String cell : NotebookCells.codeCells(file)) {
                    value = host.runCell(cell);
                }
                return value;
            }
            return host.runCell(Files.readString(file));
        } catch (IOException | IllegalArgumentException e) {
            throw CellException.of(
                    "IOException", "%load " + args.get(0) + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    /** The file {@code %load name} runs: the name as given, else with one of {@link #LOAD_EXTENSIONS}. */
    Path loadable(String name) throws CellException {
        Path given = resolve(name).toAbsolutePath().normalize();
        if (Files.isRegularFile(given)) {
            return given;
        }
        List<String> tried = new ArrayList<>(List.of(given.toString()));
        for (String ext : LOAD_EXTENSIONS) {
            Path candidate = Path.of(given + ext);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate.getFileName().toString());
        }
        throw CellException.of(
                "FileNotFoundException", "%load " + name + ": no such file (tried " + String.join(", ", tried) + ")");
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
