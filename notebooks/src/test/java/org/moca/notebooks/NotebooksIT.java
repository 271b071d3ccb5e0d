package org.moca.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes every notebook of {@code notebooks/} top to bottom on the built kernel with the reduced budget
 * ({@code MOCA_BUDGET=ci}), the way a reader would: {@code jupyter nbconvert --to html --execute} from the
 * virtual environment of {@code ./run-tests}, the kernelspec installed into a temporary Jupyter directory under {@code target/} (never the
 * user's). Fails on any cell error; each executed copy must hold at least one image output (PNG or SVG). The HTML copies land in
 * {@code target/executed/}, with each notebook's run time in {@code target/executed/timings.txt}. To run some of them only:
 * {@code -Dmoca.notebooks.only=08-learning-signals} (names with or without {@code .ipynb}, comma-separated).
 */
class NotebooksIT {
    /** The Python of the virtual environment ./run-tests sets up (Jupyter from PyPI): system property moca.python. */
    private static final Path PYTHON = Path.of(System.getProperty("moca.python", ".venv/bin/python"));

    private static final long TIMEOUT_SECONDS = 900;

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null)
            fail("system property " + name + " is not set (run through Maven Failsafe: mvn -pl notebooks verify)");
        return Path.of(value);
    }

    static Stream<String> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(property("moca.notebooks.dir"))) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".ipynb"))
                    .sorted()
                    .toList();
            assertFalse(names.isEmpty(), "no notebooks in " + property("moca.notebooks.dir"));
            return selected(names, System.getProperty("moca.notebooks.only")).stream();
        }
    }

    /**
     * The notebooks {@code only} names (comma-separated, with or without {@code .ipynb}), in {@code names}' order; all of
     * them when {@code only} is null or blank.
     *
     * @throws IllegalArgumentException naming the notebooks there are if a name matches none
     */
    static List<String> selected(List<String> names, String only) {
        if (only == null || only.isBlank()) return names;
        List<String> wanted = new ArrayList<>();
        for (String w : only.split(",", -1)) {
            String n = w.trim().endsWith(".ipynb") ? w.trim() : w.trim() + ".ipynb";
            if (!names.contains(n))
                throw new IllegalArgumentException(
                        "moca.notebooks.only names " + w.trim() + ", expected one of " + names);
            wanted.add(n);
        }
        return names.stream().filter(wanted::contains).toList();
    }

    private static ProcessBuilder jupyter(List<String> command) throws IOException {
        return jupyterEnvironment(
                new ProcessBuilder(command).redirectErrorStream(true), property("moca.notebooks.work"));
    }

    /** {@code pb} with Jupyter's directories under the notebooks' work directory and the CI budget. */
    static ProcessBuilder jupyterEnvironment(ProcessBuilder pb) throws IOException {
        return jupyterEnvironment(pb, property("moca.notebooks.work"));
    }

    /** Installs the built kernelspec as "java" into the Jupyter directories of {@code work} (JupyterLabIT). */
    static void installKernelInto(Path work) throws Exception {
        Files.createDirectories(work);
        run(
                jupyterEnvironment(
                        new ProcessBuilder(List.of(
                                        PYTHON.toString(),
                                        "-m",
                                        "jupyter_client.kernelspecapp",
                                        "install",
                                        "--user",
                                        "--name",
                                        "java",
                                        property("moca.notebooks.kernelspec").toString()))
                                .redirectErrorStream(true),
                        property("moca.notebooks.work")),
                work.resolve("install.log"),
                "kernelspec install");
    }

    private static ProcessBuilder jupyterEnvironment(ProcessBuilder pb, Path work) throws IOException {
        Map<String, String> env = pb.environment();
        for (String[] dir : new String[][] {
            {"JUPYTER_DATA_DIR", "data"},
            {"JUPYTER_CONFIG_DIR", "config"},
            {"JUPYTER_RUNTIME_DIR", "runtime"},
            {"IPYTHONDIR", "ipython"}
        }) {
            Path p = work.resolve(dir[1]);
            Files.createDirectories(p);
            env.put(dir[0], p.toString());
        }
        env.put("JUPYTER_PATH", work.resolve("data").toString());
        env.put("MOCA_BUDGET", "ci");
        env.put("OMP_NUM_THREADS", "1");
        return pb;
    }

    private static String run(ProcessBuilder pb, Path log, String what) throws IOException, InterruptedException {
        Process p = pb.redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(what + " did not finish in " + TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), what + " failed:\n" + out);
        return out;
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) n++;
        return n;
    }

    @BeforeAll
    static void installKernel() throws Exception {
        assertTrue(
                Files.isExecutable(PYTHON),
                "Jupyter's Python " + PYTHON + " is missing: run the tests with ./run-tests, which creates it");
        Path spec = property("moca.notebooks.kernelspec");
        assertTrue(
                Files.isRegularFile(spec.resolve("moca-kernel.jar")),
                "no kernel in " + spec + "; package the kernel module first");
        Path work = property("moca.notebooks.work");
        Files.createDirectories(work);
        run(
                jupyter(List.of(
                        PYTHON.toString(),
                        "-m",
                        "jupyter_client.kernelspecapp",
                        "install",
                        "--user",
                        "--name",
                        "java",
                        spec.toString())),
                work.resolve("install.log"),
                "kernelspec install");
        Files.createDirectories(property("moca.notebooks.executed"));
        Files.deleteIfExists(property("moca.notebooks.executed").resolve("timings.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void runsTopToBottomWithImages(String notebook) throws Exception {
        Path dir = property("moca.notebooks.dir"), executed = property("moca.notebooks.executed");
        List<String> command = new ArrayList<>(List.of(
                PYTHON.toString(),
                "-m",
                "nbconvert",
                "--to",
                "html",
                "--execute",
                "--ExecutePreprocessor.timeout=" + TIMEOUT_SECONDS,
                "--output-dir",
                executed.toString(),
                notebook));
        String name = notebook.substring(0, notebook.length() - ".ipynb".length());
        long start = System.nanoTime();
        run(
                jupyter(command).directory(dir.toFile()),
                property("moca.notebooks.work").resolve(name + ".log"),
                notebook);
        double seconds = (System.nanoTime() - start) / 1e9;
        String html = Files.readString(executed.resolve(name + ".html"), StandardCharsets.UTF_8);
        // the output markers of nbconvert's HTML template: its stylesheet holds a data:image/png and an <svg> of its
        // own
        int images = count(html, "data-mime-type=\"image/svg+xml\"") + count(html, "<img src=\"data:image/png;base64,");
        String line = String.format("%-28s %6.1f s  %d image outputs%n", notebook, seconds, images);
        System.out.print("notebook run time: " + line);
        Files.writeString(executed.resolve("timings.txt"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertTrue(images > 0, notebook + ": the executed copy shows no image output");
        // Issue 14: an HTML export that keeps the SVG output's marker but strips its content shows a blank figure.
        assertTrue(svgOutputsHaveContent(html), notebook + ": an SVG output is empty in the HTML export");
    }

    /**
     * Whether every SVG output of an nbconvert HTML export holds an SVG: inline ({@code <svg ...>}, older
     * nbconvert) or as an {@code <img src="data:image/svg+xml;base64,...">} whose payload decodes to one
     * (nbconvert 7).
     */
    static boolean svgOutputsHaveContent(String html) {
        String marker = "data-mime-type=\"image/svg+xml\"";
        String dataUri = "src=\"data:image/svg+xml;base64,";
        for (int i = html.indexOf(marker); i >= 0; i = html.indexOf(marker, i + marker.length())) {
            int next = html.indexOf("data-mime-type=", i + marker.length());
            String output = html.substring(i, next < 0 ? html.length() : next);
            if (output.contains("<svg")) {
                continue;
            }
            int at = output.indexOf(dataUri);
            if (at < 0) {
                return false;
            }
            int start = at + dataUri.length();
            int end = output.indexOf('"', start);
            String payload = end < 0 ? "" : output.substring(start, end);
            String svg;
            try {
                svg = new String(java.util.Base64.getMimeDecoder().decode(payload), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (!svg.contains("<svg")) {
                return false;
            }
        }
        return true;
    }
}
