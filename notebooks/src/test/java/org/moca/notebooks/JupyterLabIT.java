package org.moca.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end test a reader's session is: JupyterLab from the virtual environment of {@code ./run-tests},
 * served on a free local port with a random token, opened in headless Chromium (driven by {@code playwright-core}
 * from npm, using the system's {@code chromium}), {@code notebooks/00-tour.ipynb} run with "Run All Cells" on the
 * built kernel with {@code MOCA_BUDGET=ci}; then the rendered page must show an HTML table and an image, no error
 * output, and no figure wider than the output area. The screenshot is {@code target/jupyterlab-00-tour.png}.
 *
 * <p>The notebook runs from a copy under {@code target/lab-root/notebooks/} (beside a link to {@code lib/}), so
 * JupyterLab never writes into the committed notebook.
 */
class JupyterLabIT {
    private static final Path PYTHON = Path.of(System.getProperty("moca.python", ".venv/bin/python"));
    private static final String NOTEBOOK = "00-tour.ipynb";
    private static final long TIMEOUT_SECONDS = 900;

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            fail("system property " + name + " is not set (run through Maven Failsafe: mvn -pl notebooks verify)");
        }
        return Path.of(value);
    }

    @Test
    void tourRunsAllInJupyterLabAndShowsATableAndAnImage() throws Exception {
        Path chromium = Path.of(System.getProperty("moca.chromium", "/usr/bin/chromium"));
        assertTrue(
                Files.isExecutable(chromium),
                "no Chromium at " + chromium + ": install it (Debian/Ubuntu: sudo apt-get install chromium) or name"
                        + " it with -Dmoca.chromium=/path/to/chromium");
        Path browser = property("moca.notebooks.browser");
        assertTrue(
                Files.isDirectory(browser.resolve("node_modules/playwright-core")),
                "playwright-core is not installed in " + browser + ": run ./run-tests (it runs npm ci there), or"
                        + " npm ci --prefix " + browser);
        assertTrue(Files.isExecutable(PYTHON), "Jupyter's Python " + PYTHON + " is missing: run ./run-tests");
        Path target = property("moca.notebooks.target");
        Path work = target.resolve("lab-work");
        Path root = target.resolve("lab-root");
        Path notebooks = Files.createDirectories(root.resolve("notebooks"));
        Path source = property("moca.notebooks.dir");
        Files.copy(
                source.resolve(NOTEBOOK),
                notebooks.resolve(NOTEBOOK),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                source.resolve("setup.jsh"),
                notebooks.resolve("setup.jsh"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path lib = root.resolve("lib");
        if (!Files.exists(lib, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(
                    lib, source.resolveSibling("lib").toAbsolutePath().normalize());
        }
        Path settings = Files.createDirectories(work.resolve("lab-settings/@jupyterlab/notebook-extension"));
        // Render every cell (JupyterLab 4 virtualizes off-screen cells by default) and never autosave.
        Files.writeString(settings.resolve("tracker.jupyterlab-settings"), "{\"windowingMode\": \"none\"}");
        Path docmanager = Files.createDirectories(work.resolve("lab-settings/@jupyterlab/docmanager-extension"));
        Files.writeString(docmanager.resolve("plugin.jupyterlab-settings"), "{\"autosave\": false}");

        NotebooksIT.installKernelInto(work);
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        ProcessBuilder lab = NotebooksIT.jupyterEnvironment(new ProcessBuilder(List.of(
                        PYTHON.toString(),
                        "-m",
                        "jupyterlab",
                        "--no-browser",
                        "--allow-root", // CI runs as root
                        "--LabApp.extension_manager=readonly",
                        "--LabApp.expose_app_in_browser=True", // window.jupyterapp: run commands, read the kernel state
                        "--ServerApp.ip=127.0.0.1",
                        "--ServerApp.port=" + port,
                        "--ServerApp.port_retries=0",
                        "--IdentityProvider.token=" + token,
                        "--ServerApp.root_dir=" + root,
                        "--LabApp.news_url=",
                        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("jupyterlab.log").toFile());
        Map<String, String> env = lab.environment();
        env.put("JUPYTERLAB_SETTINGS_DIR", work.resolve("lab-settings").toString());
        env.put(
                "JUPYTERLAB_WORKSPACES_DIR",
                Files.createDirectories(work.resolve("lab-workspaces")).toString());
        Process server = lab.start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitServer(base + "/api/status?token=" + token, server, work.resolve("jupyterlab.log"));
            Path screenshot = target.resolve("jupyterlab-00-tour.png");
            Path log = work.resolve("browser.log");
            Process node = new ProcessBuilder(List.of(
                            "node",
                            browser.resolve("run-all.mjs").toString(),
                            base,
                            token,
                            "notebooks/" + NOTEBOOK,
                            screenshot.toString(),
                            chromium.toString(),
                            Files.createDirectories(work.resolve("chromium-profile-" + System.nanoTime()))
                                    .toString(),
                            String.valueOf(TIMEOUT_SECONDS)))
                    .directory(browser.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!node.waitFor(TIMEOUT_SECONDS + 120, TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
                fail("the browser test did not finish:\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            System.out.print(out);
            assertEquals(
                    0,
                    node.exitValue(),
                    "the browser test failed:\n" + out + "\nJupyterLab's log: " + work.resolve("jupyterlab.log"));
            assertTrue(Files.size(screenshot) > 0, "no screenshot at " + screenshot);
        } finally {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }
    }

    private static void awaitServer(String url, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("JupyterLab exited:\n" + Files.readString(log));
            }
            try {
                HttpURLConnection c =
                        (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting
            }
            Thread.sleep(500);
        }
        fail("JupyterLab did not answer on " + url + " within 120 s:\n" + Files.readString(log));
    }
}
