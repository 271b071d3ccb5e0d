package org.moca.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from, written as {@code provenance.json} next to it (after Tribuo's {@code ModelProvenance}):
 * the configuration, the seeds, the code's git commit, the library versions, the Java runtime and machine, a SHA-256
 * of every dataset file read, and when the run started and ended. A result without provenance is not a result.
 *
 * <pre>
 *   Provenance.Start start = Provenance.Start.now();
 *   ... run ...
 *   Provenance.capture(config, Map.of("master", seed), List.of(Path.of("datasets/x.json")), start, Instant.now())
 *             .write(resultsDirectory);
 * </pre>
 *
 * @param config      the run's configuration as a JSON tree
 * @param seeds       every seed the run used, by name
 * @param git         commit and working-tree state of the code
 * @param libraries   versions of the main libraries, by name ("absent" when not on the class path)
 * @param platform    Java runtime, operating system, processors
 * @param datasets    SHA-256 (hex) of each dataset file, keyed by the path as given (pass project-relative paths)
 * @param start       ISO-8601 instant the run started
 * @param end         ISO-8601 instant the run ended
 * @param previousConfig null, unless the run directory was resumed under a changed configuration (an explicit
 *                    {@code --resume-anyway}): then the configuration its earlier trials were made with, so that the
 *                    provenance still describes every trial in the table
 */
public record Provenance(
        JsonNode config,
        Map<String, Long> seeds,
        Git git,
        Map<String, String> libraries,
        Platform platform,
        Map<String, String> datasets,
        String start,
        String end,
        JsonNode previousConfig) {

    /** File name used by {@link #write}. */
    public static final String FILE_NAME = "provenance.json";

    /** Libraries whose versions are recorded: name, then Maven groupId and artifactId. */
    private static final List<String[]> LIBRARIES = List.of(
            new String[] {"deeplearning4j", "org.deeplearning4j", "deeplearning4j-nn"},
            new String[] {"nd4j", "org.nd4j", "nd4j-api"},
            new String[] {"nd4j-native", "org.nd4j", "nd4j-native"},
            new String[] {"jgrapht", "org.jgrapht", "jgrapht-core"},
            new String[] {"tablesaw", "tech.tablesaw", "tablesaw-core"},
            new String[] {"xchart", "org.knowm.xchart", "xchart"},
            new String[] {"ortools", "com.google.ortools", "ortools-java"},
            new String[] {"jackson-databind", "com.fasterxml.jackson.core", "jackson-databind"},
            new String[] {"commons-math3", "org.apache.commons", "commons-math3"});

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public Provenance {
        Objects.requireNonNull(config, "config");
        // "previousConfig": null reads back as a JSON null node: the same as absent
        if (previousConfig != null && previousConfig.isNull()) previousConfig = null;
        seeds = Map.copyOf(Objects.requireNonNull(seeds, "seeds"));
        Objects.requireNonNull(git, "git");
        libraries = Map.copyOf(Objects.requireNonNull(libraries, "libraries"));
        Objects.requireNonNull(platform, "platform");
        datasets = Map.copyOf(Objects.requireNonNull(datasets, "datasets"));
        checkInstant("start", start);
        checkInstant("end", end);
    }

    /**
     * When a run began, and the code's version then: read before the run writes anything, so that its own result files
     * (committed under {@code experiments/results/} and rewritten when a finished run is summarized again) never
     * count as changes to the code. A run's provenance read git at its end before, and every resumed committed run
     * said {@code dirty: true} because of the tables it had just written.
     *
     * @param at   the start instant
     * @param code the git state at that instant
     */
    public record Start(Instant at, Git code) {
        public Start {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(code, "code");
        }

        /** Now, with the git state of the current working directory. */
        public static Start now() {
            return now(Path.of("").toAbsolutePath());
        }

        /** Now, with the git state read in {@code codeDirectory}. */
        public static Start now(Path codeDirectory) {
            return new Start(Instant.now(), Git.detect(codeDirectory));
        }
    }

    /**
     * The provenance of a run that began at {@code start} (its git state read then) and ended at {@code end}.
     *
     * @param config   the configuration (a record, a map, a {@link JsonNode}...), converted to a JSON tree
     * @param datasets dataset files read by the run; each is hashed
     * @throws IOException if a dataset file cannot be read
     */
    public static Provenance capture(
            Object config, Map<String, Long> seeds, Collection<Path> datasets, Start start, Instant end)
            throws IOException {
        return of(config, seeds, datasets, start.code(), start.at(), end);
    }

    private static Provenance of(
            Object config, Map<String, Long> seeds, Collection<Path> datasets, Git git, Instant start, Instant end)
            throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        for (Path dataset : datasets) hashes.put(dataset.toString(), sha256(dataset));
        // through text rather than valueToTree, so that the tree equals the one read back (a long 7 reads back as an
        // int)
        JsonNode configTree = JSON.readTree(JSON.writeValueAsBytes(config));
        return new Provenance(
                configTree,
                seeds,
                git,
                libraryVersions(),
                Platform.current(),
                hashes,
                start.toString(),
                end.toString(),
                null);
    }

    /** This provenance with the configuration the run directory's earlier trials were made with. */
    public Provenance withPreviousConfig(JsonNode previous) {
        return new Provenance(config, seeds, git, libraries, platform, datasets, start, end, previous);
    }

    /** Writes this record to {@code directory/provenance.json}, atomically; returns the file. */
    public Path write(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        AtomicFiles.write(file, out -> JSON.writeValue(out, this));
        return file;
    }

    /** Reads a file written by {@link #write}. */
    public static Provenance read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Provenance.class);
    }

    /** SHA-256 of a file's bytes, as 64 lower-case hex digits; O(file size), streamed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Versions of the libraries the workbench is built on, read from each jar's
     * {@code META-INF/maven/<group>/<artifact>/pom.properties}; "absent" for a library not on the class path.
     */
    public static Map<String, String> libraryVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        ClassLoader loader = Provenance.class.getClassLoader();
        for (String[] library : LIBRARIES) {
            String resource = "META-INF/maven/" + library[1] + "/" + library[2] + "/pom.properties";
            String version = "absent";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(in);
                    version = properties.getProperty("version", "unknown");
                }
            } catch (IOException e) {
                version = "unknown";
            }
            versions.put(library[0], version);
        }
        return versions;
    }

    private static void checkInstant(String name, String value) {
        Objects.requireNonNull(value, name);
        try {
            Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, got " + value, e);
        }
    }

    /**
     * The code's version.
     *
     * @param commit the commit hash of HEAD, or "unknown" outside a git checkout (or without git)
     * @param dirty  whether tracked files differ from HEAD (untracked files, such as fresh results, do not count);
     *               null when unknown
     */
    public record Git(String commit, Boolean dirty) {
        public static final String UNKNOWN = "unknown";

        public Git {
            Objects.requireNonNull(commit, "commit");
        }

        /** Asks git about {@code directory}; never fails: any problem gives commit "unknown". */
        public static Git detect(Path directory) {
            String head = run(directory, "rev-parse", "HEAD");
            if (head == null || !head.strip().matches("[0-9a-f]{40,64}")) return new Git(UNKNOWN, null);
            String status = run(directory, "status", "--porcelain", "--untracked-files=no");
            return new Git(head.strip(), status == null ? null : !status.isBlank());
        }

        /** Output of a git command, or null if git is missing, fails or takes more than 10 s. */
        private static String run(Path directory, String... arguments) {
            Path output = null;
            try {
                output = Files.createTempFile("moca-git", ".out");
                List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
                command.addAll(List.of(arguments));
                // output to a file rather than a pipe: a large status cannot then block git while we wait for it
                Process process = new ProcessBuilder(command)
                        .redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return null;
                }
                return process.exitValue() == 0 ? Files.readString(output) : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                if (output != null) {
                    try {
                        Files.deleteIfExists(output);
                    } catch (IOException ignored) {
                        // a stray empty temporary file is not worth failing a run for
                    }
                }
            }
        }
    }

    /**
     * The machine and runtime.
     *
     * @param javaVersion  {@code java.version}
     * @param javaVendor   {@code java.vendor}
     * @param javaVm       {@code java.vm.name} and {@code java.vm.version}
     * @param os           {@code os.name} and {@code os.version}
     * @param arch         {@code os.arch}
     * @param cpus         processors available to the JVM
     * @param cpu          the CPU model and its vector instruction sets (from {@code /proc/cpuinfo}); null in files
     *                     written before it was recorded
     */
    public record Platform(
            String javaVersion, String javaVendor, String javaVm, String os, String arch, int cpus, String cpu) {
        /** The vector instruction sets a native BLAS picks its kernels by, in the order reported. */
        static final List<String> VECTOR_SETS =
                List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_vnni", "amx_tile", "asimd", "sve");

        public static Platform current() {
            return new Platform(
                    System.getProperty("java.version"),
                    System.getProperty("java.vendor"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("os.arch"),
                    Runtime.getRuntime().availableProcessors(),
                    detectCpu());
        }

        /**
         * The CPU model and its vector instruction sets, from {@code /proc/cpuinfo} ({@code "unknown"} where there is
         * none). ND4J's native BLAS dispatches its kernels on them, and its results differ in the last bits between
         * CPUs: a trial's bytes are reproducible on one machine, not across machines (experiments/REPRODUCTION.md).
         */
        static String detectCpu() {
            Path info = Path.of("/proc/cpuinfo");
            if (!Files.isReadable(info)) return "unknown";
            try {
                return describeCpu(Files.readAllLines(info));
            } catch (IOException | java.io.UncheckedIOException e) {
                return "unknown";
            }
        }

        /** {@link #detectCpu()} from the lines of a {@code /proc/cpuinfo}: "model [sets]"; the first processor's. */
        static String describeCpu(List<String> cpuinfo) {
            String model = null;
            java.util.Set<String> flags = null;
            for (String line : cpuinfo) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String key = line.substring(0, colon).strip(),
                        value = line.substring(colon + 1).strip();
                if (model == null && (key.equals("model name") || key.equals("CPU part"))) model = value;
                if (flags == null && (key.equals("flags") || key.equals("Features")))
                    flags = new java.util.HashSet<>(List.of(value.split("\\s+")));
                if (model != null && flags != null) break;
            }
            java.util.Set<String> present = flags == null ? java.util.Set.of() : flags;
            List<String> sets = VECTOR_SETS.stream().filter(present::contains).toList();
            return (model == null ? "unknown model" : model) + " [" + String.join(" ", sets) + "]";
        }
    }
}
