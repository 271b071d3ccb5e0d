package org.moca.infra;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads a YAML file into a configuration record, strictly: an unknown key, a missing key, a value of the wrong type, a
 * float where an integer is expected, a duplicated key, or a value the record's constructor rejects each fail with a
 * {@link ConfigException} naming the file, the line, the key path and the expected form.
 *
 * <pre>
 *   ReplayConfig c = ConfigLoader.load(Path.of("experiments/replay.yaml"), ReplayConfig.class);
 *   ReplayConfig d = ConfigLoader.load(path, ReplayConfig.class, ReplayConfig.defaults()); // absent keys: defaults
 * </pre>
 *
 * <p>How: the file is parsed into a tree (with the location of every key noted on the way), optionally laid over the
 * defaults, then bound to the record by Jackson, whose error path is mapped back to a line of the file. By the
 * project's convention a record's constructor message begins with the name of the bad field ("alpha must be ..."), so
 * a validation error points at that field's line.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']+)'");
    private static final Pattern NULL = Pattern.compile("Null value for creator property '([^']+)'");

    private ConfigLoader() {}

    /**
     * The value a record component takes when its key is absent from the file, written in YAML ({@code "[0, 0]"}):
     * the one way a key becomes optional where no whole-record defaults apply (inside lists). The value is put into
     * the parsed tree before binding, so the record's constructor validates it like any other.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Default {
        /** The default, as YAML. */
        String value();
    }

    /**
     * A loaded value with the location of every key of its file, so that a check made after loading (against a
     * network, against a recovery window) can still name the file, the line and the key.
     *
     * @param <T> the configuration record
     */
    public static final class Loaded<T> {
        private final T value;
        private final Path file;
        private final Map<String, JsonLocation> locations;

        private Loaded(T value, Path file, Map<String, JsonLocation> locations) {
            this.value = value;
            this.file = file;
            this.locations = Map.copyOf(locations);
        }

        /** The bound record. */
        public T value() {
            return value;
        }

        /** The file it was read from (as named in messages). */
        public Path file() {
            return file;
        }

        /**
         * A {@link ConfigException} at {@code keyPath} ("variants[1].disruptions[0].targets[2]"): its line, or that of
         * the nearest enclosing key the file has.
         */
        public ConfigException error(String keyPath, String problem) {
            JsonLocation at = locate(keyPath, locations);
            return new ConfigException(
                    file, keyPath, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), problem, null);
        }
    }

    /** Loads {@code file} into a {@code type}; every key must be present. */
    public static <T> T load(Path file, Class<T> type) {
        return bind(file, read(file), type, null).value();
    }

    /** Loads {@code file} into a {@code type}; keys absent from the file take their value from {@code defaults}. */
    public static <T> T load(Path file, Class<T> type, T defaults) {
        return bind(file, read(file), type, Objects.requireNonNull(defaults, "defaults"))
                .value();
    }

    /** {@link #load(Path, Class)}, keeping the location of every key for later checks ({@link Loaded#error}). */
    public static <T> Loaded<T> loadLocated(Path file, Class<T> type) {
        return bind(file, read(file), type, null);
    }

    /**
     * Binds YAML {@code text} that was read from elsewhere (a classpath resource) to a {@code type}; {@code file}
     * names it in messages. Every key must be present.
     */
    public static <T> Loaded<T> parse(String text, Path file, Class<T> type) {
        return bind(file, Objects.requireNonNull(text, "text"), type, null);
    }

    private static String read(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file, "", 0, 0, "cannot read the file: " + e, e);
        }
    }

    private static <T> Loaded<T> bind(Path file, String text, Class<T> type, T defaults) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(type, "type");
        Map<String, JsonLocation> locations = new HashMap<>();
        JsonNode tree;
        try {
            locations = keyLocations(text);
            tree = YAML.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(
                    file,
                    "",
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "not valid YAML: " + parserMessage(e.getOriginalMessage()),
                    e);
        } catch (IOException e) {
            throw new ConfigException(file, "", 0, 0, "cannot parse the file: " + e, e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(file, "", 0, 0, "the file is empty; expected " + expectedForm(type), null);
        }
        if (defaults != null) tree = overlay(YAML.valueToTree(defaults), tree);
        try {
            prepare(tree, type, "", file, locations);
            return new Loaded<>(YAML.treeToValue(tree, type), file, locations);
        } catch (JsonMappingException e) {
            throw describe(file, e, locations, tree);
        } catch (JacksonException e) {
            throw new ConfigException(file, "", 0, 0, e.getOriginalMessage(), e);
        }
    }

    /**
     * Walks the tree along the type (records, lists, arrays) before binding: a key that is no component of its record
     * is reported as itself (Jackson binds a record only after reading all of its keys and would first report a
     * missing one - "severty: ..." then read as "severity: missing key"), and the {@link Default} of every absent
     * component is put in. Linear in the size of the tree.
     */
    private static void prepare(JsonNode node, Type type, String path, Path file, Map<String, JsonLocation> locations)
            throws JacksonException {
        if (node == null) return;
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord() && node instanceof ObjectNode object) {
            RecordComponent[] components = raw.getRecordComponents();
            for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (Arrays.stream(components).noneMatch(c -> c.getName().equals(key))) {
                    String at = join(path, key);
                    JsonLocation where = locate(at, locations);
                    throw new ConfigException(
                            file,
                            at,
                            where == null ? 0 : where.getLineNr(),
                            where == null ? 0 : where.getColumnNr(),
                            "unknown key '" + key + "'; expected one of "
                                    + Arrays.stream(components)
                                            .map(RecordComponent::getName)
                                            .sorted()
                                            .collect(Collectors.joining(", ", "[", "]")),
                            null);
                }
            }
            for (RecordComponent c : components) {
                JsonNode child = object.get(c.getName());
                Default d = c.getAnnotation(Default.class);
                if (child == null && d != null) object.set(c.getName(), YAML.readTree(d.value()));
                else prepare(child, c.getGenericType(), join(path, c.getName()), file, locations);
            }
        } else if (node.isArray()) {
            Type element = raw.isArray()
                    ? raw.getComponentType()
                    : type instanceof ParameterizedType p && Collection.class.isAssignableFrom(raw)
                            ? p.getActualTypeArguments()[0]
                            : null;
            if (element instanceof Class<?> || element instanceof ParameterizedType) {
                for (int i = 0; i < node.size(); i++)
                    prepare(node.get(i), element, path + "[" + i + "]", file, locations);
            }
        }
    }

    /** Turns a binding error into a located, readable one. */
    private static ConfigException describe(
            Path file, JsonMappingException e, Map<String, JsonLocation> locations, JsonNode tree) {
        String path = path(e.getPath());
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            path = join(path, u.getPropertyName());
            problem = "unknown key '" + u.getPropertyName() + "'; expected one of " + sorted(u.getKnownPropertyIds());
        } else if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() == null ? v : v.getCause();
            String message = String.valueOf(cause.getMessage());
            // the message begins with the bad field, or with a key path inside it ("variants[0].weight must ...")
            String field = message.split(" ", 2)[0].replaceAll("[:,]$", "");
            String component = field.split("[.\\[]", 2)[0];
            if (isComponent(v.getType().getRawClass(), component)) path = join(path, field);
            problem = cause instanceof NullPointerException
                            && isComponent(v.getType().getRawClass(), message)
                    ? "missing key; expected "
                            + expectedForm(componentType(v.getType().getRawClass(), message))
                    : message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
        } else if (e instanceof InvalidFormatException f) {
            problem = "expected " + expectedForm(f.getTargetType()) + ", got '" + f.getValue() + "'";
        } else if (e instanceof MismatchedInputException m) {
            Matcher missing = MISSING.matcher(m.getOriginalMessage());
            Matcher isNull = NULL.matcher(m.getOriginalMessage());
            if (missing.find()) {
                path = join(path, missing.group(1));
                problem = "missing key; expected " + expectedForm(componentType(m.getTargetType(), missing.group(1)));
            } else if (isNull.find()) {
                path = join(path, isNull.group(1));
                problem = "no value; expected " + expectedForm(componentType(m.getTargetType(), isNull.group(1)));
            } else {
                // the value as written, not Jackson's words ("Cannot deserialize value of type `int[]` from ...")
                JsonNode value = tree.at(pointer(path));
                problem = "expected " + expectedForm(m.getTargetType())
                        + (value.isMissingNode() ? "" : ", got " + written(value));
            }
        } else {
            problem = e.getOriginalMessage();
        }
        JsonLocation at = locate(path, locations);
        return new ConfigException(
                file, path, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), problem, e);
    }

    /** Location of every key, array element and value, by dotted path, first occurrence. */
    private static Map<String, JsonLocation> keyLocations(String text) throws IOException {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) continue;
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                locations.putIfAbsent(pointerToPath(pointer), parser.currentTokenLocation());
            }
        }
        return locations;
    }

    /** The longest prefix of {@code path} whose location is known. */
    private static JsonLocation locate(String path, Map<String, JsonLocation> locations) {
        for (String p = path; ; ) {
            JsonLocation at = locations.get(p);
            if (at != null || p.isEmpty()) return at;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /**
     * The YAML parser's message on one line: its context and problem, without the quoted excerpt and the caret
     * ("while parsing a flow sequence; expected ',' or ']', but got :").
     */
    private static String parserMessage(String message) {
        if (message == null) return "";
        return message.lines()
                .filter(l -> !l.startsWith("   ")) // the excerpt of the file and the caret under it
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("in '") && !l.matches("\\^+"))
                .collect(Collectors.joining("; "));
    }

    /** "stages[2].name" to "/stages/2/name". */
    private static String pointer(String path) {
        if (path.isEmpty()) return "";
        return "/"
                + path.replace("[", ".")
                        .replace("]", "")
                        .replace("~", "~0")
                        .replace("/", "~1")
                        .replace('.', '/');
    }

    /** A value as it reads in the file: a scalar as its text, a list or mapping as flow-style YAML. */
    private static String written(JsonNode value) {
        if (value.isTextual()) return "'" + value.asText() + "'";
        if (value.isValueNode()) return value.asText();
        return value.toString().replace("\"", "");
    }

    /** "/stages/2/name" to "stages[2].name". */
    private static String pointerToPath(String pointer) {
        StringBuilder s = new StringBuilder();
        for (String part : pointer.split("/", -1)) {
            if (part.isEmpty()) continue;
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.matches("\\d+")) s.append('[').append(name).append(']');
            else s.append(s.length() == 0 ? "" : ".").append(name);
        }
        return s.toString();
    }

    private static String path(java.util.List<JsonMappingException.Reference> references) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) s.append('[').append(r.getIndex()).append(']');
        }
        return s.toString();
    }

    private static String join(String path, String key) {
        if (path.endsWith("." + key) || path.equals(key)) return path;
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Defaults, recursively overridden by the file: mappings merge key by key, anything else is replaced. */
    private static JsonNode overlay(JsonNode defaults, JsonNode file) {
        if (!(defaults instanceof ObjectNode base) || !file.isObject()) return file;
        ObjectNode merged = base.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = file.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode old = merged.get(entry.getKey());
            merged.set(entry.getKey(), old == null ? entry.getValue() : overlay(old, entry.getValue()));
        }
        return merged;
    }

    private static boolean isComponent(Class<?> type, String name) {
        return type != null
                && type.isRecord()
                && Arrays.stream(type.getRecordComponents())
                        .anyMatch(c -> c.getName().equals(name));
    }

    /** The type of record component {@code name}, or {@code type} itself when it is not a record (Jackson's target). */
    private static Class<?> componentType(Class<?> type, String name) {
        if (type == null || !type.isRecord()) return type;
        return Arrays.stream(type.getRecordComponents())
                .filter(c -> c.getName().equals(name))
                .map(RecordComponent::getType)
                .findFirst()
                .orElse(null);
    }

    /** How a value of {@code type} is written in YAML, for error messages. */
    static String expectedForm(Class<?> type) {
        if (type == null) return "a value";
        if (type == double.class || type == float.class || type == Double.class || type == Float.class)
            return "a number";
        if (type == int.class
                || type == long.class
                || type == short.class
                || type == byte.class
                || type == Integer.class
                || type == Long.class
                || type == Short.class
                || type == Byte.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type.isEnum()) return "one of " + Arrays.toString(type.getEnumConstants());
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type)) return "a mapping";
        if (type.isRecord()) {
            return "a mapping with keys "
                    + Arrays.stream(type.getRecordComponents())
                            .map(RecordComponent::getName)
                            .collect(Collectors.joining(", ", "[", "]"));
        }
        return "a " + type.getSimpleName();
    }

    private static String sorted(Collection<Object> keys) {
        return keys == null
                ? "[]"
                : keys.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
