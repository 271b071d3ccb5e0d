package org.moca.meta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParametricPolicy;

/**
 * The meta-learners by the names configs use: {@code maml} ({@link Maml}, second order), {@code fomaml}
 * ({@link FirstOrderMaml}), {@code reptile} ({@link Reptile}) and {@code anil} ({@link Anil}, head-only inner loop).
 * One place from name to constructor, so a config key such as {@code learner: reptile} is checked and built here.
 * {@code maml}, {@code fomaml} and {@code reptile} run on any {@link ParametricPolicy} (the graph policy too;
 * {@code maml}'s Hessian-vector products are the R-operator's on the MLP's imitation tasks, differences of exact
 * gradients on tasks given by their losses); {@code anil} adapts the MLP's head layer and needs a
 * {@link GaussianPolicy}.
 */
public final class MetaLearners {

    private record Entry(String description, boolean mlpOnly) {}

    private static final Map<String, Entry> BY_NAME = new LinkedHashMap<>();

    // Adding a meta-learner: its class, one line here and one case in create (the experiment registry, the CLI and
    // the YAML configs pick it up from here) and its contract test (CONTRIBUTING.md).
    static {
        BY_NAME.put("maml", new Entry("second-order MAML, K steps at onset", false));
        BY_NAME.put("fomaml", new Entry("first-order MAML, K steps at onset", false));
        BY_NAME.put("reptile", new Entry("Reptile, K steps at onset", false));
        BY_NAME.put("anil", new Entry("ANIL (head-only inner loop), K steps at onset", true));
    }

    /** Every name {@link #create} accepts, in a fixed order. */
    public static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    private MetaLearners() {}

    /**
     * A new meta-learner wrapping {@code policy} (whose parameters become the meta-parameters).
     *
     * @throws IllegalArgumentException naming {@code name} and {@link #NAMES} if it is not one of them, or naming the
     *     policy's form if the learner needs the MLP and {@code policy} is not a {@link GaussianPolicy}
     */
    public static <P extends ParametricPolicy<P>> MetaLearner<P> create(
            String name, P policy, MetaLearnerConfig config) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(config, "config");
        Entry entry = entry(name);
        if (entry.mlpOnly() && !(policy instanceof GaussianPolicy))
            throw new IllegalArgumentException("meta-learner " + name + " adapts the Gaussian MLP's head layer with"
                    + " the MLP's Hessian-vector products; a "
                    + policy.getClass().getSimpleName()
                    + " has neither: use one of " + anyPolicy());
        return switch (name) {
            case "fomaml" -> new FirstOrderMaml<>(policy, config);
            case "reptile" -> new Reptile<>(policy, config);
            case "maml" -> new Maml<>(policy, config);
            case "anil" -> sameForm(new Anil((GaussianPolicy) policy, config));
            default -> throw new IllegalStateException("meta-learner " + name + " is listed but has no case in create");
        };
    }

    /** The names that run on every {@link ParametricPolicy}. */
    public static List<String> anyPolicy() {
        return BY_NAME.entrySet().stream()
                .filter(e -> !e.getValue().mlpOnly())
                .map(Map.Entry::getKey)
                .toList();
    }

    // P is GaussianPolicy here: the policy is one, and GaussianPolicy is final and its own ParametricPolicy type.
    @SuppressWarnings("unchecked")
    private static <P extends ParametricPolicy<P>> MetaLearner<P> sameForm(MetaLearner<GaussianPolicy> learner) {
        return (MetaLearner<P>) (MetaLearner<?>) learner;
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
