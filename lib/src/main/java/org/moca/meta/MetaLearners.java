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

    private static final Map<String, BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner>> BY_NAME =
            new LinkedHashMap<>();

    static {
        BY_NAME.put("maml", Maml::new);
        BY_NAME.put("fomaml", FirstOrderMaml::new);
        BY_NAME.put("reptile", Reptile::new);
        BY_NAME.put("anil", Anil::new);
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
        BiFunction<GaussianPolicy, MetaLearnerConfig, MetaLearner> make = name == null ? null : BY_NAME.get(name);
        if (make == null)
            throw new IllegalArgumentException("unknown meta-learner " + name + ", expected one of " + NAMES);
        return make.apply(policy, config);
    }
}
