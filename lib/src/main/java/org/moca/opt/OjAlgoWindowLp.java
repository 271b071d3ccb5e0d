package org.moca.opt;

import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.SupplyNetwork;
import org.moca.sim.NetworkIndex;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/** The ojAlgo window LP as it was before OR-Tools, kept for one measurement (issue 17); deleted after it. */
public final class OjAlgoWindowLp {

    private final NetworkIndex layout;
    private final WindowLpConfig config;

    public OjAlgoWindowLp(NetworkIndex layout, WindowLpConfig config) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.config = Objects.requireNonNull(config, "config");
    }

    public NetworkIndex layout() {
        return layout;
    }

    /**
     * Solves the planning LP.
     *
     * @throws IllegalStateException when the solver ends without an optimum, naming the instance, its start hour and the
     *                               solver state
     */
    public WindowPlan plan(WindowProblem problem) {
        Model m = build(problem, false, 0, 0);
        Optimisation.Result r = m.model.maximise();
        check(problem, r, "planning");
        return m.extract(r.getValue());
    }

    /**
     * The most units that can be delivered (demand served in its hour plus backlog served) over window periods
     * {@code [fromK, toK)} (hours, on the hourly grid), ignoring every price.
     *
     * @throws IllegalStateException when the solver ends without an optimum
     */
    public double maxFulfilment(WindowProblem problem, int fromK, int toK) {
        if (fromK < 0 || toK > problem.periods() || fromK >= toK) {
            throw new IllegalArgumentException(
                    "sub-window [" + fromK + ", " + toK + ") is not inside [0, " + problem.periods() + ")");
        }
        Model m = build(problem, true, fromK, toK);
        Optimisation.Result r = m.model.maximise();
        check(problem, r, "max-fulfilment");
        return r.getValue();
    }

    private static void check(WindowProblem problem, Optimisation.Result r, String what) {
        if (!r.getState().isOptimal()) {
            throw new IllegalStateException("window LP (" + what + ") of " + problem.label() + " at hour "
                    + problem.start() + " over " + problem.hours() + " h in " + problem.periods()
                    + " periods: the solver ended in state " + r.getState() + " instead of an optimum");
        }
    }

    private Model build(WindowProblem pr, boolean fulfilmentOnly, int fromK, int toK) {
        SupplyNetwork network = layout.network();
        List<Facility> fs = network.facilities();
        List<Lane> lanes = network.lanes();
        int h = pr.periods();
        int[] sup = layout.suppliers(), proc = layout.processors(), mk = layout.markets(), col = layout.collections();
        int ns = layout.slotCount();
        PlanningPrices prices = config.prices();
        if (System.getProperty("shut.up.ojAlgo") == null) System.setProperty("shut.up.ojAlgo", "true");
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Model m = new Model(model, pr, h);

        boolean[] sink = new boolean[ns];
        for (int s = 0; s < ns; s++) sink[s] = fs.get(layout.slot(s).facility()).type() == FacilityType.LANDFILL;
        boolean[] input = new boolean[ns];
        for (int i = 0; i < proc.length; i++)
            for (NetworkIndex.ModeIndex mi : layout.modesOf(i)) for (int s : mi.inputSlots()) input[s] = true;

        // constants of A[s][k] (everything available before processing that does not depend on this plan)
        double[][] given = new double[ns][h];
        for (int l = 0; l < lanes.size(); l++) {
            int s = layout.laneToSlot(l);
            for (int k = 0; k < h; k++) given[s][k] += pr.pipeline()[l][k];
        }
        int[] returnSlot = new int[mk.length];
        for (int j = 0; j < mk.length; j++) {
            Facility f = fs.get(mk[j]);
            returnSlot[j] = f.returnMaterial() == null ? -1 : layout.slotOf(f.id(), f.returnMaterial());
            if (returnSlot[j] >= 0) for (int k = 0; k < h; k++) given[returnSlot[j]][k] += pr.returns()[j][k];
        }
        for (int c = 0; c < col.length; c++) {
            Facility f = fs.get(col[c]);
            int s = layout.slotOf(f.id(), f.material());
            for (int k = 0; k < h; k++) given[s][k] += pr.inflow()[c][k];
        }
        for (int s = 0; s < ns; s++) given[s][0] += pr.stock()[s];

        // Per (slot, hour): the plan's net outflow after the hour (inputs + sales + shipments - outputs - inflows) and
        // the
        // part that happens before processing (inputs - inflows before processing). End stocks are not variables: the
        // balance S[s][k] = sum_{j<=k} (given - net) >= 0 is a cumulative row, which keeps x = 0 feasible (no phase 1)
        // and takes a third of the columns out of the simplex tableau.
        Terms[][] net = new Terms[ns][h];
        Terms[][] pre = new Terms[ns][h];
        for (int s = 0; s < ns; s++) {
            if (sink[s]) continue;
            for (int k = 0; k < h; k++) {
                net[s][k] = new Terms();
                if (input[s]) pre[s][k] = new Terms();
            }
        }

        // procurement: arrives before processing
        for (int i = 0; i < sup.length; i++) {
            Facility f = fs.get(sup[i]);
            int s = layout.supplierSlot(i);
            double price = fulfilmentOnly
                    ? 0
                    : -(f.unitCost() + prices.virginPrice() * layout.slot(s).massKg());
            for (int k = 0; k < h; k++) {
                Variable v = model.addVariable("p" + i + "_" + k)
                        .lower(0)
                        .upper(Math.max(0, pr.supply()[i][k]))
                        .weight(price);
                m.procure[i][k] = v;
                before(net, pre, s, k, v, 1);
            }
        }

        // processing: consumes from what is available before processing, adds outputs at the hour's yield
        for (int i = 0; i < proc.length; i++) {
            Facility f = fs.get(proc[i]);
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            m.units[i] = new Variable[ms.size()][h];
            for (int k = 0; k < h; k++) {
                Expression cap = model.addExpression("cap" + i + "_" + k).upper(Math.max(0, pr.processing()[i][k]));
                for (int q = 0; q < ms.size(); q++) {
                    NetworkIndex.ModeIndex mi = ms.get(q);
                    double y = pr.yield()[i][q][k];
                    double loss = mi.inputMassKg() - mi.outputMassKg() * y;
                    double price = fulfilmentOnly ? 0 : -(f.unitCost() + prices.leakagePrice() * loss);
                    Variable u = model.addVariable("u" + i + "_" + q + "_" + k)
                            .lower(0)
                            .weight(price);
                    m.units[i][q][k] = u;
                    cap.set(u, 1);
                    for (int j = 0; j < mi.inputSlots().length; j++) {
                        int s = mi.inputSlots()[j];
                        if (sink[s]) continue;
                        net[s][k].add(u, mi.inputQty()[j]);
                        pre[s][k].add(u, mi.inputQty()[j]);
                    }
                    for (int j = 0; j < mi.outputSlots().length; j++) {
                        int s = mi.outputSlots()[j];
                        if (!sink[s]) net[s][k].add(u, -mi.outputQty()[j] * y);
                    }
                }
            }
        }

        // demand and backlog: b[k] <= B[k-1] = B0 + sum_{j<k} (demand - x - b), again as a cumulative row
        for (int j = 0; j < mk.length; j++) {
            Facility f = fs.get(mk[j]);
            int s = layout.marketProductSlot(j);
            int delay = Math.max(1, f.returnDelay());
            Terms sold = new Terms();
            double demandSoFar = 0;
            for (int k = 0; k < h; k++) {
                double d = Math.max(0, pr.demand()[j][k]);
                boolean counts = !fulfilmentOnly || (k >= fromK && k < toK);
                int hr = pr.periodStart()[k], last = pr.hours() - 1;
                double w = 1 + config.earlyServiceBonus() * (last > 0 ? (double) (last - hr) / last : 1);
                double vx = !counts ? 0 : fulfilmentOnly ? 1 : w * prices.serviceValue();
                double vb = !counts ? 0 : fulfilmentOnly ? 1 : w * prices.serviceValue() * config.backlogValueShare();
                Variable x =
                        model.addVariable("x" + j + "_" + k).lower(0).upper(d).weight(vx);
                Variable b = model.addVariable("b" + j + "_" + k).lower(0).weight(vb);
                m.served[j][k] = x;
                m.backlogServed[j][k] = b;
                Expression limit =
                        model.addExpression("blog" + j + "_" + k).upper(Math.max(0, pr.backlog()[j]) + demandSoFar);
                sold.setAll(limit);
                limit.set(b, 1);
                sold.add(x, 1);
                sold.add(b, 1);
                demandSoFar += d;
                if (!sink[s]) {
                    net[s][k].add(x, 1);
                    net[s][k].add(b, 1);
                }
                int back = pr.periodOf(pr.periodStart()[k] + delay);
                if (returnSlot[j] >= 0 && f.returnRate() > 0 && back < h && !sink[returnSlot[j]]) {
                    before(net, pre, returnSlot[j], back, x, f.returnRate());
                    before(net, pre, returnSlot[j], back, b, f.returnRate());
                }
            }
        }

        // shipments: leave after demand, arrive after their transit time
        for (int l = 0; l < lanes.size(); l++) {
            Lane lane = lanes.get(l);
            int from = layout.laneFromSlot(l), to = layout.laneToSlot(l);
            double leak = sink[to] ? prices.leakagePrice() * layout.slot(to).massKg() : 0;
            double price = fulfilmentOnly ? 0 : -(lane.unitCost() + leak);
            for (int k = 0; k < h; k++) {
                int arrive = pr.arrival()[l][k];
                // a shipment that lands after the window only costs (and landfill has no stock): leave it out
                if (arrive >= h && !sink[to]) continue;
                double hours = pr.periodStart()[k + 1] - pr.periodStart()[k];
                Variable v = model.addVariable("f" + l + "_" + k)
                        .lower(0)
                        .upper(lane.capacity() * hours)
                        .weight(price);
                m.flow[l][k] = v;
                if (!sink[from]) net[from][k].add(v, 1);
                if (arrive < h && !sink[to]) before(net, pre, to, arrive, v, 1);
            }
        }

        if (!fulfilmentOnly && pr.target() != null && config.recoveryPenalty() > 0) addRecoveryPenalty(model, pr, m);

        // the cumulative rows: availability before processing, and end-of-hour stock
        for (int s = 0; s < ns; s++) {
            if (sink[s]) continue;
            Terms cum = new Terms();
            double givenSoFar = 0;
            for (int k = 0; k < h; k++) {
                givenSoFar += given[s][k];
                if (pre[s][k] != null) {
                    Expression e = model.addExpression("pre" + s + "_" + k).upper(givenSoFar);
                    cum.setAll(e);
                    pre[s][k].addTo(e);
                }
                cum.addAll(net[s][k]);
                if (cum.isEmpty()) continue;
                cum.setAll(model.addExpression("bal" + s + "_" + k).upper(givenSoFar));
            }
        }
        m.net = net;
        m.given = given;
        return m;
    }

    /**
     * Per one-hour period k: a shortfall sigma_k >= 0 with (sum over the trailing hours of service) + sigma_k >= T·level,
     * service of a planned hour being sum_j x_j / sum_j demand_j and of a past hour its observed value; sigma_k costs
     * penalty × V × (1 + k / (H - 1)). Blocks of several hours carry no target (hourly service is not defined there).
     */
    private void addRecoveryPenalty(ExpressionsBasedModel model, WindowProblem pr, Model m) {
        WindowProblem.ServiceTarget target = pr.target();
        int h = pr.periods(), trail = target.trailingHours();
        double[] past = target.pastService();
        double unit = config.recoveryPenalty() * config.prices().serviceValue();
        for (int k = 0; k < h; k++) {
            if (pr.periodStart()[k + 1] - pr.periodStart()[k] != 1) break;
            double rhs = trail * target.level();
            Expression e = model.addExpression("trail" + k);
            for (int j = k - trail + 1; j <= k; j++) {
                if (j < 0) {
                    int p = past.length + j;
                    // hours before the window that the trace does not reach count as fully served
                    rhs -= p >= 0 ? past[p] : 1;
                    continue;
                }
                double d = 0;
                for (double[] row : pr.demand()) d += row[j];
                if (d <= 1e-9) {
                    rhs -= 1;
                    continue;
                }
                for (Variable[] x : m.served) e.set(x[j], 1 / d);
            }
            Variable sigma =
                    model.addVariable("sigma" + k).lower(0).weight(-unit * (1 + (h > 1 ? (double) k / (h - 1) : 0)));
            e.set(sigma, 1);
            e.lower(rhs);
        }
    }

    /** Adds an inflow that arrives before processing: it lowers the net outflow and raises the availability. */
    private static void before(Terms[][] net, Terms[][] pre, int s, int k, Variable v, double qty) {
        if (net[s][k] != null) net[s][k].add(v, -qty);
        if (pre[s][k] != null) pre[s][k].add(v, -qty);
    }

    /** A small sparse linear form: variables with coefficients, in insertion order. */
    private static final class Terms {
        private final java.util.LinkedHashMap<Variable, Double> terms = new java.util.LinkedHashMap<>();

        void add(Variable v, double c) {
            terms.merge(v, c, Double::sum);
        }

        void addAll(Terms other) {
            other.terms.forEach(this::add);
        }

        boolean isEmpty() {
            return terms.isEmpty();
        }

        /** Sets these coefficients on e (replacing what e has for the same variables). */
        void setAll(Expression e) {
            terms.forEach(e::set);
        }

        /** Adds these coefficients to what e already has. */
        void addTo(Expression e) {
            terms.forEach((v, c) -> {
                Number old = e.get(v);
                e.set(v, (old == null ? 0 : old.doubleValue()) + c);
            });
        }

        double value() {
            double x = 0;
            for (var en : terms.entrySet())
                x += en.getValue() * en.getKey().getValue().doubleValue();
            return x;
        }
    }

    /** The variables of one built model, read back into a plan after solving. */
    private final class Model {
        final ExpressionsBasedModel model;
        final WindowProblem problem;
        final Variable[][] procure, flow, served, backlogServed;
        Terms[][] net;
        double[][] given;
        final Variable[][][] units;

        Model(ExpressionsBasedModel model, WindowProblem problem, int h) {
            this.model = model;
            this.problem = problem;
            procure = new Variable[layout.suppliers().length][h];
            flow = new Variable[layout.network().lanes().size()][h];
            served = new Variable[layout.markets().length][h];
            backlogServed = new Variable[layout.markets().length][h];
            units = new Variable[layout.processors().length][][];
        }

        WindowPlan extract(double objective) {
            return new WindowPlan(
                    layout,
                    problem,
                    values(procure),
                    values3(units),
                    values(flow),
                    values(served),
                    values(backlogServed),
                    endStock(),
                    objective);
        }

        /** S[s][k] = sum_{j<=k} (given - net), read back from the solution (0 for sinks). */
        private double[][] endStock() {
            double[][] out = new double[given.length][given.length == 0 ? 0 : given[0].length];
            for (int s = 0; s < out.length; s++) {
                if (net[s][0] == null) continue;
                double x = 0;
                for (int k = 0; k < out[s].length; k++) out[s][k] = Math.max(0, x += given[s][k] - net[s][k].value());
            }
            return out;
        }

        private static double[][] values(Variable[][] vs) {
            double[][] out = new double[vs.length][];
            for (int i = 0; i < vs.length; i++) {
                out[i] = new double[vs[i].length];
                for (int k = 0; k < vs[i].length; k++)
                    out[i][k] = vs[i][k] == null
                            ? 0
                            : Math.max(0, vs[i][k].getValue().doubleValue());
            }
            return out;
        }

        private static double[][][] values3(Variable[][][] vs) {
            double[][][] out = new double[vs.length][][];
            for (int i = 0; i < vs.length; i++) out[i] = values(vs[i]);
            return out;
        }
    }
}
