package org.moca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContinualCommandTest {

    @Test
    void aBadConfigGetsAOneLineErrorNamingTheKeyAndExitCode2(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(
                dir.resolve("bad.yaml"),
                "name: c\ntrainFamily: training\nfamilies: [training, black-swan]\ndisruptionz: 15\n");
        StringWriter err = new StringWriter();
        assertEquals(2, MocaCliTest.run(err, "continual", "--config", yaml.toString(), "--results", dir.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("bad.yaml") && err.toString().contains("disruptions"), err.toString());

        err = new StringWriter();
        assertEquals(
                2,
                MocaCliTest.run(
                        err,
                        "continual",
                        "--config",
                        dir.resolve("missing.yaml").toString()));
        assertTrue(
                err.toString().contains("missing.yaml")
                        && err.toString().strip().lines().count() == 1,
                err.toString());

        // --topology is checked before anything runs, and its error names the option
        Path good = Files.writeString(dir.resolve("good.yaml"), "name: c\n");
        err = new StringWriter();
        assertEquals(
                2,
                MocaCliTest.run(
                        err,
                        "continual",
                        "--config",
                        good.toString(),
                        "--topology",
                        dir.resolve("nowhere").toString(),
                        "--results",
                        dir.toString()));
        assertTrue(
                err.toString().startsWith("moca: --topology '")
                        && err.toString().contains("nowhere")
                        && err.toString().strip().lines().count() == 1,
                err.toString());
        assertTrue(Files.notExists(dir.resolve("c")), "nothing ran");
    }
}
