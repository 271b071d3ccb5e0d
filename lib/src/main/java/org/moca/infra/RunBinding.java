package org.moca.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Binds a run directory to the configuration its results were made with, so that a resumed run never mixes trials of
 * two configurations under one table: the first run writes the canonical configuration ({@value #FILE_NAME}: the
 * config as JSON, keys sorted); a later run with the same run directory compares its own configuration with it and
 * refuses a difference, naming the keys that differ, unless it is told to go on anyway — then the earlier
 * configuration is kept for the provenance ({@link Provenance#previousConfig}) and the new one bound.
 *
 * <p>A directory that holds results but no {@value #FILE_NAME} (written before runs were bound) counts as bound to an
 * unknown configuration: it too is refused unless told to go on.
 */
public final class RunBinding {

    /** The file in the run directory that holds the canonical configuration. */
    public static final String FILE_NAME = "run-config.json";

    /** The earlier configuration of a directory with results but no {@value #FILE_NAME}. */
    public static final String UNKNOWN = "unknown: the run directory held results but no " + FILE_NAME;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Thrown when a run directory is bound to another configuration; the message names the differing keys. */
    public static final class ConfigMismatchException extends IllegalArgumentException {
        private final List<String> changedKeys;

        ConfigMismatchException(String message, List<String> changedKeys) {
            super(message);
            this.changedKeys = List.copyOf(changedKeys);
        }

        /** The top-level keys whose values differ (all keys when the earlier configuration is unknown). */
        public List<String> changedKeys() {
            return changedKeys;
        }
    }

    /**
     * The outcome of a binding.
     *
     * @param previous null when the directory was new or bound to the same configuration; else the configuration its
     *                 earlier results were made with (the text {@value #UNKNOWN} when unknown)
     */
    public record Bound(JsonNode previous) {}

    private RunBinding() {}

    /**
     * Binds {@code runDirectory} to {@code config} (a record, converted to JSON).
     *
     * @param hasResults    whether the directory already holds results (trial files)
     * @param resumeAnyway  go on under a changed configuration (the earlier one is returned for the provenance)
     * @throws ConfigMismatchException if the directory is bound to another configuration and not {@code resumeAnyway}
     */
    public static Bound bind(Path runDirectory, Object config, boolean hasResults, boolean resumeAnyway)
            throws IOException {
        Objects.requireNonNull(runDirectory, "runDirectory");
        JsonNode current = canonical(config);
        Path file = runDirectory.resolve(FILE_NAME);
        JsonNode previous = null;
        if (Files.isRegularFile(file)) {
            previous = JSON.readTree(file.toFile());
        } else if (hasResults) {
            previous = com.fasterxml.jackson.databind.node.TextNode.valueOf(UNKNOWN);
        }
        if (previous != null && !previous.equals(current)) {
            List<String> changed = changedKeys(previous, current);
            if (!resumeAnyway) {
                String what = previous.isTextual()
                        ? "holds results of an unknown configuration (no " + FILE_NAME + ")"
                        : "was made with another configuration: " + String.join(", ", changed) + " differ";
                throw new ConfigMismatchException(
                        "run directory " + runDirectory + " " + what
                                + "; resuming would mix its trials with this configuration's. Start a new run"
                                + " (--new-run, or another --run id), or go on anyway with --resume-anyway"
                                + " (the provenance then records the earlier configuration)",
                        changed);
            }
        } else {
            previous = null;
        }
        AtomicFiles.write(file, out -> JSON.writeValue(out, current));
        return new Bound(previous);
    }

    /** The configuration as the canonical JSON tree (through text, so that numbers compare as read back). */
    public static JsonNode canonical(Object config) throws IOException {
        return JSON.readTree(JSON.writeValueAsBytes(config));
    }

    private static List<String> changedKeys(JsonNode previous, JsonNode current) {
        TreeSet<String> keys = new TreeSet<>();
        if (!previous.isObject()) {
            current.fieldNames().forEachRemaining(keys::add);
            return List.copyOf(keys);
        }
        for (Iterator<String> it = previous.fieldNames(); it.hasNext(); ) keys.add(it.next());
        current.fieldNames().forEachRemaining(keys::add);
        return keys.stream()
                .filter(k -> !Objects.equals(previous.get(k), current.get(k)))
                .toList();
    }
}
