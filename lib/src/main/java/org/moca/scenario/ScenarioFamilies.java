package org.moca.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.infra.ConfigException;
import org.moca.infra.ConfigLoader;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionEffects;

/**
 * Loads scenario families from YAML (see {@code datasets/scenarios/}), resolves family names per topology, and checks a
 * family against the network and the recovery window it is used with.
 *
 * <p>Loading goes through the workbench's strict loader ({@link ConfigLoader}, as experiment configs do): an unknown
 * key (named as itself), a missing key, a key given twice, a fractional hour, a value of the wrong type or out of range,
 * a disruption that could start after the horizon, each fails with a {@link ConfigException} naming the file, the line
 * and the key path, e.g. {@code black-swan.yaml:9:7: variants[0].disruptions[0].severity: ...}. Nothing is repaired.
 *
 * <p>Where a family is used ({@link #resolve(String, String, Use)}), it is also checked against that use: every target
 * must be a facility (or, for a delay, a lane) of the topology that fits the disruption's type, by the simulator's own
 * rule ({@link DisruptionEffects}), and the horizon must cover the recovery window; the error names the family file and
 * the line of the offending target.
 */
public final class ScenarioFamilies {

    /** Classpath folder of the reference network's families. */
    public static final String REFERENCE_DIR = "datasets/scenarios/circular-electronics-nd/";

    /** Classpath folder (and path from the repository root) of every shipped topology's families. */
    public static final String SCENARIOS_ROOT = "datasets/scenarios/";

    /** The folder of a topology directory that holds its own families, {@code <topology>/scenarios/<name>.yaml}. */
    public static final String TOPOLOGY_SCENARIOS = "scenarios";

    /** The shipped families of each shipped topology (the files of {@code datasets/scenarios/<topology>/}). */
    private static final Map<String, List<String>> SHIPPED_BY_TOPOLOGY = Map.of(
            ReferenceNetworks.REFERENCE_NAME,
            List.of("training", "validation", "black-swan", "backup-late", "stable"),
            ReferenceNetworks.BATTERIES_NAME,
            List.of("training", "validation", "lithium-crunch", "stable"));

    /** Each shipped topology's shifted test family: what a command samples when no family is named. */
    private static final Map<String, String> DEFAULT_TEST =
            Map.of(ReferenceNetworks.REFERENCE_NAME, "black-swan", ReferenceNetworks.BATTERIES_NAME, "lithium-crunch");

    /**
     * Where a family is used: the topology as named on the command line or in a config (a shipped name or a
     * directory; short family names are that topology's own families), its network, and the recovery window.
     *
     * @param topology    the topology's name or directory, as given to {@link ReferenceNetworks#resolve}
     * @param network     the network the family's targets must exist in
     * @param windowHours the recovery window: the horizon must cover it, and every disruption must start within it
     */
    public record Use(String topology, SupplyNetwork network, int windowHours) {
        public Use {
            Objects.requireNonNull(topology, "topology");
            Objects.requireNonNull(network, "network");
            if (windowHours < 1) throw new IllegalArgumentException("windowHours must be >= 1, got " + windowHours);
        }
    }

    private ScenarioFamilies() {}

    /** The reference network's training family. */
    public static ScenarioFamily training() {
        return resource(REFERENCE_DIR + "training.yaml");
    }

    /**
     * The reference network's validation family: disruptions between training and test in magnitude and duration,
     * for every tuning decision (never tune on a test family).
     */
    public static ScenarioFamily validation() {
        return resource(REFERENCE_DIR + "validation.yaml");
    }

    /** The reference network's shifted test family: the 72-hour primary rare-earth outage, alone or compounded. */
    public static ScenarioFamily blackSwan() {
        return resource(REFERENCE_DIR + "black-swan.yaml");
    }

    /**
     * The reference network's stable-operation family: only mild, short disturbances (what the reinforcement-learning
     * baseline trains on).
     */
    public static ScenarioFamily stable() {
        return resource(REFERENCE_DIR + "stable.yaml");
    }

    /** The reference network's shipped families, by the names {@link #resolve} accepts. */
    public static final List<String> SHIPPED = SHIPPED_BY_TOPOLOGY.get(ReferenceNetworks.REFERENCE_NAME);

    /**
     * The families {@code topology} brings by short name: a shipped topology's (under {@code datasets/scenarios/}), or
     * the {@code .yaml} files in a topology directory's {@code scenarios/} folder (none if it has no such folder).
     */
    public static List<String> familiesOf(String topology) {
        Objects.requireNonNull(topology, "topology");
        List<String> shipped = SHIPPED_BY_TOPOLOGY.get(topology);
        if (shipped != null) return shipped;
        Path dir = Path.of(topology).resolve(TOPOLOGY_SCENARIOS);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    /**
     * The family a command samples when none is named: a shipped topology's shifted test family ({@code black-swan},
     * {@code lithium-crunch}); a topology directory has none, so the error says which {@code --scenario} is needed.
     *
     * @throws IllegalArgumentException for a topology directory, naming {@code option} and the families it brings
     */
    public static String defaultTestFamily(String topology, String option) {
        String name = DEFAULT_TEST.get(Objects.requireNonNull(topology, "topology"));
        if (name != null) return name;
        List<String> own = familiesOf(topology);
        throw new IllegalArgumentException(option + " is needed with topology " + topology
                + ": it ships no default test family; give "
                + (own.isEmpty()
                        ? "a scenario-family YAML file (or put families in " + Path.of(topology, TOPOLOGY_SCENARIOS)
                                + "/)"
                        : "one of its families " + own + " (" + Path.of(topology, TOPOLOGY_SCENARIOS)
                                + "/) or a scenario-family YAML file"));
    }

    /**
     * The one resolver of scenario-family names (command line, experiment configs, the continual stream, notebooks) on
     * the reference network: {@code <family>} or {@code <family>:<variant>}, where {@code <family>} is a shipped family
     * of the reference network ({@link #SHIPPED}) or a path to a scenario-family YAML file; {@code :<variant>}
     * restricts the family to that one variant and names the result by the whole spec. Not checked against a network:
     * where the family meets its network use {@link #resolve(String, String, Use)}.
     *
     * @throws IllegalArgumentException naming the spec and what is accepted, if the family or the variant does not
     *     exist
     */
    public static ScenarioFamily resolve(String spec) {
        return resolve(spec, "scenario family");
    }

    /**
     * {@link #resolve(String)}, with errors that begin with {@code source}: where the spec came from (an option such
     * as {@code --scenario} or a config key such as {@code families[2]}).
     */
    public static ScenarioFamily resolve(String spec, String source) {
        return resolveLocated(spec, source, ReferenceNetworks.REFERENCE_NAME).family();
    }

    /**
     * Resolves {@code spec} for a use and checks the family against it. Short names are the topology's own families
     * ({@link #familiesOf}); a path names any file. The family (the whole file, also with {@code :<variant>}) must fit
     * the use: every target a facility or lane of {@code use.network()} that the disruption's type can hit, the
     * horizon at least the recovery window, and every disruption starting within the window (one that starts later
     * cannot change the verdict, so its episodes would count as recovered).
     *
     * @throws IllegalArgumentException naming {@code source} when the name does not resolve, or a
     *     {@link ConfigException} naming the family file, the line and the key when the family does not fit
     */
    public static ScenarioFamily resolve(String spec, String source, Use use) {
        Objects.requireNonNull(use, "use");
        Resolved r = resolveLocated(spec, source, use.topology());
        check(r.loaded(), use, source);
        return r.family();
    }

    /**
     * {@link #resolve(String, String, Use)} for a key of a configuration file ({@code testFamilies[1]}): a fault inside
     * the family file is reported as {@code <key>: <family file>:<line>:<column>: <key path>: <problem>}, so that the
     * configuration's loader locates it at that key and the message names both files.
     */
    public static ScenarioFamily resolveForKey(String spec, String key, Use use) {
        try {
            return resolve(spec, key, use);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private record Resolved(ScenarioFamily family, ConfigLoader.Loaded<ScenarioFamily> loaded) {}

    private static Resolved resolveLocated(String spec, String source, String topology) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        String base = spec, variant = null;
        int colon = spec.lastIndexOf(':');
        // a colon inside a Windows drive ("C:\\x.yaml") or a path is not a variant separator
        if (colon > 0
                && spec.indexOf('/', colon) < 0
                && spec.indexOf('\\', colon) < 0
                && colon < spec.length() - 1
                && !spec.substring(colon + 1).endsWith(".yaml")) {
            base = spec.substring(0, colon);
            variant = spec.substring(colon + 1);
        }
        List<String> own = familiesOf(topology);
        ConfigLoader.Loaded<ScenarioFamily> loaded;
        if (own.contains(base)) {
            loaded = SHIPPED_BY_TOPOLOGY.containsKey(topology)
                    ? resourceLocated(SCENARIOS_ROOT + topology + "/" + base + ".yaml")
                    : loadLocated(Path.of(topology, TOPOLOGY_SCENARIOS, base + ".yaml"));
        } else if (Files.isRegularFile(Path.of(base))) {
            loaded = loadLocated(Path.of(base));
        } else {
            boolean looksLikeFile = base.endsWith(".yaml") || base.endsWith(".yml") || base.contains("/");
            throw new IllegalArgumentException(source + " '" + base + "': "
                    + (looksLikeFile
                            ? "no such file (" + Path.of(base).toAbsolutePath() + ")"
                            : "topology " + topology + " has no family of that name")
                    + "; expected "
                    + (own.isEmpty()
                            ? "a path to a scenario-family YAML file (topology " + topology + " brings no families: "
                                    + Path.of(topology, TOPOLOGY_SCENARIOS) + "/ does not exist)"
                            : "one of " + own + " (families of " + topology + ") or a path to a scenario-family YAML"
                                    + " file")
                    + ", optionally followed by :<variant>");
        }
        ScenarioFamily family = loaded.value();
        if (variant == null) return new Resolved(family, loaded);
        String wanted = variant;
        List<ScenarioVariant> match =
                family.variants().stream().filter(v -> v.name().equals(wanted)).toList();
        if (match.isEmpty()) {
            throw new IllegalArgumentException(source + " '" + base + "' has no variant '" + variant + "' (in "
                    + loaded.file() + "), expected one of "
                    + family.variants().stream().map(ScenarioVariant::name).toList());
        }
        return new Resolved(new ScenarioFamily(spec, family.warmupHours(), family.horizonHours(), match), loaded);
    }

    /** The checks of a family against its use, each located in the family file. */
    private static void check(ConfigLoader.Loaded<ScenarioFamily> loaded, Use use, String source) {
        ScenarioFamily family = loaded.value();
        if (family.horizonHours() < use.windowHours()) {
            throw loaded.error(
                    "horizonHours",
                    "horizonHours " + family.horizonHours() + " is shorter than the recovery window of "
                            + use.windowHours() + " h: the verdict needs the whole window simulated (expected >= "
                            + use.windowHours() + "; used as " + source + ")");
        }
        List<ScenarioVariant> variants = family.variants();
        for (int i = 0; i < variants.size(); i++) {
            List<DisruptionSpec> specs = variants.get(i).disruptions();
            for (int j = 0; j < specs.size(); j++) {
                DisruptionSpec spec = specs.get(j);
                String at = "variants[" + i + "].disruptions[" + j + "]";
                if (spec.onsetDelay()[1] >= use.windowHours()) {
                    throw loaded.error(
                            at + ".onsetDelay",
                            "the latest onset delay, " + spec.onsetDelay()[1] + " h, is not within the recovery window"
                                    + " of " + use.windowHours() + " h: a disruption that starts after the window"
                                    + " cannot change the verdict, so its episodes would count as recovered (expected a"
                                    + " maximum < " + use.windowHours() + "; used as " + source + ")");
                }
                for (int k = 0; k < spec.targets().size(); k++) {
                    String target = spec.targets().get(k);
                    try {
                        // the simulator's own rule of which target a disruption type can hit
                        new DisruptionEffects(
                                use.network(),
                                List.of(new Disruption(
                                        spec.type(), target, 0, spec.duration()[0], spec.severity()[0])));
                    } catch (IllegalArgumentException e) {
                        throw loaded.error(
                                at + ".targets[" + k + "]",
                                "target '" + target + "' does not fit topology "
                                        + use.network().name() + " ("
                                        + use.topology() + "): " + e.getMessage() + "; expected "
                                        + expectedTargets(use.network(), spec) + " (used as " + source + ")");
                    }
                }
            }
        }
    }

    /** The ids a disruption of this type can hit, for the error message. */
    private static String expectedTargets(SupplyNetwork network, DisruptionSpec spec) {
        List<String> ok = new ArrayList<>();
        for (var f : network.facilities()) {
            try {
                new DisruptionEffects(
                        network,
                        List.of(new Disruption(spec.type(), f.id(), 0, spec.duration()[0], spec.severity()[0])));
                ok.add(f.id());
            } catch (IllegalArgumentException e) {
                // not a target of this type
            }
        }
        String facilities = "a facility that a " + spec.type() + " can hit: " + ok;
        return spec.type() == org.moca.sim.DisruptionType.LOGISTICS_DELAY ? facilities + ", or a lane id" : facilities;
    }

    /** Loads a family from a classpath resource (named in messages by its resource path). */
    public static ScenarioFamily resource(String name) {
        return resourceLocated(name).value();
    }

    /** Loads a family from a YAML file. */
    public static ScenarioFamily load(Path file) {
        return loadLocated(file).value();
    }

    private static ConfigLoader.Loaded<ScenarioFamily> resourceLocated(String name) {
        try (InputStream in = ScenarioFamilies.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                // an unpackaged tree without resources (a notebook, an IDE): the repository's own datasets folder
                for (Path base : new Path[] {Path.of(""), Path.of("..")}) {
                    if (Files.isRegularFile(base.resolve(name))) return loadLocated(base.resolve(name));
                }
                throw new IllegalArgumentException("scenario family " + name + " is not on the classpath");
            }
            return ConfigLoader.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of(name), ScenarioFamily.class);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
    }

    private static ConfigLoader.Loaded<ScenarioFamily> loadLocated(Path file) {
        return ConfigLoader.loadLocated(file, ScenarioFamily.class);
    }
}
