package org.moca.kernel.magic;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.maven.model.Model;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.DefaultModelProcessor;
import org.apache.maven.model.building.FileModelSource;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelSource;
import org.apache.maven.model.io.DefaultModelReader;
import org.apache.maven.model.locator.DefaultModelLocator;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.resolution.UnresolvableModelException;
import org.apache.maven.model.superpom.DefaultSuperPomProvider;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/**
 * Resolves Maven coordinates and POMs to jars for {@code %maven}, {@code %addMavenDependency},
 * {@code %mavenRepo} and {@code %%loadFromPOM}, with Maven's own resolver (Maven Resolver 1.9, the engine inside
 * Maven 3.9) and model builder — so a notebook gets exactly the class path {@code mvn dependency:tree} shows:
 * nearest-wins mediation, exclusions, optional and scoped dependencies, dependency management and BOM imports,
 * POM profiles (activated by OS, JDK and properties, as ND4J's natives are), version ranges and relocations.
 *
 * <p>Honours the user's Maven setup: {@code ~/.m2/settings.xml} (and the global one under {@code $MAVEN_HOME}
 * or {@code maven.home}) for the local repository, offline mode, mirrors, proxies, server credentials and the
 * repositories and properties of active profiles; {@code -Dmaven.repo.local} overrides the local repository.
 * Offline ({@code <offline>true</offline>}, or {@link Options#offline()}) nothing is downloaded and everything
 * must already be in the local repository. Remote repositories: Maven Central (as Maven's super POM names it),
 * those of active settings profiles, and those added with {@code %mavenRepo}.
 *
 * <p>Running time: one POM read per artifact of the dependency graph (cached in the session); downloads only for
 * what the local repository lacks.
 */
public final class MavenResolver {
    /** Scopes {@code %%loadFromPOM} keeps unless told otherwise (IJava's choice). */
    public static final List<String> DEFAULT_POM_SCOPES = List.of("compile", "runtime", "system", "import");

    /**
     * Where and how to resolve.
     *
     * @param localRepository the local repository; {@code null}: from {@code maven.repo.local}, the settings, or
     *                        {@code ~/.m2/repository}
     * @param offline         never download (also on when the settings say {@code <offline>true</offline>})
     * @param userSettings    the user's {@code settings.xml} ({@code ~/.m2/settings.xml}); may not exist
     * @param globalSettings  the installation's {@code settings.xml}; {@code null} or absent: none
     */
    public record Options(Path localRepository, boolean offline, Path userSettings, Path globalSettings) {
        /** The user's usual Maven setup, with offline mode from {@code MOCA_KERNEL_MAVEN_OFFLINE} or the property. */
        public static Options defaults() {
            String repo = System.getProperty("maven.repo.local");
            String offline = System.getProperty(
                    "moca.kernel.maven.offline", System.getenv().getOrDefault("MOCA_KERNEL_MAVEN_OFFLINE", "false"));
            String mavenHome = System.getProperty("maven.home", System.getenv("MAVEN_HOME"));
            if (mavenHome == null && Files.isDirectory(Path.of("/usr/share/maven/conf"))) {
                mavenHome = "/usr/share/maven"; // Debian's and Ubuntu's Maven package
            }
            return new Options(
                    repo == null || repo.isBlank() ? null : Path.of(repo),
                    Boolean.parseBoolean(offline.trim()),
                    Path.of(System.getProperty("user.home"), ".m2", "settings.xml"),
                    mavenHome == null ? null : Path.of(mavenHome, "conf", "settings.xml"));
        }

        /** The same with {@code repository} as the local repository. */
        public Options withLocalRepository(Path repository) {
            return new Options(repository, offline, userSettings, globalSettings);
        }

        /** The same, offline or not. */
        public Options withOffline(boolean value) {
            return new Options(localRepository, value, userSettings, globalSettings);
        }

        /** The same with other settings files ({@code null}: none). */
        public Options withSettings(Path user, Path global) {
            return new Options(localRepository, offline, user, global);
        }
    }

    /** An artifact, a POM or a dependency could not be resolved; the message says which and where it looked. */
    public static final class ResolutionException extends Exception {
        private static final long serialVersionUID = 1L;

        ResolutionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RepositorySystem system;
    private final DefaultRepositorySystemSession session;
    private final Path localRepository;
    private final List<RemoteRepository> repositories = new ArrayList<>();
    private volatile Consumer<String> log = line -> {};

    /** A resolver for {@code options} (reads the settings files once, here). */
    public MavenResolver(Options options) {
        Settings settings = readSettings(options);
        this.system = new RepositorySystemSupplier().get();
        this.session = MavenRepositorySystemUtils.newSession();
        Properties systemProperties = new Properties();
        systemProperties.putAll(System.getProperties()); // os.name, os.arch, java.version: profile activation
        System.getenv().forEach((k, v) -> systemProperties.setProperty("env." + k, v));
        session.setSystemProperties(systemProperties);
        Properties userProperties = new Properties();
        List<String> active = new ArrayList<>(settings.getActiveProfiles());
        List<RemoteRepository> fromSettings = new ArrayList<>();
        for (Profile p : settings.getProfiles()) {
            boolean byDefault = p.getActivation() != null && p.getActivation().isActiveByDefault();
            if (active.contains(p.getId()) || byDefault) {
                userProperties.putAll(p.getProperties());
                for (org.apache.maven.settings.Repository r : p.getRepositories()) {
                    fromSettings.add(new RemoteRepository.Builder(r.getId(), "default", r.getUrl()).build());
                }
            }
        }
        session.setUserProperties(userProperties);
        session.setConfigProperties(userProperties);
        session.setOffline(options.offline() || settings.isOffline());
        Path local = options.localRepository();
        if (local == null
                && settings.getLocalRepository() != null
                && !settings.getLocalRepository().isBlank()) {
            local = Path.of(settings.getLocalRepository());
        }
        if (local == null) {
            local = Path.of(System.getProperty("user.home"), ".m2", "repository");
        }
        this.localRepository = local.toAbsolutePath().normalize();
        session.setLocalRepositoryManager(
                system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            mirrors.add(
                    m.getId(),
                    m.getUrl(),
                    m.getLayout(),
                    false,
                    m.isBlocked(),
                    m.getMirrorOf(),
                    m.getMirrorOfLayouts());
        }
        session.setMirrorSelector(mirrors);
        DefaultProxySelector proxies = new DefaultProxySelector();
        for (org.apache.maven.settings.Proxy p : settings.getProxies()) {
            if (p.isActive()) {
                AuthenticationBuilder auth = new AuthenticationBuilder();
                if (p.getUsername() != null) {
                    auth.addUsername(p.getUsername()).addPassword(p.getPassword());
                }
                proxies.add(new Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth.build()), p.getNonProxyHosts());
            }
        }
        session.setProxySelector(proxies);
        DefaultAuthenticationSelector servers = new DefaultAuthenticationSelector();
        for (Server s : settings.getServers()) {
            AuthenticationBuilder auth = new AuthenticationBuilder();
            if (s.getUsername() != null) {
                auth.addUsername(s.getUsername()).addPassword(s.getPassword());
            }
            if (s.getPrivateKey() != null) {
                auth.addPrivateKey(s.getPrivateKey(), s.getPassphrase());
            }
            servers.add(s.getId(), auth.build());
        }
        session.setAuthenticationSelector(servers);
        session.setTransferListener(new AbstractTransferListener() {
            @Override
            public void transferSucceeded(TransferEvent event) {
                if (event.getRequestType() == TransferEvent.RequestType.GET) {
                    log.accept("downloaded " + event.getResource().getRepositoryUrl()
                            + event.getResource().getResourceName());
                }
            }
        });
        for (Repository r : new DefaultSuperPomProvider()
                .setModelProcessor(new DefaultModelProcessor()
                        .setModelReader(new DefaultModelReader())
                        .setModelLocator(new DefaultModelLocator()))
                .getSuperModel("4.0.0")
                .getRepositories()) {
            repositories.add(new RemoteRepository.Builder(r.getId(), "default", r.getUrl()).build());
        }
        repositories.addAll(fromSettings);
    }

    private static Settings readSettings(Options options) {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        if (options.userSettings() != null && Files.isRegularFile(options.userSettings())) {
            request.setUserSettingsFile(options.userSettings().toFile());
        }
        if (options.globalSettings() != null && Files.isRegularFile(options.globalSettings())) {
            request.setGlobalSettingsFile(options.globalSettings().toFile());
        }
        request.setSystemProperties(System.getProperties());
        try {
            return new DefaultSettingsBuilderFactory()
                    .newInstance()
                    .build(request)
                    .getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            throw new IllegalArgumentException(
                    "cannot read the Maven settings (" + options.userSettings() + ", " + options.globalSettings()
                            + "): " + e.getMessage(),
                    e);
        }
    }

    /** Where transfer messages ("downloaded ...") go; the kernel points this at the cell's stderr. */
    public void onTransfer(Consumer<String> sink) {
        this.log = sink == null ? line -> {} : sink;
    }

    /** The local repository in use. */
    public Path localRepository() {
        return localRepository;
    }

    /** Whether nothing is downloaded. */
    public boolean offline() {
        return session.isOffline();
    }

    /** The remote repositories searched, in order (mirrors apply when a request is made). */
    public List<RemoteRepository> repositories() {
        return List.copyOf(repositories);
    }

    /** Adds a remote repository ({@code %mavenRepo id url}); a repository with the same id is replaced. */
    public void addRepository(String id, String url) {
        if (id == null || id.isBlank() || url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "a repository needs an id and a URL, e.g. %mavenRepo my-repo https://...");
        }
        repositories.removeIf(r -> r.getId().equals(id));
        repositories.add(new RemoteRepository.Builder(id, "default", url).build());
    }

    /**
     * The jars of {@code coordinates} and their runtime dependencies, in class-path order.
     *
     * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version} each (Maven's and IJava's
     *                    form; the version may be a range such as {@code [1.0,2.0)})
     */
    public List<Path> resolve(List<String> coordinates) throws ResolutionException {
        List<Dependency> dependencies = new ArrayList<>();
        for (String c : coordinates) {
            dependencies.add(new Dependency(artifact(c), "runtime"));
        }
        return resolveDependencies(
                dependencies,
                List.of(),
                repositories,
                DependencyFilterUtils.classpathFilter("runtime"),
                String.join(" ", coordinates));
    }

    private static Artifact artifact(String coordinates) {
        try {
            return new DefaultArtifact(coordinates.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + coordinates + "' is not a Maven coordinate: expected"
                            + " groupId:artifactId[:extension[:classifier]]:version, e.g. org.knowm.xchart:xchart:3.8.8",
                    e);
        }
    }

    /**
     * The jars of the dependencies a POM declares (after its parents, profiles, properties and dependency
     * management), resolved from its own repositories and Maven Central, keeping {@code scopes}.
     *
     * @param pom    a POM file
     * @param scopes the scopes to keep, e.g. {@link #DEFAULT_POM_SCOPES}
     */
    public List<Path> resolvePom(Path pom, List<String> scopes) throws ResolutionException {
        Model model = effectiveModel(pom);
        List<RemoteRepository> repos = new ArrayList<>();
        for (Repository r : model.getRepositories()) {
            repos.add(new RemoteRepository.Builder(r.getId(), "default", r.getUrl()).build());
        }
        for (RemoteRepository r : repositories) {
            if (repos.stream().noneMatch(x -> x.getId().equals(r.getId()))) {
                repos.add(r);
            }
        }
        Set<String> keep = new LinkedHashSet<>();
        scopes.forEach(s -> keep.add(s.toLowerCase(Locale.ROOT)));
        List<Dependency> dependencies = new ArrayList<>();
        for (org.apache.maven.model.Dependency d : model.getDependencies()) {
            String scope = d.getScope() == null ? "compile" : d.getScope();
            if (keep.contains(scope)) {
                dependencies.add(dependency(d));
            }
        }
        List<Dependency> managed = new ArrayList<>();
        if (model.getDependencyManagement() != null) {
            for (org.apache.maven.model.Dependency d :
                    model.getDependencyManagement().getDependencies()) {
                managed.add(dependency(d));
            }
        }
        if (dependencies.isEmpty()) {
            return List.of();
        }
        List<String> classpathScopes =
                keep.stream().filter(s -> !"import".equals(s)).toList();
        return resolveDependencies(
                dependencies, managed, repos, DependencyFilterUtils.classpathFilter(classpathScopes), pom.toString());
    }

    private static Dependency dependency(org.apache.maven.model.Dependency d) {
        List<Exclusion> exclusions = new ArrayList<>();
        for (org.apache.maven.model.Exclusion e : d.getExclusions()) {
            exclusions.add(new Exclusion(e.getGroupId(), e.getArtifactId(), "*", "*"));
        }
        Artifact a = new DefaultArtifact(
                d.getGroupId(),
                d.getArtifactId(),
                d.getClassifier(),
                d.getType() == null ? "jar" : d.getType(),
                d.getVersion());
        if (d.getSystemPath() != null) {
            a = a.setFile(new File(d.getSystemPath()));
        }
        return new Dependency(a, d.getScope() == null ? "compile" : d.getScope(), d.isOptional(), exclusions);
    }

    private Model effectiveModel(Path pom) throws ResolutionException {
        DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
        request.setPomFile(pom.toFile());
        request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
        request.setProcessPlugins(false);
        request.setTwoPhaseBuilding(false);
        request.setSystemProperties(session.getSystemProperties().entrySet().stream()
                .collect(Properties::new, (p, e) -> p.setProperty(e.getKey(), e.getValue()), Properties::putAll));
        request.setModelResolver(new PomResolver(new ArrayList<>(repositories)));
        try {
            return new DefaultModelBuilderFactory().newInstance().build(request).getEffectiveModel();
        } catch (ModelBuildingException e) {
            throw new ResolutionException("cannot read the POM " + pom + ": " + e.getMessage(), e);
        }
    }

    private List<Path> resolveDependencies(
            List<Dependency> dependencies,
            List<Dependency> managed,
            List<RemoteRepository> repos,
            org.eclipse.aether.graph.DependencyFilter filter,
            String what)
            throws ResolutionException {
        CollectRequest collect =
                new CollectRequest(dependencies, managed, system.newResolutionRepositories(session, repos));
        try {
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, new DependencyRequest(collect, filter))
                    .getArtifactResults()) {
                if (r.getArtifact() != null && r.getArtifact().getFile() != null) {
                    jars.add(r.getArtifact().getFile().toPath());
                }
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new ResolutionException(explain(what, e), e);
        }
    }

    private String explain(String what, Exception e) {
        StringBuilder s =
                new StringBuilder("cannot resolve ").append(what).append(": ").append(rootMessage(e));
        s.append(" (local Maven repository ").append(localRepository);
        if (session.isOffline()) {
            s.append(", offline: fetch it first with mvn dependency:get -Dartifact=<coordinates>");
        } else {
            s.append("; remote: ");
            s.append(String.join(
                    ", ", repositories.stream().map(RemoteRepository::getId).toList()));
            s.append("; from a shell: mvn dependency:get -Dartifact=<coordinates>");
        }
        return s.append(')').toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " — " + t.getMessage();
    }

    /** Finds parent and imported POMs for the model builder through the same repository system. */
    @SuppressWarnings("deprecation") // ModelResolver's own signatures return the deprecated ModelSource
    private final class PomResolver implements ModelResolver {
        private final List<RemoteRepository> repos;

        PomResolver(List<RemoteRepository> repos) {
            this.repos = repos;
        }

        @Override
        public ModelSource resolveModel(String groupId, String artifactId, String version)
                throws UnresolvableModelException {
            Artifact pom = new DefaultArtifact(groupId, artifactId, "", "pom", version);
            try {
                ArtifactResult r = system.resolveArtifact(
                        session, new ArtifactRequest(pom, system.newResolutionRepositories(session, repos), null));
                return new FileModelSource(r.getArtifact().getFile());
            } catch (ArtifactResolutionException e) {
                throw new UnresolvableModelException(e.getMessage(), groupId, artifactId, version, e);
            }
        }

        @Override
        public ModelSource resolveModel(Parent parent) throws UnresolvableModelException {
            return resolveModel(parent.getGroupId(), parent.getArtifactId(), parent.getVersion());
        }

        @Override
        public ModelSource resolveModel(org.apache.maven.model.Dependency dependency)
                throws UnresolvableModelException {
            return resolveModel(dependency.getGroupId(), dependency.getArtifactId(), dependency.getVersion());
        }

        @Override
        public void addRepository(Repository repository) {
            addRepository(repository, false);
        }

        @Override
        public void addRepository(Repository repository, boolean replace) {
            if (replace) {
                repos.removeIf(r -> r.getId().equals(repository.getId()));
            } else if (repos.stream().anyMatch(r -> r.getId().equals(repository.getId()))) {
                return;
            }
            repos.add(new RemoteRepository.Builder(repository.getId(), "default", repository.getUrl()).build());
        }

        @Override
        public ModelResolver newCopy() {
            return new PomResolver(new ArrayList<>(repos));
        }
    }
}
