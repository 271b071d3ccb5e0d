package org.moca.opt;

import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.Lane;
import org.moca.sim.Controls;
import org.moca.sim.NetworkIndex;

/**
 * The nominal operating plan of an undisrupted network: a steady-state flow LP whose solution gives the controls the
 * network runs on before a disruption (and keeps under the no-action policy), and the lane flows that pre-fill the
 * pipelines at hour 0.
 *
 * <p>Variables are hourly rates: procurement per supplier, units per processor mode, flow per lane, sales per market,
 * and an accumulation per slot (stock that piles up, priced as leakage). Each slot balances inflow (arrivals,
 * procurement, mode outputs at mean yield, end-of-life returns, exogenous inflow) against outflow (shipments, mode
 * inputs, sales, accumulation). Capacities bound procurement, processing (over all modes) and lanes; sales are bounded by
 * {@code (1 + margin) ×} mean demand. The objective maximizes service value minus procurement, processing and transport
 * cost and the prices of leakage and virgin mass. Solved by an OR-Tools backend ({@link SolverConfig}); size
 * O(lanes + modes + slots).
 */
public final class SteadyStatePlanner {

    /** The plan: hourly rates and the controls that realize them. */
    public record Plan(Controls controls, double[] laneFlow, double[] procurement, double[] sales, double objective) {}

    private final NetworkIndex layout;
    private final PlanningPrices prices;
    private final SolverConfig solver;

    /** The planner with the default solver ({@link SolverConfig#defaults()}). */
    public SteadyStatePlanner(NetworkIndex layout, PlanningPrices prices) {
        this(layout, prices, SolverConfig.defaults());
    }

    public SteadyStatePlanner(NetworkIndex layout, PlanningPrices prices, SolverConfig solver) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.solver = Objects.requireNonNull(solver, "solver");
    }

    /**
     * Solves the steady-state LP, lexicographically like {@link WindowLp}: among the plans within the tie tolerance
     * ({@link WindowLpConfig#tieTolerance()}, relative) of the optimum, the one with the least capacity-weighted activity under a fixed generic weight, so that the nominal
     * plan does not depend on the solver.
     *
     * @throws IllegalArgumentException when the solver does not reach an optimum (the LP is feasible and bounded for
     *     every network, so only numbers too large for the solver cause that), naming the network, the solver state and
     *     the network's largest number
     */
    public Plan solve() {
        var net = layout.network();
        List<Facility> fs = net.facilities();
        List<Lane> lanes = net.lanes();
        int[] sup = layout.suppliers(), proc = layout.processors(), mk = layout.markets(), col = layout.collections();
        LinearProgram lp = new LinearProgram(solver);
        double inf = Double.POSITIVE_INFINITY;
        java.util.Map<Integer, Double> activity = new java.util.HashMap<>(); // column -> 1 / its capacity

        int[] p = new int[sup.length];
        for (int i = 0; i < sup.length; i++) {
            Facility f = fs.get(sup[i]);
            double mass = net.material(f.material()).trackedMassKg();
            p[i] = lp.variable(0, f.capacity(), -(f.unitCost() + prices.virginPrice() * mass));
            activity.put(p[i], 1 / Math.max(1e-9, f.capacity()));
        }
        int[][] u = new int[proc.length][];
        for (int i = 0; i < proc.length; i++) {
            Facility f = fs.get(proc[i]);
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            u[i] = new int[ms.size()];
            LinearProgram.Row capacity = lp.row(-inf, f.capacity());
            for (int k = 0; k < ms.size(); k++) {
                NetworkIndex.ModeIndex m = ms.get(k);
                double loss = m.inputMassKg() - m.outputMassKg();
                u[i][k] = lp.variable(0, inf, -(f.unitCost() + prices.leakagePrice() * loss));
                capacity.add(u[i][k], 1);
                activity.put(u[i][k], 1 / Math.max(1e-9, f.capacity()));
            }
        }
        int[] fl = new int[lanes.size()];
        for (int l = 0; l < lanes.size(); l++) {
            Lane lane = lanes.get(l);
            boolean toLandfill = layout.slot(layout.laneToSlot(l)).facility() >= 0
                    && fs.get(layout.slot(layout.laneToSlot(l)).facility()).type()
                            == org.moca.graph.FacilityType.LANDFILL;
            double leak = toLandfill
                    ? prices.leakagePrice() * net.material(lane.material()).trackedMassKg()
                    : 0;
            fl[l] = lp.variable(0, lane.capacity(), -(lane.unitCost() + leak));
            activity.put(fl[l], 1 / Math.max(1e-9, lane.capacity()));
        }
        int[] x = new int[mk.length];
        for (int i = 0; i < mk.length; i++) {
            Facility f = fs.get(mk[i]);
            x[i] = lp.variable(0, f.demand() * (1 + prices.safetyMargin()), prices.serviceValue());
        }

        // per slot: inflow - outflow - accumulation = -(constant inflows), an equality row
        LinearProgram.Row[] balance = new LinearProgram.Row[layout.slotCount()];
        double[] constant = new double[layout.slotCount()];
        java.util.List<java.util.List<double[]>> terms = new java.util.ArrayList<>();
        for (int s = 0; s < balance.length; s++) terms.add(new java.util.ArrayList<>());
        boolean[] sink = new boolean[balance.length];
        for (int s = 0; s < balance.length; s++) {
            sink[s] = fs.get(layout.slot(s).facility()).type() == org.moca.graph.FacilityType.LANDFILL;
            if (sink[s]) continue;
            int acc =
                    lp.variable(0, inf, -prices.leakagePrice() * layout.slot(s).massKg());
            terms.get(s).add(new double[] {acc, -1});
        }
        for (int i = 0; i < sup.length; i++) terms.get(layout.supplierSlot(i)).add(new double[] {p[i], 1});
        for (int i = 0; i < proc.length; i++) {
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            for (int k = 0; k < ms.size(); k++) {
                NetworkIndex.ModeIndex m = ms.get(k);
                for (int j = 0; j < m.inputSlots().length; j++)
                    terms.get(m.inputSlots()[j]).add(new double[] {u[i][k], -m.inputQty()[j]});
                for (int j = 0; j < m.outputSlots().length; j++)
                    terms.get(m.outputSlots()[j]).add(new double[] {u[i][k], m.outputQty()[j]});
            }
        }
        for (int l = 0; l < lanes.size(); l++) {
            terms.get(layout.laneFromSlot(l)).add(new double[] {fl[l], -1});
            terms.get(layout.laneToSlot(l)).add(new double[] {fl[l], 1});
        }
        for (int i = 0; i < mk.length; i++) {
            Facility f = fs.get(mk[i]);
            terms.get(layout.marketProductSlot(i)).add(new double[] {x[i], -1});
            if (f.returnMaterial() != null && f.returnRate() > 0) {
                // Returns arrive at steady state from sales of long ago: the mean-demand rate, not this plan's sales.
                constant[layout.slotOf(f.id(), f.returnMaterial())] += f.demand() * f.returnRate();
            }
        }
        for (int c : col) {
            Facility f = fs.get(c);
            constant[layout.slotOf(f.id(), f.material())] += f.capacity();
        }
        for (int s = 0; s < balance.length; s++) {
            if (sink[s]) continue;
            balance[s] = lp.row(-constant[s], -constant[s]);
            for (double[] t : terms.get(s)) balance[s].add((int) t[0], t[1]);
        }

        String what = "steady-state plan of network " + net.name();
        double z;
        try {
            z = lp.maximize(what);
            double[] tie = new double[lp.columns()];
            activity.forEach((j, w) -> tie[j] = -w * WindowLp.generic(j));
            lp.maximizeSecondary(z, tie, WindowLpConfig.defaults().tieTolerance(), what + ", stage 2 (tie-break)");
        } catch (IllegalStateException e) {
            // In exact arithmetic this LP is always feasible (everything idle, the exogenous inflow accumulating) and
            // bounded (every rate is capped, accumulation only costs), so a solver that ends anywhere else was defeated
            // by the network's numbers: an input error, named with the network and its largest number.
            throw new IllegalArgumentException(
                    "network " + net.name() + " has no steady-state plan (" + e.getMessage() + "). This LP is feasible"
                            + " and bounded for every network, so the cause is the size of its numbers: the largest is "
                            + largestNumber(net) + " (quantities, costs and masses should stay far below 1e12)",
                    e);
        }

        double[] procurement = new double[sup.length];
        double[] procurementRate = new double[sup.length];
        for (int i = 0; i < sup.length; i++) {
            procurement[i] = lp.value(p[i]);
            double cap = fs.get(sup[i]).capacity();
            procurementRate[i] = cap > 0 ? clamp01(procurement[i] / cap) : 0;
        }
        double[] utilization = new double[proc.length];
        double[][] modeShares = new double[proc.length][];
        for (int i = 0; i < proc.length; i++) {
            double total = 0;
            double[] units = new double[u[i].length];
            for (int k = 0; k < units.length; k++) total += units[k] = Math.max(0, lp.value(u[i][k]));
            double cap = fs.get(proc[i]).capacity();
            utilization[i] = cap > 0 ? clamp01(total / cap) : 0;
            modeShares[i] = shares(units, total);
        }
        double[] laneFlow = new double[lanes.size()];
        for (int l = 0; l < lanes.size(); l++) laneFlow[l] = Math.max(0, lp.value(fl[l]));
        int[] ship = layout.shipSlots();
        double[] release = new double[ship.length];
        double[][] routing = new double[ship.length][];
        for (int i = 0; i < ship.length; i++) {
            int[] ls = layout.shipLanes(i);
            double[] flows = new double[ls.length];
            double total = 0;
            for (int j = 0; j < ls.length; j++) total += flows[j] = laneFlow[ls[j]];
            release[i] = total > 1e-9 ? 1 : 0;
            routing[i] = shares(flows, total);
        }
        double[] sales = new double[mk.length];
        for (int i = 0; i < mk.length; i++) sales[i] = lp.value(x[i]);
        Controls controls = new Controls(procurementRate, utilization, modeShares, release, routing);
        return new Plan(controls, laneFlow, procurement, sales, z);
    }

    /** The number of largest magnitude in {@code net}, with where it is, e.g. {@code demand 1e+308 of market}. */
    private static String largestNumber(org.moca.graph.SupplyNetwork net) {
        double max = -1;
        String where = "none";
        for (var m : net.materials().values()) {
            if (m.trackedMassKg() > max) where = "tracked mass " + (max = m.trackedMassKg()) + " of material " + m.id();
        }
        for (Facility f : net.facilities()) {
            double[] v = {f.capacity(), f.demand(), f.unitCost()};
            String[] name = {"capacity", "demand", "unit cost"};
            for (int i = 0; i < v.length; i++) {
                if (v[i] > max) where = name[i] + " " + (max = v[i]) + " of facility " + f.id();
            }
            for (var e : f.initialInventory().entrySet()) {
                if (e.getValue() > max)
                    where = "initial stock " + (max = e.getValue()) + " of " + e.getKey() + " at " + f.id();
            }
            for (var mode : f.modes()) {
                for (var q : List.of(mode.inputs(), mode.outputs())) {
                    for (var e : q.entrySet()) {
                        if (e.getValue() > max) {
                            where = "quantity " + (max = e.getValue()) + " of " + e.getKey() + " in mode " + mode.name()
                                    + " at " + f.id();
                        }
                    }
                }
            }
        }
        for (Lane l : net.lanes()) {
            if (l.capacity() > max) where = "capacity " + (max = l.capacity()) + " of lane " + l.id();
            if (l.unitCost() > max) where = "unit cost " + (max = l.unitCost()) + " of lane " + l.id();
        }
        return where;
    }

    private static double clamp01(double v) {
        return Math.min(1, Math.max(0, v));
    }

    /** Normalized shares; equal shares when nothing flows. */
    static double[] shares(double[] amounts, double total) {
        double[] s = new double[amounts.length];
        if (total <= 1e-12) {
            java.util.Arrays.fill(s, 1.0 / amounts.length);
            return s;
        }
        double sum = 0;
        for (int j = 0; j < s.length; j++) sum += s[j] = Math.max(0, amounts[j]) / total;
        for (int j = 0; j < s.length; j++) s[j] /= sum;
        return s;
    }
}
