package org.moca.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.moca.infra.Stats;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.RecoveryMetrics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Recovery rate as a function of the window length, recomputed from the saved service curves with the one recovery
 * definition ({@link RecoveryMetrics}, the window applied alike to hit and hold): is a ranking an artefact of the 48-hour
 * choice, and how late do the methods that miss the window recover? A window longer than an episode's simulated
 * horizon is left out for that family (never extrapolated).
 */
public final class WindowSweep {

    /**
     * One episode's service curve.
     *
     * @param method  method
     * @param seed    seed of the trained model
     * @param family  test family
     * @param episode episode index
     * @param onset   onset hour
     * @param service service level per hour
     */
    public record Curve(String method, long seed, String family, int episode, int onset, double[] service) {
        public Curve {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(service, "service");
        }
    }

    private WindowSweep() {}

    /**
     * Per method, family and window: episodes, recovery rate, Wilson interval and the interval over seeds; windows in
     * the order given, methods and families in order of appearance.
     */
    public static Table of(List<Curve> curves, RecoveryCriteria criteria, List<Integer> windows) {
        StringColumn policy = StringColumn.create("policy"), family = StringColumn.create("family");
        IntColumn window = IntColumn.create("window_h"), episodes = IntColumn.create("episodes");
        DoubleColumn rate = DoubleColumn.create("recovered"), lo = DoubleColumn.create("ci_low");
        DoubleColumn hi = DoubleColumn.create("ci_high"), slo = DoubleColumn.create("seed_ci_low");
        DoubleColumn shi = DoubleColumn.create("seed_ci_high");
        LinkedHashSet<String> methods = new LinkedHashSet<>(), families = new LinkedHashSet<>();
        for (Curve c : curves) {
            methods.add(c.method());
            families.add(c.family());
        }
        for (String f : families) {
            int room = curves.stream()
                    .filter(c -> c.family().equals(f))
                    .mapToInt(c -> c.service().length - c.onset())
                    .min()
                    .orElse(0);
            for (String m : methods) {
                List<Curve> g = curves.stream()
                        .filter(c -> c.family().equals(f) && c.method().equals(m))
                        .toList();
                if (g.isEmpty()) continue;
                for (int w : windows) {
                    if (w > room) continue;
                    Map<Long, int[]> perSeed = new LinkedHashMap<>(); // recovered, episodes
                    int ok = 0;
                    for (Curve c : g) {
                        boolean r = RecoveryMetrics.recovered(c.service(), c.onset(), criteria, w);
                        if (r) ok++;
                        int[] s = perSeed.computeIfAbsent(c.seed(), k -> new int[2]);
                        s[0] += r ? 1 : 0;
                        s[1]++;
                    }
                    Stats.Interval wilson = Stats.wilson(ok, g.size());
                    double[] seedRates = new ArrayList<>(perSeed.values())
                            .stream().mapToDouble(s -> s[0] / (double) s[1]).toArray();
                    Stats.Interval seeds = Stats.rateOverClusters(seedRates, Stats.DEFAULT_CONFIDENCE);
                    policy.append(m);
                    family.append(f);
                    window.append(w);
                    episodes.append(g.size());
                    rate.append(wilson.estimate());
                    lo.append(wilson.lower());
                    hi.append(wilson.upper());
                    slo.append(seeds.lower());
                    shi.append(seeds.upper());
                }
            }
        }
        return Table.create("window sweep", policy, family, window, episodes, rate, lo, hi, slo, shi);
    }

    /** One family's sweep as series for a plot: method -> rate per window of {@code windows} (NaN where absent). */
    public static Map<String, double[]> series(Table sweep, String familyName, List<Integer> windows) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < sweep.rowCount(); i++) {
            if (!sweep.stringColumn("family").get(i).equals(familyName)) continue;
            String m = sweep.stringColumn("policy").get(i);
            double[] r = out.computeIfAbsent(m, k -> {
                double[] nan = new double[windows.size()];
                java.util.Arrays.fill(nan, Double.NaN);
                return nan;
            });
            int k = windows.indexOf(sweep.intColumn("window_h").getInt(i));
            if (k >= 0) r[k] = sweep.doubleColumn("recovered").getDouble(i);
        }
        return out;
    }
}
