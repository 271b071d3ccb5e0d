package org.moca.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.moca.sim.Disruption;

/**
 * A distribution over disruption scenarios: weighted {@link ScenarioVariant}s, an onset after a warm-up, and a horizon.
 * The training family and the shifted "black swan" test family of the reference network are two instances
 * (see {@link ScenarioFamilies}).
 *
 * @param name         family name
 * @param warmupHours  hours of undisrupted operation before onset (the service baseline is measured there)
 * @param horizonHours hours simulated after onset (at least the recovery window, checked where the family meets its
 *                     window: {@link ScenarioFamilies#resolve(String, String, ScenarioFamilies.Use)})
 * @param variants     the variants, drawn in proportion to their weights; distinct names; every disruption starts
 *                     within the horizon (its latest onset delay is below {@code horizonHours}), since one that starts
 *                     after the episode ends never happens and its episodes would count as recovered
 */
public record ScenarioFamily(String name, int warmupHours, int horizonHours, List<ScenarioVariant> variants) {

    public ScenarioFamily {
        Objects.requireNonNull(name, "name");
        variants = List.copyOf(Objects.requireNonNull(variants, "variants"));
        if (name.isBlank()) throw new IllegalArgumentException("name must not be empty");
        if (warmupHours < 1)
            throw new IllegalArgumentException(
                    "warmupHours must be >= 1, got " + warmupHours + " (family " + name + ")");
        if (horizonHours < 1)
            throw new IllegalArgumentException(
                    "horizonHours must be >= 1, got " + horizonHours + " (family " + name + ")");
        if (variants.isEmpty()) throw new IllegalArgumentException("variants must list at least one variant");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            ScenarioVariant v = variants.get(i);
            if (!seen.add(v.name()))
                throw new IllegalArgumentException("variants[" + i + "].name: a second variant named '" + v.name()
                        + "' (names select a variant, family:variant; expected distinct names)");
            for (int j = 0; j < v.disruptions().size(); j++) {
                int latest = v.disruptions().get(j).onsetDelay()[1];
                if (latest >= horizonHours) {
                    throw new IllegalArgumentException("variants[" + i + "].disruptions[" + j + "].onsetDelay: the"
                            + " latest onset delay, " + latest + " h, is not within horizonHours = " + horizonHours
                            + ": the disruption could start after the episode ends and never happen (expected a"
                            + " maximum < " + horizonHours + ")");
                }
            }
        }
    }

    /**
     * Draws {@code n} scenarios, seeded. Scenario i depends only on (seed, i), so a longer sample extends a shorter one.
     */
    public List<Scenario> sample(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        double total = variants.stream().mapToDouble(ScenarioVariant::weight).sum();
        List<Scenario> out = new ArrayList<>(n);
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = root.split();
            double u = rng.nextDouble() * total;
            ScenarioVariant v = variants.get(variants.size() - 1);
            for (ScenarioVariant c : variants) {
                if ((u -= c.weight()) < 0) {
                    v = c;
                    break;
                }
            }
            List<Disruption> ds = new ArrayList<>();
            for (DisruptionSpec spec : v.disruptions()) ds.add(spec.sample(warmupHours, rng));
            out.add(new Scenario(name, v.name(), i, ds, warmupHours, warmupHours + horizonHours, rng.nextLong()));
        }
        return out;
    }
}
