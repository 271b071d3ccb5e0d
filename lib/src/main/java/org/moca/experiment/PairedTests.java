package org.moca.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.moca.infra.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paired comparisons of methods on common random numbers: every method met the same episodes (same seed, family and
 * episode index: the same realization), so differences are judged pair by pair, which is far more sensitive than
 * comparing two rates.
 *
 * <p>Per test family and reference method, for every other method: the number of pairs; {@code only_policy} and
 * {@code only_reference}, the discordant pairs (recovered within the window under one and not the other); McNemar's
 * exact test on them; the mean difference of unmet demand (policy − reference) with a 95% interval over seeds (t over
 * the per-seed mean differences: each seed's model is one unit); Wilcoxon's signed-rank test on the paired
 * differences (a difference within {@link #TIE_TOLERANCE} of the values is a tie). Each p-value family (one family,
 * one reference, one test, all methods) is Holm-corrected ({@code *_holm}); read those. A method is compared only on pairs both methods have.
 */
public final class PairedTests {

    /**
     * Relative size below which a difference of unmet demand is a tie ({@value}): unmet demand is a sum of hourly
     * floating-point shortfalls, and two policies that both meet all demand differ by rounding residues of order
     * 1e-13 units. Counted as differences, those residues gave the signed-rank test p &lt; 0.001 for the oracle
     * against the MPC on episodes where both lose nothing (the full run, black-swan).
     */
    static final double TIE_TOLERANCE = 1e-9;

    private PairedTests() {}

    /**
     * {@code policy − reference}, or exactly 0 when the two agree to {@link #TIE_TOLERANCE} of the larger (and of one
     * unit, so that two near-zero values tie).
     */
    static double difference(double policy, double reference) {
        double d = policy - reference;
        double scale = Math.max(1, Math.max(Math.abs(policy), Math.abs(reference)));
        return Math.abs(d) <= TIE_TOLERANCE * scale ? 0 : d;
    }

    /** The paired tests of every method against each of {@code references}, per family, methods in the given order. */
    public static Table of(List<TrialTable.Row> rows, List<String> methodOrder, List<String> references) {
        StringColumn family = StringColumn.create("family"), reference = StringColumn.create("reference");
        StringColumn policy = StringColumn.create("policy");
        IntColumn pairs = IntColumn.create("pairs"), onlyPolicy = IntColumn.create("only_policy");
        IntColumn onlyReference = IntColumn.create("only_reference");
        DoubleColumn mcnemar = DoubleColumn.create("mcnemar_p"), mcnemarHolm = DoubleColumn.create("mcnemar_p_holm");
        DoubleColumn diff = DoubleColumn.create("unmet_diff"), diffLo = DoubleColumn.create("unmet_diff_ci_low");
        DoubleColumn diffHi = DoubleColumn.create("unmet_diff_ci_high");
        DoubleColumn wilcoxon = DoubleColumn.create("wilcoxon_p"),
                wilcoxonHolm = DoubleColumn.create("wilcoxon_p_holm");
        LinkedHashSet<String> families = new LinkedHashSet<>();
        LinkedHashSet<String> methods = new LinkedHashSet<>(methodOrder);
        Map<String, Map<String, TrialTable.Row>> byMethod = new HashMap<>();
        for (TrialTable.Row r : rows) {
            families.add(r.family());
            methods.add(r.method());
            byMethod.computeIfAbsent(r.method(), k -> new LinkedHashMap<>()).put(r.pairKey(), r);
        }
        for (String f : families) {
            for (String ref : references) {
                Map<String, TrialTable.Row> refRows = byMethod.getOrDefault(ref, Map.of());
                int start = policy.size();
                for (String m : methods) {
                    if (m.equals(ref) || !byMethod.containsKey(m)) continue;
                    List<TrialTable.Row[]> paired = new ArrayList<>();
                    for (TrialTable.Row r : byMethod.get(m).values()) {
                        TrialTable.Row other = refRows.get(r.pairKey());
                        if (r.family().equals(f) && other != null) paired.add(new TrialTable.Row[] {r, other});
                    }
                    if (paired.isEmpty()) continue;
                    int b = 0, c = 0;
                    double[] d = new double[paired.size()];
                    Map<Long, List<TrialTable.Row>> bySeed = new LinkedHashMap<>();
                    for (int i = 0; i < d.length; i++) {
                        TrialTable.Row p = paired.get(i)[0], q = paired.get(i)[1];
                        if (p.metrics().recovered() && !q.metrics().recovered()) b++;
                        if (!p.metrics().recovered() && q.metrics().recovered()) c++;
                        d[i] = difference(p.metrics().unmetDemand(), q.metrics().unmetDemand());
                        bySeed.computeIfAbsent(p.seed(), k -> new ArrayList<>()).add(p);
                    }
                    Map<String, Double> diffByKey = new HashMap<>();
                    for (int i = 0; i < d.length; i++) diffByKey.put(paired.get(i)[0].pairKey(), d[i]);
                    Stats.Interval di = Summary.overSeeds(bySeed, r -> diffByKey.get(r.pairKey()));
                    family.append(f);
                    reference.append(ref);
                    policy.append(m);
                    pairs.append(d.length);
                    onlyPolicy.append(b);
                    onlyReference.append(c);
                    mcnemar.append(Stats.mcNemarExact(b, c));
                    diff.append(di.estimate());
                    diffLo.append(di.lower());
                    diffHi.append(di.upper());
                    wilcoxon.append(Stats.wilcoxonSignedRank(d));
                }
                int end = policy.size();
                double[] pm = new double[end - start], pw = new double[end - start];
                for (int i = start; i < end; i++) {
                    pm[i - start] = mcnemar.getDouble(i);
                    pw[i - start] = wilcoxon.getDouble(i);
                }
                for (double v : Stats.holm(pm)) mcnemarHolm.append(v);
                for (double v : Stats.holm(pw)) wilcoxonHolm.append(v);
            }
        }
        return Table.create(
                "paired tests",
                family,
                reference,
                policy,
                pairs,
                onlyPolicy,
                onlyReference,
                mcnemar,
                mcnemarHolm,
                diff,
                diffLo,
                diffHi,
                wilcoxon,
                wilcoxonHolm);
    }

    /** The tests against one reference in one family, as people read them. */
    public static Table display(Table tests, String family, String reference) {
        StringColumn policy = StringColumn.create("policy"), rec = StringColumn.create("recovered: only it / only ref");
        StringColumn mc = StringColumn.create("McNemar p (Holm)"), unmet = StringColumn.create("unmet − ref [seeds]");
        StringColumn wx = StringColumn.create("Wilcoxon p (Holm)");
        for (int i = 0; i < tests.rowCount(); i++) {
            if (!tests.stringColumn("family").get(i).equals(family)
                    || !tests.stringColumn("reference").get(i).equals(reference)) continue;
            policy.append(tests.stringColumn("policy").get(i));
            rec.append(tests.intColumn("only_policy").getInt(i) + " / "
                    + tests.intColumn("only_reference").getInt(i) + " of "
                    + tests.intColumn("pairs").getInt(i));
            mc.append(p(tests.doubleColumn("mcnemar_p_holm").getDouble(i)));
            double lo = tests.doubleColumn("unmet_diff_ci_low").getDouble(i);
            unmet.append(String.format(
                            Locale.ROOT,
                            "%+.1f",
                            tests.doubleColumn("unmet_diff").getDouble(i))
                    + (Double.isNaN(lo)
                            ? " [-]"
                            : String.format(
                                    Locale.ROOT,
                                    " [%+.1f, %+.1f]",
                                    lo,
                                    tests.doubleColumn("unmet_diff_ci_high").getDouble(i))));
            wx.append(p(tests.doubleColumn("wilcoxon_p_holm").getDouble(i)));
        }
        return Table.create(family + ", paired against " + reference, policy, rec, mc, unmet, wx);
    }

    private static String p(double v) {
        if (Double.isNaN(v)) return "-";
        return v < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", v);
    }
}
