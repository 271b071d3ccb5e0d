package org.moca.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the packaged kernel (the kernelspec directory {@code package} lays out) through a real Jupyter client:
 * Jupyter's own {@code jupyter_client} and {@code nbconvert} from the virtual environment of {@code ./run-tests}. Each scenario of
 * {@code src/test/python/kernel_client.py} installs the kernelspec into its own temporary Jupyter directories,
 * starts a kernel, checks the protocol and prints {@code PASS <scenario>}.
 *
 * <p>Runs once per JDK: Failsafe's default execution uses the {@code java} on the PATH (the build's JDK 17), the
 * {@code kernel-it-jdk25} execution sets {@code moca.kernel.java} to a JDK 25 {@code java}, which the client
 * writes into the installed kernel.json. A JDK that is not there skips every test of that execution with a
 * message saying so (never silently).
 */
class KernelIT {
    /** The Python of the virtual environment ./run-tests sets up (Jupyter from PyPI): system property moca.python. */
    private static final Path PYTHON = Path.of(System.getProperty("moca.python", ".venv/bin/python"));

    private static final long TIMEOUT_SECONDS = 600;

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            fail("system property " + name + " is not set (run through Maven Failsafe: mvn -pl kernel verify)");
        }
        return Path.of(value);
    }

    /** The {@code java} the kernel runs on, if not the one on the PATH ({@code moca.kernel.java}). */
    private static final String JAVA = System.getProperty("moca.kernel.java", "");

    @org.junit.jupiter.api.BeforeAll
    static void requireTheJdk() {
        if (!JAVA.isBlank() && !Files.isExecutable(Path.of(JAVA))) {
            String message = "SKIPPED: the kernel ITs for " + JAVA + " (no such java; install that JDK or set"
                    + " -Dmoca.jdk25=/path/to/jdk-25/bin/java)";
            System.out.println("[WARNING] " + message);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, message);
        }
    }

    private static String runScenario(String scenario, String... args) throws IOException, InterruptedException {
        assertTrue(
                Files.isExecutable(PYTHON),
                "Jupyter's Python " + PYTHON + " is missing: run the tests with ./run-tests, which creates it");
        Path spec = property("moca.kernel.kernelspec");
        assertTrue(
                Files.isRegularFile(spec.resolve("moca-kernel.jar")),
                "no shaded jar in " + spec + "; run package first");
        Path work = property("moca.kernel.work").resolve(scenario);
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(
                PYTHON.toString(),
                property("moca.kernel.clientScript").toString(),
                spec.toString(),
                work.toString(),
                scenario));
        command.addAll(List.of(args));
        Path log = work.resolve("client.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (!JAVA.isBlank()) {
            builder.environment().put("MOCA_KERNEL_JAVA", JAVA);
        }
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(scenario + " did not finish in " + TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), scenario + " failed:\n" + output);
        assertTrue(output.contains("PASS " + scenario), scenario + " did not report success:\n" + output);
        return output;
    }

    /** Execute, streams, display data, errors, completion, inspection, is-complete, interrupt, shutdown, HMAC. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "execute",
                "display",
                "errors",
                "complete_inspect",
                "interrupt",
                "shutdown",
                "bad_signature",
                "maven",
                "parent_death",
                "stop_on_error",
                "display_api",
                "frames",
                "early_interrupt",
                "protocol",
                "stack_overflow",
                "exit",
                "stdin",
                "logo"
            })
    void protocolScenario(String scenario) throws Exception {
        runScenario(scenario);
    }

    /** {@code %jars} of a jar directory, then ND4J, a DL4J fit, an XChart chart and a Tablesaw table. */
    @Test
    void notebookLibrariesAfterJars() throws Exception {
        runScenario("libraries", property("moca.kernel.itJars").toString());
    }

    /** IJava's magics and {@code IJava.getKernelInstance()} (IJava's docs/magics.md). */
    @Test
    void ijavaMagics() throws Exception {
        runScenario("ijava_magics", property("moca.kernel.itJars").toString());
    }

    @Test
    void loadRunsAFileOfNotebookCode() throws Exception {
        runScenario("load", property("moca.kernel.work").resolve("load").toString());
    }

    /** IJava's documented magics and display calls, one cell each, run by nbconvert ({@code ijava-compat.ipynb}). */
    @Test
    void ijavaCompatibilityNotebookRunsUnderNbconvert() throws Exception {
        runScenario(
                "ijava_notebook",
                property("moca.kernel.notebook")
                        .resolveSibling("ijava-compat.ipynb")
                        .toString(),
                property("moca.kernel.itJars").toString());
    }

    /** A notebook using all of the above runs top to bottom under {@code jupyter nbconvert --execute}. */
    @Test
    void notebookRunsUnderNbconvert() throws Exception {
        runScenario(
                "notebook",
                property("moca.kernel.notebook").toString(),
                property("moca.kernel.itJars").toString());
    }
}
