package org.moca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The malformed-input suite (issue 13): topologies, scenario families, experiment configs and command-line arguments
 * that are wrong, each run through the command line in-process. Every case asserts the exit code (2 for an input
 * error, 1 for an environment fault), a one-line message that locates the fault (file:line, key or option) and that
 * nothing was left behind: no output file, no empty result folder. Two control cases run the same inputs unbroken and
 * must succeed, so that each broken case fails for the reason it names and not because its template was wrong.
 */
class MalformedInputTest {

    /** A valid family on the reference network; line 8 is the disruption. */
    static final String FAMILY = """
            name: f
            warmupHours: 48
            horizonHours: 96
            variants:
              - name: v
                weight: 1
                disruptions:
                  - {type: SUPPLIER_OUTAGE, targets: [reo_primary], severity: [1.0, 1.0], duration: [72, 72]}
            """;

    static final String DISRUPTION =
            "  - {type: SUPPLIER_OUTAGE, targets: [reo_primary], severity: [1.0, 1.0], duration: [72, 72]}";

    /** The reference network's topology files, read from the repository (tests run in lib/). */
    static final Path REFERENCE = Path.of("..", "datasets", "topologies", "circular-electronics-nd");

    /** A reduced experiment on the reference network, valid (see the control case). */
    static final String EXPERIMENT = """
            name: tiny
            topology: circular-electronics-nd
            trainFamily: training
            testFamilies: [black-swan]
            testEpisodes: 1
            seeds: [1]
            methods: [no-action]
            """;

    /** One case: files written into a fresh folder ({dir} in contents and arguments), arguments, what must come out. */
    static final class Case {
        final String name;
        final Map<String, String> files = new LinkedHashMap<>();
        final Map<String, String[]> edits = new LinkedHashMap<>();
        boolean topology;
        String[] args = {};
        int code = 2;
        final List<String> expected = new ArrayList<>();
        final List<String> absent = new ArrayList<>(List.of("Exception", "\tat ", "Cannot construct", "`"));

        Case(String name) {
            this.name = name;
        }

        Case file(String path, String content) {
            files.put(path, content);
            return this;
        }

        Case family(String from, String to) {
            assertTrue(FAMILY.contains(from), from);
            return file("fam.yaml", FAMILY.replace(from, to));
        }

        /** A copy of the reference topology under {dir}/topo, with one text replaced in one of its files. */
        Case topology(String file, String from, String to) {
            topology = true;
            if (file != null) edits.put(file, new String[] {from, to});
            return this;
        }

        Case args(String... args) {
            this.args = args;
            return this;
        }

        Case code(int code) {
            this.code = code;
            return this;
        }

        Case expect(String... parts) {
            expected.addAll(List.of(parts));
            return this;
        }

        Case absent(String... parts) {
            absent.addAll(List.of(parts));
            return this;
        }

        Arguments arguments() {
            return Arguments.of(Named.of(name, this));
        }
    }

    static Case c(String name) {
        return new Case(name);
    }

    static String[] simulate(String... extra) {
        List<String> a = new ArrayList<>(List.of("simulate", "--out", "{dir}/out"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    static String[] simulateFamily(String... extra) {
        List<String> a = new ArrayList<>(List.of(simulate("--scenario", "{dir}/fam.yaml")));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    static String[] reproduce() {
        return new String[] {"reproduce", "--config", "{dir}/exp.yaml", "--results", "{dir}/results"};
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                // ---- scenario families (item 1) ----
                c("family: a key given twice")
                        .family("horizonHours: 96\n", "horizonHours: 96\nhorizonHours: 72\n")
                        .args(simulateFamily())
                        .expect("fam.yaml:4:", "Duplicate field 'horizonHours'"),
                c("family: fractional hours in a duration")
                        .family("duration: [72, 72]", "duration: [71.5, 72]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "variants[0].disruptions[0].duration", "an integer", "71.5"),
                c("family: fractional warm-up hours")
                        .family("warmupHours: 48", "warmupHours: 47.5")
                        .args(simulateFamily())
                        .expect("fam.yaml:2:", "warmupHours", "an integer"),
                c("family: a disruption that starts after the horizon")
                        .family("duration: [72, 72]}", "duration: [72, 72], onsetDelay: [100, 120]}")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "variants[0].disruptions[0].onsetDelay", "horizonHours = 96"),
                c("family: a disruption that starts after the recovery window")
                        .family("duration: [72, 72]}", "duration: [72, 72], onsetDelay: [50, 60]}")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "onsetDelay", "recovery window of 48 h", "--scenario"),
                c("family: a horizon shorter than the recovery window")
                        .family("horizonHours: 96", "horizonHours: 36")
                        .args(simulateFamily())
                        .expect("fam.yaml:3:", "horizonHours 36 is shorter than the recovery window of 48 h"),
                c("family: an unknown key inside a disruption is named as itself")
                        .family("severity: [1.0, 1.0]", "severty: [1.0, 1.0]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "unknown key 'severty'", "severity"),
                c("family: an unknown top-level key")
                        .family("warmupHours: 48\n", "warmupHours: 48\ncolour: red\n")
                        .args(simulateFamily())
                        .expect("fam.yaml:3:", "unknown key 'colour'"),
                c("family: a target the topology does not have")
                        .family("targets: [reo_primary]", "targets: [reo_primery]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "targets[0]", "reo_primery", "circular-electronics-nd", "reo_backup"),
                c("family: an outage of a plant")
                        .family("targets: [reo_primary]", "targets: [reo_primary, magnet_plant]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "targets[1]", "magnet_plant", "cannot target"),
                c("family: a demand shock at a supplier")
                        .family("type: SUPPLIER_OUTAGE", "type: DEMAND_SHOCK")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "targets[0]", "DEMAND_SHOCK", "market"),
                c("family: a capacity loss of a lane")
                        .family("type: SUPPLIER_OUTAGE, targets: [reo_primary]", "type: CAPACITY_LOSS, targets: [L01]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "targets[0]", "L01"),
                c("family: a severity above 1 for an outage")
                        .family("severity: [1.0, 1.0]", "severity: [1.0, 1.5]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "severity", "out of range for SUPPLIER_OUTAGE"),
                c("family: a severity range upside down")
                        .family("severity: [1.0, 1.0]", "severity: [0.9, 0.2]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "severity must be [min, max] with min <= max, got [0.9, 0.2]"),
                c("family: a duration that is not a list")
                        .family("duration: [72, 72]", "duration: 72")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "duration", "expected a list, got 72"),
                c("family: a zero-hour duration")
                        .family("duration: [72, 72]", "duration: [0, 72]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "duration must be [min, max] whole hours with 1 <= min"),
                c("family: a negative onset delay")
                        .family("duration: [72, 72]}", "duration: [72, 72], onsetDelay: [-1, 0]}")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "onsetDelay must be", "0 <= min"),
                c("family: no variants key")
                        .file("fam.yaml", "name: f\nwarmupHours: 48\nhorizonHours: 96\n")
                        .args(simulateFamily())
                        .expect("fam.yaml", "variants", "missing key"),
                c("family: a variant of weight 0")
                        .family("weight: 1", "weight: 0")
                        .args(simulateFamily())
                        .expect("fam.yaml:6:", "variants[0].weight", "positive"),
                c("family: no targets")
                        .family("targets: [reo_primary]", "targets: []")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "targets must list at least one"),
                c("family: two variants of one name")
                        .file(
                                "fam.yaml",
                                FAMILY + "  - name: v\n    weight: 1\n    disruptions:\n    " + DISRUPTION + "\n")
                        .args(simulateFamily())
                        .expect("fam.yaml:9:", "variants[1].name", "a second variant named 'v'"),
                c("family: an unknown disruption type")
                        .family("type: SUPPLIER_OUTAGE", "type: FLOOD")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "type", "FLOOD", "one of [SUPPLIER_OUTAGE"),
                c("family: a severity that is not a number")
                        .family("severity: [1.0, 1.0]", "severity: [high, 1.0]")
                        .args(simulateFamily())
                        .expect("fam.yaml:8:", "severity", "a number", "high"),
                c("family: not valid YAML")
                        .family("variants:\n", "variants:\n  - name: [unclosed\n")
                        .args(simulateFamily())
                        .expect("fam.yaml:", "not valid YAML"),
                c("family: an empty file")
                        .file("fam.yaml", "# nothing here\n")
                        .args(simulateFamily())
                        .expect("fam.yaml", "the file is empty"),
                c("family: a file that does not exist")
                        .args(simulate("--scenario", "{dir}/no-such-family.yaml"))
                        .expect("--scenario", "no-such-family.yaml", "no such file")
                        .absent(".yaml.yaml"),
                c("family: an unknown short name")
                        .args(simulate("--scenario", "no-such-family"))
                        .expect("--scenario 'no-such-family'", "black-swan", "backup-late")
                        .absent(".yaml.yaml"),
                c("family: an unknown variant")
                        .args(simulate("--scenario", "black-swan:no-such-variant"))
                        .expect(
                                "--scenario 'black-swan' has no variant 'no-such-variant'",
                                "black-swan.yaml",
                                "primary-outage"),
                c("family: the reference's family name on the battery topology")
                        .args(simulate("--topology", "circular-batteries-nmc", "--scenario", "black-swan"))
                        .expect("--scenario 'black-swan'", "circular-batteries-nmc", "lithium-crunch"),
                c("family: the reference's family file on the battery topology names the file and the target")
                        .args(simulate(
                                "--topology",
                                "circular-batteries-nmc",
                                "--scenario",
                                "../datasets/scenarios/circular-electronics-nd/black-swan.yaml"))
                        .expect("black-swan.yaml:10:", "targets[0]", "reo_primary", "lioh_primary"),
                c("family: a topology directory without families and no --scenario")
                        .topology(null, null, null)
                        .args(simulate("--topology", "{dir}/topo"))
                        .expect("--scenario is needed with topology", "ships no default test family"),
                // ---- topologies ----
                c("topology: an unknown facility type")
                        .topology("facilities.csv", "magnet_plant,COMPONENT_PLANT", "magnet_plant,FACTORY")
                        .args(simulateFamily("--topology", "{dir}/topo"))
                        .file("fam.yaml", FAMILY)
                        .expect("facilities.csv line 7, field type", "FACTORY"),
                c("topology: a lane from a facility that does not exist")
                        .topology("lanes.csv", "L01,reo_primary,", "L01,reo_primery,")
                        .file("fam.yaml", FAMILY)
                        .args(simulateFamily("--topology", "{dir}/topo"))
                        .expect("lanes.csv line 3, field from", "reo_primery"),
                c("topology: a negative lane capacity")
                        .topology(
                                "lanes.csv",
                                "L01,reo_primary,magnet_plant,reo,15,",
                                "L01,reo_primary,magnet_plant,reo,-15,")
                        .file("fam.yaml", FAMILY)
                        .args(simulateFamily("--topology", "{dir}/topo"))
                        .expect("lanes.csv line 3, field capacity", "-15"),
                c("topology: a zero lane capacity (semantically empty)")
                        .topology(
                                "lanes.csv",
                                "L01,reo_primary,magnet_plant,reo,15,",
                                "L01,reo_primary,magnet_plant,reo,0,")
                        .file("fam.yaml", FAMILY)
                        .args(simulateFamily("--topology", "{dir}/topo"))
                        .expect("lanes.csv line 3, field capacity", "can never carry anything"),
                c("topology: a lead time that is not a number")
                        .topology(
                                "lanes.csv",
                                "L01,reo_primary,magnet_plant,reo,15,8,",
                                "L01,reo_primary,magnet_plant,reo,15,eight,")
                        .file("fam.yaml", FAMILY)
                        .args(simulateFamily("--topology", "{dir}/topo"))
                        .expect("lanes.csv line 3, field lead_time", "eight"),
                c("topology: no lanes file")
                        .topology("lanes.csv", null, null)
                        .file("fam.yaml", FAMILY)
                        .args(simulateFamily("--topology", "{dir}/topo"))
                        .expect("lanes.csv"),
                c("topology: a directory that does not exist")
                        .args(simulate("--topology", "{dir}/nowhere"))
                        .expect("--topology", "nowhere", "circular-batteries-nmc"),
                // ---- experiment configs ----
                c("experiment: an unknown key")
                        .file("exp.yaml", EXPERIMENT.replace("testEpisodes: 1", "testEpisode: 1"))
                        .args(reproduce())
                        .expect("exp.yaml:5:", "unknown key 'testEpisode'", "testEpisodes"),
                c("experiment: fractional test episodes")
                        .file("exp.yaml", EXPERIMENT.replace("testEpisodes: 1", "testEpisodes: 1.5"))
                        .args(reproduce())
                        .expect("exp.yaml:5:", "testEpisodes", "an integer"),
                c("experiment: a key given twice")
                        .file("exp.yaml", EXPERIMENT + "seeds: [2]\n")
                        .args(reproduce())
                        .expect("exp.yaml:8:", "Duplicate field 'seeds'"),
                c("experiment: an unknown method")
                        .file("exp.yaml", EXPERIMENT.replace("[no-action]", "[no-action, telepathy]"))
                        .args(reproduce())
                        .expect("exp.yaml:7:", "methods", "telepathy"),
                c("experiment: an unknown test family")
                        .file("exp.yaml", EXPERIMENT.replace("[black-swan]", "[no-such-family]"))
                        .args(reproduce())
                        .expect("exp.yaml:4:", "testFamilies[0] 'no-such-family'", "black-swan"),
                c("experiment: a test family whose targets the topology lacks leaves no result folder")
                        .file(
                                "exp.yaml",
                                EXPERIMENT
                                        .replace("circular-electronics-nd", "circular-batteries-nmc")
                                        .replace(
                                                "[black-swan]",
                                                "[../datasets/scenarios/circular-electronics-nd/black-swan.yaml]"))
                        .args(reproduce())
                        .expect("exp.yaml:4:", "testFamilies[0]", "black-swan.yaml:10:", "reo_primary"),
                c("experiment: the battery topology's stable family for ppo on the reference")
                        .file(
                                "exp.yaml",
                                EXPERIMENT.replace("[no-action]", "[no-action, ppo]")
                                        + "ppoFamily: ../datasets/scenarios/circular-batteries-nmc/stable.yaml\n")
                        .args(reproduce())
                        .expect(
                                "exp.yaml:8:",
                                "ppoFamily",
                                "circular-batteries-nmc/stable.yaml:12:",
                                "ev_market",
                                "[market]"),
                c("experiment: a config that does not exist")
                        .args("reproduce", "--config", "{dir}/nope.yaml", "--results", "{dir}/results")
                        .expect("nope.yaml", "not found")
                        .absent(".yaml.yaml"),
                c("experiment: a topology that does not exist")
                        .file("exp.yaml", EXPERIMENT.replace("circular-electronics-nd", "{dir}/nowhere"))
                        .args(reproduce())
                        .expect("exp.yaml:2:", "topology", "nowhere"),
                c("continual: an unknown family in the stream")
                        .file("cont.yaml", "families: [training, no-such-family]\n")
                        .args("continual", "--config", "{dir}/cont.yaml", "--results", "{dir}/results")
                        .expect("cont.yaml:1:", "families[1] 'no-such-family'"),
                c("continual: the reference's families on the battery topology")
                        .args(
                                "continual",
                                "--config",
                                "../experiments/continual-ci.yaml",
                                "--topology",
                                "circular-batteries-nmc",
                                "--results",
                                "{dir}/results")
                        .expect(
                                "families[0] 'training'",
                                "circular-batteries-nmc/training.yaml",
                                "lithium-partial-outage"),
                // ---- command-line arguments and outputs ----
                c("cli: --index 2147483647")
                        .args(simulate("--index", "2147483647"))
                        .expect("--index must be in [0, 100000), got 2147483647")
                        .absent("-2147483648"),
                c("cli: a negative --index").args(simulate("--index", "-1")).expect("--index must be in [0,"),
                c("cli: --out names an existing file")
                        .file("out", "keep me\n")
                        .args("simulate", "--out", "{dir}/out")
                        .expect("--out", "is an existing file; expected a directory"),
                c("cli: --out under an existing file")
                        .file("plain.txt", "keep me\n")
                        .args("simulate", "--out", "{dir}/plain.txt/sub")
                        .expect("--out", "plain.txt is an existing file"),
                c("cli: --out on a read-only file system is an environment fault")
                        .args("simulate", "--out", "/proc/moca-malformed-input-test")
                        .code(1)
                        .expect("--out /proc/moca-malformed-input-test: cannot write in /proc", "nothing was run"),
                c("cli: --results names an existing file")
                        .file("exp.yaml", EXPERIMENT)
                        .file("results", "keep me\n")
                        .args(reproduce())
                        .expect("--results", "is an existing file"),
                c("cli: a run id that escapes the results folder")
                        .file("exp.yaml", EXPERIMENT)
                        .args("reproduce", "--config", "{dir}/exp.yaml", "--results", "{dir}/results", "--run", "../x")
                        .expect("--run must be letters, digits"),
                c("cli: an unknown trial engine")
                        .file("exp.yaml", EXPERIMENT)
                        .args(
                                "reproduce",
                                "--config",
                                "{dir}/exp.yaml",
                                "--results",
                                "{dir}/results",
                                "--engine",
                                "ray")
                        .expect("--engine ray: no such trial engine", "local"),
                c("cli: the spark engine without its module on the classpath")
                        .file("exp.yaml", EXPERIMENT)
                        .args(
                                "reproduce",
                                "--config",
                                "{dir}/exp.yaml",
                                "--results",
                                "{dir}/results",
                                "--engine",
                                "spark")
                        .expect("--engine spark", "moca-spark module"),
                c("cli: a Spark master for the local engine")
                        .file("exp.yaml", EXPERIMENT)
                        .args(
                                "reproduce",
                                "--config",
                                "{dir}/exp.yaml",
                                "--results",
                                "{dir}/results",
                                "--master",
                                "local[2]")
                        .expect("--master local[2]", "--master is for --engine spark"),
                c("cli: compare with no episodes")
                        .args("compare", "--episodes", "0", "--out", "{dir}/out")
                        .expect("--episodes must be >= 1, got 0"),
                c("cli: compare with an unknown policy")
                        .args("compare", "--policies", "no-action,telepathy", "--out", "{dir}/out")
                        .expect("--policies telepathy", "unknown", "heuristic"),
                c("cli: simulate a learned method without its experiment")
                        .args(simulate("--policy", "maml"))
                        .expect("--policy maml", "a learned method", "--config"),
                c("cli: a negative MPC lookahead")
                        .args(simulate("--mpc-lookahead", "-1"))
                        .expect("--mpc-lookahead must be >= 0"),
                c("cli: a seed that is not a number")
                        .args(simulate("--seed", "abc"))
                        .expect("abc", "--seed"),
                c("cli: an unknown option").args(simulate("--colour", "red")).expect("Unknown option", "--colour"));
        return cases.stream().map(Case::arguments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithALocatedOneLineMessageAndLeavesNothingBehind(Case c, @TempDir Path dir) throws IOException {
        prepare(c, dir);
        Map<Path, String> before = snapshot(dir);
        String[] args = substitute(c.args, dir);
        StringWriter err = new StringWriter();
        int code = run(err, args);
        String message = err.toString().strip();
        assertEquals(c.code, code, String.join(" ", args) + " -> " + message);
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(message.startsWith("moca: "), message);
        for (String part : c.expected) {
            String p = part.replace("{dir}", dir.toString());
            assertTrue(message.contains(p), "'" + p + "' not in: " + message);
        }
        for (String part : c.absent) assertFalse(message.contains(part), "'" + part + "' in: " + message);
        assertEquals(before, snapshot(dir), "the inputs are untouched and nothing was left behind: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controls")
    void theUnbrokenTemplatesRun(String[] args, @TempDir Path dir) throws IOException {
        Case c = c("control").file("fam.yaml", FAMILY).topology(null, null, null);
        prepare(c, dir);
        StringWriter err = new StringWriter();
        String[] a = substitute(args, dir);
        assertEquals(0, run(err, a), String.join(" ", a) + " -> " + err);
        assertTrue(Files.isDirectory(dir.resolve("out")), "wrote its outputs");
    }

    static Stream<Arguments> controls() {
        return Stream.of(
                Arguments.of(Named.of(
                        "the family template on a copy of the reference topology",
                        simulateFamily("--topology", "{dir}/topo"))),
                Arguments.of(Named.of(
                        "the battery topology with its default test family",
                        simulate("--topology", "circular-batteries-nmc"))));
    }

    static int run(StringWriter err, String... args) {
        CommandLine cl = Moca.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    static void prepare(Case c, Path dir) throws IOException {
        if (c.topology) {
            Path topo = Files.createDirectories(dir.resolve("topo"));
            try (Stream<Path> files = Files.list(REFERENCE)) {
                for (Path f : files.toList()) Files.copy(f, topo.resolve(f.getFileName()));
            }
            for (Map.Entry<String, String[]> e : c.edits.entrySet()) {
                Path f = topo.resolve(e.getKey());
                String[] edit = e.getValue();
                if (edit[0] == null) {
                    Files.delete(f);
                    continue;
                }
                String text = Files.readString(f);
                assertTrue(text.contains(edit[0]), edit[0] + " not in " + f);
                Files.writeString(f, text.replace(edit[0], edit[1]));
            }
        }
        for (Map.Entry<String, String> e : c.files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue().replace("{dir}", dir.toString()));
        }
    }

    static String[] substitute(String[] args, Path dir) {
        return Stream.of(args).map(a -> a.replace("{dir}", dir.toString())).toArray(String[]::new);
    }

    /** Every file and folder under {@code dir}, with the content of each file. */
    static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList())
                out.put(dir.relativize(p), Files.isDirectory(p) ? "<dir>" : Files.readString(p));
        }
        return out;
    }
}
