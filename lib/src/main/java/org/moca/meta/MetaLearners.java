package org.moca.meta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.moca.policy.GaussianPolicy;

/**
 * The meta-learners by the names configs use: {@code maml} ({@link Maml}, exact second order), {@code fomaml}
 * ({@link FirstOrderMaml}), {@code reptile} ({@link Reptile}) and {@code anil} ({@link Anil}, head-only inner loop).
 * One map from name to constructor, so a config key such as {@code learner: reptile} is checked and built in one place.
 */
public final class MetaLearners {

    private record Entry(String description, BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner> make) {}

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

    // Adding a meta-learner: its class, one line here (the experiment registry, the CLI and the YAML configs pick it
    // up from this map) and its contract test (CONTRIBUTING.md).
    static {
        BY_NAME.put("maml", new Entry("second-order MAML, K steps at onset", Maml::new));
        BY_NAME.put("fomaml", new Entry("first-order MAML, K steps at onset", FirstOrderMaml::new));
        BY_NAME.put("reptile", new Entry("Reptile, K steps at onset", Reptile::new));
        BY_NAME.put("anil", new Entry("ANIL (head-only inner loop), K steps at onset", Anil::new));
    }

    /** Every name {@link #create} accepts, in a fixed order. */
    public static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    private MetaLearners() {}

    /**
     * A new meta-learner wrapping {@code policy} (whose parameters become the meta-parameters).
     *
     * @throws IllegalArgumentException naming {@code name} and {@link #NAMES} if it is not one of them
     */
    public static MetaLearner create(String name, GaussianPolicy policy, MetaLearnerConfig config) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(config, "config");
        return entry(name).make().apply(policy, config);
    }

    /**
     * A one-line description of the learner, as the method tables print it.
     *
     * @throws IllegalArgumentException naming {@code name} and {@link #NAMES} if it is not one of them
     */
    public static String description(String name) {
        return entry(name).description();
    }

    private static Entry entry(String name) {
        Entry entry = name == null ? null : BY_NAME.get(name);
        if (entry == null)
            throw new IllegalArgumentException("unknown meta-learner " + name + ", expected one of " + NAMES);
        return entry;
    }
}
