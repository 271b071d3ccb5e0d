package org.moca.opt;

import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.Lane;
import org.moca.sim.Controls;
import org.moca.sim.NetworkIndex;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

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
 * cost and the prices of leakage and virgin mass. Solved with ojAlgo's simplex; size O(lanes + modes + slots).
 */
public final class SteadyStatePlanner {

    /** The plan: hourly rates and the controls that realize them. */
    public record Plan(Controls controls, double[] laneFlow, double[] procurement, double[] sales, double objective) {}

    private final NetworkIndex layout;
    private final PlanningPrices prices;

    public SteadyStatePlanner(NetworkIndex layout, PlanningPrices prices) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /**
     * Solves the steady-state LP.
     *
     * @throws IllegalStateException when the solver does not reach an optimum, naming the network and the solver state
     */
    public Plan solve() {
        var net = layout.network();
        List<Facility> fs = net.facilities();
        List<Lane> lanes = net.lanes();
        int[] sup = layout.suppliers(), proc = layout.processors(), mk = layout.markets(), col = layout.collections();
        ExpressionsBasedModel model = Solvers.model();

        Variable[] p = new Variable[sup.length];
        for (int i = 0; i < sup.length; i++) {
            Facility f = fs.get(sup[i]);
            double mass = net.material(f.material()).trackedMassKg();
            p[i] = model.addVariable("p" + i)
                    .lower(0)
                    .upper(f.capacity())
                    .weight(-(f.unitCost() + prices.virginPrice() * mass));
        }
        Variable[][] u = new Variable[proc.length][];
        for (int i = 0; i < proc.length; i++) {
            Facility f = fs.get(proc[i]);
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            u[i] = new Variable[ms.size()];
            Expression capacity = model.addExpression("cap" + i).upper(f.capacity());
            for (int k = 0; k < ms.size(); k++) {
                NetworkIndex.ModeIndex m = ms.get(k);
                double loss = m.inputMassKg() - m.outputMassKg();
                u[i][k] = model.addVariable("u" + i + "_" + k)
                        .lower(0)
                        .weight(-(f.unitCost() + prices.leakagePrice() * loss));
                capacity.set(u[i][k], 1);
            }
        }
        Variable[] fl = new Variable[lanes.size()];
        for (int l = 0; l < lanes.size(); l++) {
            Lane lane = lanes.get(l);
            boolean toLandfill = layout.slot(layout.laneToSlot(l)).facility() >= 0
                    && fs.get(layout.slot(layout.laneToSlot(l)).facility()).type()
                            == org.moca.graph.FacilityType.LANDFILL;
            double leak = toLandfill
                    ? prices.leakagePrice() * net.material(lane.material()).trackedMassKg()
                    : 0;
            fl[l] = model.addVariable("f" + l).lower(0).upper(lane.capacity()).weight(-(lane.unitCost() + leak));
        }
        Variable[] x = new Variable[mk.length];
        for (int i = 0; i < mk.length; i++) {
            Facility f = fs.get(mk[i]);
            x[i] = model.addVariable("x" + i)
                    .lower(0)
                    .upper(f.demand() * (1 + prices.safetyMargin()))
                    .weight(prices.serviceValue());
        }

        Expression[] balance = new Expression[layout.slotCount()];
        for (int s = 0; s < balance.length; s++) {
            if (fs.get(layout.slot(s).facility()).type() == org.moca.graph.FacilityType.LANDFILL) continue; // sinks
            balance[s] = model.addExpression("bal" + s).level(0);
            Variable acc = model.addVariable("acc" + s)
                    .lower(0)
                    .weight(-prices.leakagePrice() * layout.slot(s).massKg());
            balance[s].set(acc, -1);
        }
        for (int i = 0; i < sup.length; i++) add(balance, layout.supplierSlot(i), p[i], 1);
        for (int i = 0; i < proc.length; i++) {
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            for (int k = 0; k < ms.size(); k++) {
                NetworkIndex.ModeIndex m = ms.get(k);
                for (int j = 0; j < m.inputSlots().length; j++)
                    add(balance, m.inputSlots()[j], u[i][k], -m.inputQty()[j]);
                for (int j = 0; j < m.outputSlots().length; j++)
                    add(balance, m.outputSlots()[j], u[i][k], m.outputQty()[j]);
            }
        }
        for (int l = 0; l < lanes.size(); l++) {
            add(balance, layout.laneFromSlot(l), fl[l], -1);
            add(balance, layout.laneToSlot(l), fl[l], 1);
        }
        for (int i = 0; i < mk.length; i++) {
            Facility f = fs.get(mk[i]);
            add(balance, layout.marketProductSlot(i), x[i], -1);
            if (f.returnMaterial() != null && f.returnRate() > 0) {
                // Returns arrive at steady state from sales of long ago: the mean-demand rate, not this plan's sales.
                int rs = layout.slotOf(f.id(), f.returnMaterial());
                Expression e = balance[rs];
                if (e != null) e.level(-f.demand() * f.returnRate());
            }
        }
        for (int c : col) {
            Facility f = fs.get(c);
            int s = layout.slotOf(f.id(), f.material());
            if (balance[s] != null) balance[s].level(-f.capacity());
        }

        Optimisation.Result r = model.maximise();
        if (!r.getState().isOptimal()) {
            throw new IllegalStateException("steady-state plan of network " + net.name()
                    + ": the LP solver ended in state " + r.getState() + " instead of an optimum");
        }
        double[] procurement = new double[sup.length];
        double[] procurementRate = new double[sup.length];
        for (int i = 0; i < sup.length; i++) {
            procurement[i] = p[i].getValue().doubleValue();
            double cap = fs.get(sup[i]).capacity();
            procurementRate[i] = cap > 0 ? clamp01(procurement[i] / cap) : 0;
        }
        double[] utilization = new double[proc.length];
        double[][] modeShares = new double[proc.length][];
        for (int i = 0; i < proc.length; i++) {
            double total = 0;
            double[] units = new double[u[i].length];
            for (int k = 0; k < units.length; k++)
                total += units[k] = Math.max(0, u[i][k].getValue().doubleValue());
            double cap = fs.get(proc[i]).capacity();
            utilization[i] = cap > 0 ? clamp01(total / cap) : 0;
            modeShares[i] = shares(units, total);
        }
        double[] laneFlow = new double[lanes.size()];
        for (int l = 0; l < lanes.size(); l++)
            laneFlow[l] = Math.max(0, fl[l].getValue().doubleValue());
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
        for (int i = 0; i < mk.length; i++) sales[i] = x[i].getValue().doubleValue();
        Controls controls = new Controls(procurementRate, utilization, modeShares, release, routing);
        return new Plan(controls, laneFlow, procurement, sales, r.getValue());
    }

    private static void add(Expression[] balance, int slot, Variable v, double coefficient) {
        Expression e = balance[slot];
        if (e == null) return;
        Number old = e.get(v);
        e.set(v, (old == null ? 0 : old.doubleValue()) + coefficient);
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
