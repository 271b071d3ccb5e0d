package org.moca.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads scenario families from YAML (see {@code datasets/scenarios/}), and names the reference network's two families.
 *
 * <p>An unknown key, a missing field, a value of the wrong type or out of range fails with the file, the line and the
 * key path, e.g. {@code black-swan.yaml line 9, variants[0].disruptions[0].severity: ...}. Nothing is repaired.
 */
public final class ScenarioFamilies {

    /** Classpath folder of the reference network's families. */
    public static final String REFERENCE_DIR = "datasets/scenarios/circular-electronics-nd/";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

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
    public static final java.util.List<String> SHIPPED =
            java.util.List.of("training", "validation", "black-swan", "backup-late", "stable");

    /**
     * The one resolver of scenario-family names (command line, experiment configs, the continual stream, notebooks):
     * {@code <family>} or {@code <family>:<variant>}, where {@code <family>} is a shipped family of the reference
     * network ({@link #SHIPPED}) or a path to a scenario-family YAML file; {@code :<variant>} restricts the family to
     * that one variant and names the result by the whole spec.
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
        java.util.Objects.requireNonNull(spec, "spec");
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
        ScenarioFamily family;
        if (SHIPPED.contains(base)) {
            family = resource(REFERENCE_DIR + base + ".yaml");
        } else if (Files.isRegularFile(Path.of(base))) {
            family = load(Path.of(base));
        } else {
            throw new IllegalArgumentException(source + " '" + base + "': expected one of " + SHIPPED
                    + " (shipped with the reference network) or a path to a scenario-family YAML file"
                    + (Files.exists(Path.of(base)) ? "" : " (" + Path.of(base).toAbsolutePath() + " does not exist)")
                    + ", optionally followed by :<variant>");
        }
        if (variant == null) return family;
        String wanted = variant;
        java.util.List<ScenarioVariant> match =
                family.variants().stream().filter(v -> v.name().equals(wanted)).toList();
        if (match.isEmpty()) {
            throw new IllegalArgumentException(source + " '" + base + "' has no variant '" + variant
                    + "', expected one of "
                    + family.variants().stream().map(ScenarioVariant::name).toList());
        }
        return new ScenarioFamily(spec, family.warmupHours(), family.horizonHours(), match);
    }

    /** Loads a family from a classpath resource. */
    public static ScenarioFamily resource(String name) {
        try (InputStream in = ScenarioFamilies.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("scenario family " + name + " is not on the classpath");
            return parse(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
    }

    /** Loads a family from a YAML file. */
    public static ScenarioFamily load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static ScenarioFamily parse(InputStream in, String source) throws IOException {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            return YAML.readValue(text, ScenarioFamily.class);
        } catch (JsonMappingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : -1;
            if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
                // Records are built after all their keys are read, so Jackson reports the end of the mapping; point at
                // the key itself instead.
                line = lineOfKey(text, u.getPropertyName(), line);
            }
            String where = line > 0 ? " line " + line : "";
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String detail = cause instanceof IllegalArgumentException
                    ? cause.getMessage()
                    : cause instanceof NullPointerException
                            ? "missing required key " + cause.getMessage()
                            : e.getOriginalMessage();
            throw new IllegalArgumentException(source + where + ", " + path(e) + ": " + detail, e);
        }
    }

    private static int lineOfKey(String text, String key, int fallback) {
        java.util.regex.Pattern p =
                java.util.regex.Pattern.compile("(^|[\\s{,-])" + java.util.regex.Pattern.quote(key) + "\\s*:");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (p.matcher(lines[i]).find()) return i + 1;
        return fallback;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.length() == 0 ? "(document)" : sb.toString();
    }
}
