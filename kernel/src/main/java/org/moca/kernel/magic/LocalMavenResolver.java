package org.moca.kernel.magic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Resolves Maven coordinates to jars from the local repository only (no network), for the {@code %maven} magic.
 *
 * <p>Follows a POM's parents (properties, dependency management, inherited dependencies), imported BOMs, and
 * the compile- and runtime-scope dependencies transitively, breadth first, so the nearest declaration of an
 * artifact wins as in Maven; optional, test and provided dependencies and exclusions are honoured. POM profiles
 * are not evaluated: a dependency whose coordinates only a profile defines is skipped with a warning (name the
 * platform artifact explicitly, e.g. {@code org.nd4j:nd4j-native:1.0.0-M2.1:linux-x86_64}). Running time: one
 * POM parse per distinct artifact and parent, each cached.
 */
public final class LocalMavenResolver {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Set<String> FOLLOWED_SCOPES = Set.of("compile", "runtime");

    private final Path repository;
    private final Map<String, Model> models = new HashMap<>();
    private final DocumentBuilder xml;

    /** @param repository the local repository root, e.g. {@code ~/.m2/repository} */
    public LocalMavenResolver(Path repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            this.xml = factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser", e);
        }
    }

    /**
     * The local repository Maven itself uses: {@code -Dmaven.repo.local}, else {@code <localRepository>} of
     * {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.
     */
    public static Path defaultRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>")
                        .matcher(Files.readString(settings));
                if (m.find()) {
                    return Path.of(m.group(1).replace("${user.home}", System.getProperty("user.home")));
                }
            } catch (IOException e) {
                // unreadable settings: fall back to the default location
            }
        }
        return m2.resolve("repository");
    }

    /** An artifact that is not in the local repository, or whose POM cannot be read. */
    public static final class ArtifactNotFoundException extends Exception {
        ArtifactNotFoundException(String message) {
            super(message);
        }
    }

    /** What a resolution found: jars in class-path order, and what it had to skip. */
    public record Resolution(List<Path> jars, List<String> warnings) {}

    /**
     * Resolves {@code coordinates} and its runtime dependencies.
     *
     * @param coordinates {@code group:artifact:version}, {@code group:artifact:version:classifier} (Gradle/IJava
     *                    style) or {@code group:artifact:version:type:classifier}
     */
    public Resolution resolve(String coordinates) throws ArtifactNotFoundException {
        Artifact root = Artifact.parse(coordinates);
        List<Path> jars = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<Pending> queue = new ArrayDeque<>();
        queue.add(new Pending(root, Set.of(), root.toString()));
        while (!queue.isEmpty()) {
            Pending node = queue.poll();
            Artifact a = node.artifact;
            if (!seen.add(a.key())) {
                continue;
            }
            boolean transitive = !node.path.equals(a.toString());
            if (transitive && !Files.isRegularFile(pomPath(a.groupId, a.artifactId, a.version))) {
                String substitute = substituteVersion(a.groupId, a.artifactId, a.version);
                if (substitute != null) {
                    warnings.add(a + " is not in the local repository; using version " + substitute
                            + ", which is (needed by " + node.path + ")");
                    a = new Artifact(a.groupId, a.artifactId, substitute, a.classifier, a.type);
                }
            }
            Model model;
            try {
                model = model(a.groupId, a.artifactId, a.version);
            } catch (ArtifactNotFoundException e) {
                throw transitive ? new ArtifactNotFoundException(e.getMessage() + " [needed by " + node.path + "]") : e;
            }
            boolean hasJar = !"pom".equals(a.type) && !(a.classifier.isEmpty() && "pom".equals(model.packaging));
            if (hasJar) {
                Path jar = artifactDir(a.groupId, a.artifactId, a.version)
                        .resolve(a.artifactId + "-" + a.version + (a.classifier.isEmpty() ? "" : "-" + a.classifier)
                                + ".jar");
                if (!Files.isRegularFile(jar)) {
                    throw new ArtifactNotFoundException(a + " has no jar in the local Maven repository (" + jar
                            + "); fetch it once with: mvn dependency:get -Dartifact=" + a.mavenGetForm());
                }
                jars.add(jar);
            }
            for (Dependency d : model.dependencies) {
                if (d.optional || !FOLLOWED_SCOPES.contains(d.scope) || node.excludes(d)) {
                    continue;
                }
                if (d.groupId == null
                        || d.artifactId == null
                        || d.version == null
                        || (d.groupId + d.artifactId + d.version + d.classifier).contains("${")) {
                    warnings.add("skipped " + d + " (declared by " + a + "; its coordinates depend on a POM profile"
                            + " or an undefined property — add it explicitly if needed)");
                    continue;
                }
                Set<String> excludes = new HashSet<>(node.exclusions);
                excludes.addAll(d.exclusions);
                Artifact next = new Artifact(d.groupId, d.artifactId, d.version, d.classifier, d.type);
                queue.add(new Pending(next, excludes, next + " <- " + node.path));
            }
        }
        return new Resolution(List.copyOf(jars), List.copyOf(warnings));
    }

    private record Pending(Artifact artifact, Set<String> exclusions, String path) {
        boolean excludes(Dependency d) {
            return exclusions.contains(d.groupId + ":" + d.artifactId)
                    || exclusions.contains(d.groupId + ":*")
                    || exclusions.contains("*:*")
                    || exclusions.contains("*:" + d.artifactId);
        }
    }

    private Path pomPath(String groupId, String artifactId, String version) {
        return artifactDir(groupId, artifactId, version).resolve(artifactId + "-" + version + ".pom");
    }

    /**
     * Offline stand-in for a transitive dependency's missing version: the lowest local version above it, else
     * the highest below it (what a build with the notebook's other libraries most likely fetched instead).
     */
    private String substituteVersion(String groupId, String artifactId, String wanted) {
        List<String> present = localVersions(groupId, artifactId).stream()
                .filter(v -> Files.isRegularFile(pomPath(groupId, artifactId, v)))
                .sorted(LocalMavenResolver::compareVersions)
                .toList();
        for (String v : present) {
            if (compareVersions(v, wanted) > 0) {
                return v;
            }
        }
        return present.isEmpty() ? null : present.get(present.size() - 1);
    }

    /** Orders versions by their numeric parts ({@code 5.10.1 < 5.11.4 < 6.1}), then by text. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+")
                    ? Long.compare(Long.parseLong(p), Long.parseLong(q))
                    : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private Path artifactDir(String groupId, String artifactId, String version) {
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
    }

    /** The effective model of one POM: parents merged, properties interpolated, management applied. */
    private Model model(String groupId, String artifactId, String version) throws ArtifactNotFoundException {
        String key = groupId + ":" + artifactId + ":" + version;
        Model cached = models.get(key);
        if (cached != null) {
            return cached;
        }
        Path pom = pomPath(groupId, artifactId, version);
        if (!Files.isRegularFile(pom)) {
            List<String> present = localVersions(groupId, artifactId);
            throw new ArtifactNotFoundException(key + " is not in the local Maven repository " + repository
                    + " (the kernel resolves %maven offline"
                    + (present.isEmpty() ? "" : "; versions present: " + present)
                    + "); fetch it once with: mvn dependency:get -Dartifact=" + key);
        }
        Element project;
        try {
            Document doc = xml.parse(pom.toFile());
            project = doc.getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new ArtifactNotFoundException("cannot read " + pom + ": " + e.getMessage());
        }
        Map<String, String> properties = new HashMap<>();
        Map<String, Dependency> managed = new LinkedHashMap<>();
        List<Dependency> dependencies = new ArrayList<>();
        Element parent = child(project, "parent");
        if (parent != null) {
            Model p = model(text(parent, "groupId"), text(parent, "artifactId"), text(parent, "version"));
            properties.putAll(p.properties);
            managed.putAll(p.managed);
            dependencies.addAll(p.dependencies);
            properties.put("project.parent.groupId", p.groupId);
            properties.put("project.parent.version", p.version);
        }
        properties.put("project.groupId", groupId);
        properties.put("project.artifactId", artifactId);
        properties.put("project.version", version);
        properties.put("pom.version", version);
        properties.put("version", version);
        properties.put("groupId", groupId);
        Element props = child(project, "properties");
        if (props != null) {
            for (Element p : children(props)) {
                properties.put(p.getTagName(), p.getTextContent().trim());
            }
        }
        Element management = child(project, "dependencyManagement");
        List<Dependency> imports = new ArrayList<>();
        if (management != null && child(management, "dependencies") != null) {
            for (Element d : children(child(management, "dependencies"))) {
                Dependency dep = Dependency.of(d, properties);
                if ("import".equals(dep.scope)) {
                    imports.add(dep);
                } else {
                    managed.put(dep.managementKey(), dep);
                }
            }
        }
        for (Dependency bom : imports) {
            if (bom.version != null && !bom.version.contains("${")) {
                model(bom.groupId, bom.artifactId, bom.version).managed.forEach(managed::putIfAbsent);
            }
        }
        Element deps = child(project, "dependencies");
        if (deps != null) {
            for (Element d : children(deps)) {
                dependencies.add(Dependency.of(d, properties));
            }
        }
        List<Dependency> effective = new ArrayList<>();
        for (Dependency d : dependencies) {
            effective.add(d.managedBy(managed.get(d.managementKey())));
        }
        String packaging = Objects.requireNonNullElse(text(project, "packaging"), "jar");
        Model model = new Model(groupId, version, packaging, properties, managed, effective);
        models.put(key, model);
        return model;
    }

    private record Model(
            String groupId,
            String version,
            String packaging,
            Map<String, String> properties,
            Map<String, Dependency> managed,
            List<Dependency> dependencies) {}

    private record Dependency(
            String groupId,
            String artifactId,
            String version,
            String classifier,
            String type,
            String scope,
            boolean optional,
            Set<String> exclusions) {
        static Dependency of(Element e, Map<String, String> properties) {
            Set<String> exclusions = new HashSet<>();
            Element ex = child(e, "exclusions");
            if (ex != null) {
                for (Element x : children(ex)) {
                    exclusions.add(interpolate(text(x, "groupId"), properties) + ":"
                            + interpolate(text(x, "artifactId"), properties));
                }
            }
            return new Dependency(
                    interpolate(text(e, "groupId"), properties),
                    interpolate(text(e, "artifactId"), properties),
                    interpolate(text(e, "version"), properties),
                    Objects.requireNonNullElse(interpolate(text(e, "classifier"), properties), ""),
                    Objects.requireNonNullElse(interpolate(text(e, "type"), properties), "jar"),
                    interpolate(text(e, "scope"), properties),
                    "true".equals(interpolate(text(e, "optional"), properties)),
                    exclusions);
        }

        String managementKey() {
            return groupId + ":" + artifactId + ":" + type + ":" + classifier;
        }

        Dependency managedBy(Dependency m) {
            String v = version != null ? version : m == null ? null : m.version;
            String s = scope != null ? scope : m == null || m.scope == null ? "compile" : m.scope;
            Set<String> ex = new HashSet<>(exclusions);
            if (m != null) {
                ex.addAll(m.exclusions);
            }
            return new Dependency(groupId, artifactId, v, classifier, type, s, optional, ex);
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + version + (classifier.isEmpty() ? "" : ":" + classifier);
        }
    }

    /** Coordinates of one artifact to resolve. */
    record Artifact(String groupId, String artifactId, String version, String classifier, String type) {
        static Artifact parse(String coordinates) {
            String[] p = coordinates.trim().split(":");
            for (String part : p) {
                if (part.isBlank()) {
                    throw new IllegalArgumentException("coordinates: expected group:artifact:version[:classifier],"
                            + " got '" + coordinates + "'");
                }
            }
            return switch (p.length) {
                case 3 -> new Artifact(p[0], p[1], p[2], "", "jar");
                case 4 -> new Artifact(p[0], p[1], p[2], p[3], "jar");
                case 5 -> new Artifact(p[0], p[1], p[2], p[4], p[3]);
                default ->
                    throw new IllegalArgumentException("coordinates: expected group:artifact:version"
                            + "[:classifier] or group:artifact:version:type:classifier, got '" + coordinates + "'");
            };
        }

        String key() {
            return groupId + ":" + artifactId + ":" + classifier + ":" + type;
        }

        String mavenGetForm() {
            return groupId + ":" + artifactId + ":" + version
                    + (classifier.isEmpty() ? "" : ":" + type + ":" + classifier);
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + version + (classifier.isEmpty() ? "" : ":" + classifier);
        }
    }

    private static String interpolate(String value, Map<String, String> properties) {
        if (value == null) {
            return null;
        }
        String current = value;
        for (int round = 0; round < 10 && current.contains("${"); round++) {
            Matcher m = PROPERTY.matcher(current);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = properties.get(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
            }
            m.appendTail(out);
            if (out.toString().equals(current)) {
                break;
            }
            current = out.toString();
        }
        return current;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    /** The versions of {@code group:artifact} present locally (for error messages). */
    private List<String> localVersions(String groupId, String artifactId) {
        Path dir = repository.resolve(groupId.replace('.', '/')).resolve(artifactId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
