package org.moca.opt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.SupplyNetwork;
import org.moca.scenario.DisruptionSpec;
import org.moca.scenario.ScenarioFamilies;
import org.moca.scenario.ScenarioFamily;
import org.moca.scenario.ScenarioVariant;
import org.moca.sim.SimConfig;

/**
 * Settings of the rolling-horizon MPC expert.
 *
 * @param lookaheadHours       hours planned at each decision, at least 1; or 0 for the network's own
 *                             ({@link #lookaheadFor}: its slowest supply path to a market plus
 *                             {@code lookaheadMarginHours}), so that a network whose backup path is long still sees the
 *                             backup land and buys it
 * @param lookaheadMarginHours hours the derived lookahead extends past the slowest supply path, at least 1
 * @param fineHours            the first {@code fineHours} of the lookahead are planned hour by hour, at least 1
 * @param blockHours           the rest in blocks of this many hours, at least 1
 * @param priorDurationHours   the prior on how long a disruption lasts: a disruption observed at its onset is assumed to
 *                             end {@code priorDurationHours} after its onset, at least 1 (see {@link MpcExpertPolicy});
 *                             set from training families only ({@link #priorFrom})
 * @param minRemainingHours    a disruption still in force is assumed to last at least this many more hours, at least 1
 * @param demandSafety         the plan meets {@code (1 + demandSafety) ×} the mean demand forecast, in [0, 1], to keep a
 *                             buffer against demand noise (see {@link ExpectedForecast})
 * @param noise                the simulator's noise model the MPC knows (demand, yields and delays in expectation)
 * @param lp                   the window LP's objective and solver
 */
public record MpcConfig(
        int lookaheadHours,
        int lookaheadMarginHours,
        int fineHours,
        int blockHours,
        int priorDurationHours,
        int minRemainingHours,
        double demandSafety,
        SimConfig noise,
        WindowLpConfig lp) {

    /** The quantile of the training family's disruption durations that {@link #defaults()} takes as its prior. */
    public static final double DEFAULT_PRIOR_QUANTILE = 0.9;

    public MpcConfig {
        if (lookaheadHours < 0)
            throw new IllegalArgumentException("lookaheadHours must be >= 1 (or 0: derived), got " + lookaheadHours);
        if (lookaheadMarginHours < 1)
            throw new IllegalArgumentException("lookaheadMarginHours must be >= 1, got " + lookaheadMarginHours);
        if (fineHours < 1) throw new IllegalArgumentException("fineHours must be >= 1, got " + fineHours);
        if (blockHours < 1) throw new IllegalArgumentException("blockHours must be >= 1, got " + blockHours);
        if (priorDurationHours < 1)
            throw new IllegalArgumentException("priorDurationHours must be >= 1, got " + priorDurationHours);
        if (minRemainingHours < 1)
            throw new IllegalArgumentException("minRemainingHours must be >= 1, got " + minRemainingHours);
        if (!(demandSafety >= 0 && demandSafety <= 1))
            throw new IllegalArgumentException("demandSafety must be in [0, 1], got " + demandSafety);
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(lp, "lp");
    }

    /**
     * The lookahead derived from each network (its slowest supply path plus 24 hours), hourly for 12 hours and in
     * 6-hour blocks after that; the disruption prior is the 0.9 quantile of the reference training family's disruption
     * durations ({@link #priorFrom}), then as long again as a disruption has lasted, at least 12 more hours; plans for
     * 10% above mean demand; default noise and LP.
     */
    public static MpcConfig defaults() {
        return new MpcConfig(
                0,
                24,
                12,
                6,
                priorFrom(ScenarioFamilies.training(), DEFAULT_PRIOR_QUANTILE),
                12,
                0.1,
                SimConfig.defaults(),
                WindowLpConfig.defaults());
    }

    /** This config with a fixed lookahead (or 0: derived from the network). */
    public MpcConfig withLookaheadHours(int hours) {
        return new MpcConfig(
                hours,
                lookaheadMarginHours,
                fineHours,
                blockHours,
                priorDurationHours,
                minRemainingHours,
                demandSafety,
                noise,
                lp);
    }

    /** This config with another disruption prior. */
    public MpcConfig withPriorDurationHours(int hours) {
        return new MpcConfig(
                lookaheadHours,
                lookaheadMarginHours,
                fineHours,
                blockHours,
                hours,
                minRemainingHours,
                demandSafety,
                noise,
                lp);
    }

    /** This config with another window LP. */
    public MpcConfig withLp(WindowLpConfig w) {
        return new MpcConfig(
                lookaheadHours,
                lookaheadMarginHours,
                fineHours,
                blockHours,
                priorDurationHours,
                minRemainingHours,
                demandSafety,
                noise,
                w);
    }

    /** The lookahead on this network: {@link #lookaheadHours()}, or if 0 the derived one. */
    public int lookaheadFor(SupplyNetwork network) {
        if (lookaheadHours > 0) return lookaheadHours;
        return Math.max(fineHours + blockHours, slowestSupplyPathHours(network) + lookaheadMarginHours);
    }

    /**
     * The slowest virgin supply path of a network: over its virgin suppliers, the largest of the shortest lead-time
     * paths (sum of lane lead times) from the supplier to any market, suppliers that reach no market left out (0 if
     * none does). Reference network: the backup rare-earth supplier's 20 + 4 + 6 = 30 hours. Multi-source Dijkstra
     * from the markets over reversed lanes, O(L log F).
     */
    public static int slowestSupplyPathHours(SupplyNetwork network) {
        Objects.requireNonNull(network, "network");
        var fs = network.facilities();
        List<List<Lane>> into = new ArrayList<>();
        for (int f = 0; f < fs.size(); f++) into.add(new ArrayList<>());
        for (Lane l : network.lanes()) into.get(network.facilityIndexOf(l.to())).add(l);
        long[] dist = new long[fs.size()];
        Arrays.fill(dist, Long.MAX_VALUE);
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int f = 0; f < fs.size(); f++) {
            if (fs.get(f).type() == FacilityType.MARKET) {
                dist[f] = 0;
                queue.add(new long[] {0, f});
            }
        }
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int f = (int) top[1];
            if (top[0] > dist[f]) continue;
            for (Lane l : into.get(f)) {
                int g = network.facilityIndexOf(l.from());
                long d = dist[f] + l.leadTime();
                if (d < dist[g]) {
                    dist[g] = d;
                    queue.add(new long[] {d, g});
                }
            }
        }
        long worst = 0;
        for (int f = 0; f < fs.size(); f++) {
            if (fs.get(f).type() == FacilityType.VIRGIN_SUPPLIER && dist[f] != Long.MAX_VALUE)
                worst = Math.max(worst, dist[f]);
        }
        return (int) worst;
    }

    /**
     * A disruption-length prior set on a training (or validation) family alone: the {@code quantile} of the durations
     * of its disruptions, each variant's weight shared equally by its disruptions and each duration uniform on its
     * whole-hour range (the family's own sampling law, computed exactly, no sampling). An upper quantile because
     * the costs are asymmetric (see {@link MpcExpertPolicy}): a disruption that ends earlier than planned leaves some
     * dear backup supply bought, one that lasts longer starves the market. Reference training family at 0.9: 52 hours.
     *
     * @throws IllegalArgumentException when {@code quantile} is not in (0, 1]
     */
    public static int priorFrom(ScenarioFamily family, double quantile) {
        Objects.requireNonNull(family, "family");
        if (!(quantile > 0 && quantile <= 1))
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
        double total =
                family.variants().stream().mapToDouble(ScenarioVariant::weight).sum();
        int maxHours = 1;
        for (ScenarioVariant v : family.variants())
            for (DisruptionSpec d : v.disruptions()) maxHours = Math.max(maxHours, d.duration()[1]);
        double[] mass = new double[maxHours + 1];
        for (ScenarioVariant v : family.variants()) {
            double w = v.weight() / total / v.disruptions().size();
            for (DisruptionSpec d : v.disruptions()) {
                int lo = d.duration()[0], hi = d.duration()[1];
                for (int h = lo; h <= hi; h++) mass[h] += w / (hi - lo + 1);
            }
        }
        double cumulative = 0;
        for (int h = 1; h <= maxHours; h++) {
            cumulative += mass[h];
            if (cumulative >= quantile - 1e-12) return h;
        }
        return maxHours;
    }
}
