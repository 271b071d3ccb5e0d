package org.moca.opt;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.SupplyNetwork;
import org.moca.sim.NetworkIndex;

/**
 * The window LP: the simulator's hourly dynamics over a window of hours, as a linear program (the expected-value model
 * of the simulator when its parameters come from an {@link ExpectedForecast}, an exact model of an episode when they
 * come from a {@link PerfectForecast}).
 *
 * <p><b>Variables</b>, per window period k (an hour on the hourly grid; see {@link WindowProblem} for blocks):
 * procurement {@code p[i][k]} per virgin supplier, units processed {@code u[i][m][k]} per processor mode, flow
 * {@code f[l][k]} per lane (left out when it would land after the window), demand served in its hour {@code x[j][k]} and
 * backlog served {@code b[j][k]} per market, the end-of-period stock {@code S[s][k] >= 0} per slot and backlog
 * {@code B[j][k] >= 0} per market, and with a {@link WindowProblem.ServiceTarget} a trailing-service shortfall
 * {@code σ[k]}.
 *
 * <p><b>Constraints</b> follow the simulator's order of events in hour k (see
 * {@link org.moca.sim.CircularSupplySimulator}): the stock available before processing is
 * {@code A[s][k] = S[s][k-1] + arrivals + procurement + exogenous inflow + returns}, where arrivals are the pipeline
 * already under way plus this plan's shipments {@code f[l][k']} that land in k, and returns are those under way plus
 * {@code returnRate × (x + b)} of {@code returnDelay} hours ago. Processing consumes at most what is available before
 * processing ({@code Σ_m in[s,m]·u[m][k] ≤ A[s][k]}), with {@code Σ_m u[i][m][k]} bounded by the effective capacity;
 * outputs are added at the hour's yield. Then {@code x[j][k] ≤ demand}, {@code b[j][k] ≤ B[j][k-1]} with
 * {@code B[j][k] = B[j][k-1] + demand − x − b}; then shipments {@code f[l][k] ≤ lane capacity}; and the balance
 * {@code S[s][k] = A[s][k] − inputs + outputs − sales − shipments}. Unserved demand is a slack (the backlog), so the LP
 * is always feasible; a solver failure throws with the instance's label and start hour. (Stocks are variables, one
 * balance row per slot and period: O(periods × (slots + lanes + modes)) non-zeros, which a sparse solver wants; the
 * ojAlgo-era form wrote stocks as cumulative sums, O(periods²) non-zeros, which suited a dense tableau.)
 *
 * <p><b>Objective</b> (maximized): {@code Σ_k w_k · V · (x + β·b)} minus procurement, processing and transport cost,
 * minus the leakage price on processing losses and shipments to landfill and the virgin price on procured mass, minus
 * the recovery penalty on {@code σ}, with {@code V} the service value, {@code β} the backlog share and {@code w_k}
 * falling linearly from {@code 1 + earlyServiceBonus} to 1 (see {@link WindowLpConfig}). {@link #maxFulfilment} instead
 * maximizes the units delivered (served plus backlog served) in a sub-window, with no prices at all: on a perfect
 * forecast its optimum is an upper bound of what any policy can deliver there.
 *
 * <p><b>One plan, not one of many</b> ({@link WindowLpConfig#uniquePlan()}). The window LP is degenerate: with zero
 * holding cost, buying or shipping an hour earlier or later, or splitting a flow over two equally priced routes, often
 * leaves the objective unchanged, and each solver's simplex then returns another optimal plan (issue 17 measured the
 * MPC's realized service over three episodes ranging from 2,738 to 3,670 units with the solver). So the plan is
 * lexicographic (e.g. Isermann 1982; the standard "preemptive" multi-objective LP): stage 1 is the objective above;
 * stage 2 keeps stage 1's objective within {@code tieTolerance} (relative, 1e-9) of its optimum and minimizes the time-weighted activity of the controls,
 * {@code Σ_k Σ_v (t_k + 1)/H · (1 + ½ ξ_v) · q_v[k] / (c_v · len_k)} over procurement, processing and lane flows, with
 * {@code c_v} the variable's capacity per hour, {@code len_k} the period's hours and {@code ξ_v ∈ [0, 1)} a fixed
 * low-discrepancy sequence over the variables. Its meaning: among equally good plans, move material as early as
 * possible (a buffer against the noise the expected-value model leaves out), and between equally early ones prefer by
 * a fixed generic weight. A linear objective in general position has a unique optimal vertex, so the plan does not
 * depend on the solver up to its tolerances ({@code WindowLpSolversTest} checks the controls).
 *
 * <p>Size: O(periods × (slots + lanes + modes + markets)) rows, columns and non-zeros; solved by the backend of
 * {@link WindowLpConfig#solver()} (measured in {@code experiments/results/scale/}).
 */
public final class WindowLp {

    /** The golden ratio's fractional part: {@code frac(j·φ)} is a low-discrepancy sequence in [0, 1). */
    private static final double PHI = 0.6180339887498949;

    private final NetworkIndex layout;
    private final WindowLpConfig config;

    public WindowLp(NetworkIndex layout, WindowLpConfig config) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.config = Objects.requireNonNull(config, "config");
    }

    public NetworkIndex layout() {
        return layout;
    }

    /**
     * Solves the planning LP (both stages when {@link WindowLpConfig#uniquePlan()}); the plan's objective is stage 1's.
     *
     * @throws IllegalStateException when the solver ends without an optimum, naming the instance, its start hour and the
     *                               solver state
     */
    public WindowPlan plan(WindowProblem problem) {
        Model m = build(problem, false, 0, 0);
        double z = m.lp.maximize(describe(problem, "planning"));
        if (config.uniquePlan()) {
            m.lp.maximizeSecondary(
                    z, m.secondary, config.tieTolerance(), describe(problem, "planning, stage 2 (tie-break)"));
        }
        return m.extract(z);
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
        return m.lp.maximize(describe(problem, "max-fulfilment"));
    }

    private static String describe(WindowProblem problem, String what) {
        return "window LP (" + what + ") of " + problem.label() + " at hour " + problem.start() + " over "
                + problem.hours() + " h in " + problem.periods() + " periods";
    }

    /** The tie-break weight of the j-th column: 1 + ½ frac((j + 1)·φ), in [1, 1.5). */
    static double generic(int j) {
        double x = (j + 1) * PHI;
        return 1 + 0.5 * (x - Math.floor(x));
    }

    private Model build(WindowProblem pr, boolean fulfilmentOnly, int fromK, int toK) {
        SupplyNetwork network = layout.network();
        List<Facility> fs = network.facilities();
        List<Lane> lanes = network.lanes();
        int h = pr.periods();
        int[] sup = layout.suppliers(), proc = layout.processors(), mk = layout.markets(), col = layout.collections();
        int ns = layout.slotCount();
        PlanningPrices prices = config.prices();
        LinearProgram lp = new LinearProgram(config.solver());
        Model m = new Model(lp, pr, h);
        double inf = Double.POSITIVE_INFINITY;
        int[] len = new int[h];
        for (int k = 0; k < h; k++) len[k] = pr.periodStart()[k + 1] - pr.periodStart()[k];
        // the tie-break's time weight of period k: (first hour + 1) / hours
        double[] late = new double[h];
        for (int k = 0; k < h; k++) late[k] = (pr.periodStart()[k] + 1.0) / pr.hours();
        DoubleList secondary = new DoubleList();

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

        // Per (slot, period): the plan's net outflow (inputs + sales + shipments - outputs - inflows) and the part that
        // happens before processing (inputs - inflows before processing).
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
                int v = lp.variable(0, Math.max(0, pr.supply()[i][k]), price);
                m.procure[i][k] = v;
                secondary.set(v, -late[k] * generic(v) / (Math.max(1e-9, f.capacity()) * len[k]));
                before(net, pre, s, k, v, 1);
            }
        }

        // processing: consumes from what is available before processing, adds outputs at the hour's yield
        for (int i = 0; i < proc.length; i++) {
            Facility f = fs.get(proc[i]);
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            m.units[i] = new int[ms.size()][h];
            for (int k = 0; k < h; k++) {
                LinearProgram.Row cap = lp.row(-inf, Math.max(0, pr.processing()[i][k]));
                for (int q = 0; q < ms.size(); q++) {
                    NetworkIndex.ModeIndex mi = ms.get(q);
                    double y = pr.yield()[i][q][k];
                    double loss = mi.inputMassKg() - mi.outputMassKg() * y;
                    double price = fulfilmentOnly ? 0 : -(f.unitCost() + prices.leakagePrice() * loss);
                    int u = lp.variable(0, inf, price);
                    m.units[i][q][k] = u;
                    secondary.set(u, -late[k] * generic(u) / (Math.max(1e-9, f.capacity()) * len[k]));
                    cap.add(u, 1);
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

        // demand and backlog: b[k] <= B[k-1], B[k] = B[k-1] + demand - x - b
        for (int j = 0; j < mk.length; j++) {
            Facility f = fs.get(mk[j]);
            int s = layout.marketProductSlot(j);
            int delay = Math.max(1, f.returnDelay());
            int prevBacklog = -1;
            double b0 = Math.max(0, pr.backlog()[j]);
            for (int k = 0; k < h; k++) {
                double d = Math.max(0, pr.demand()[j][k]);
                boolean counts = !fulfilmentOnly || (k >= fromK && k < toK);
                int hr = pr.periodStart()[k], last = pr.hours() - 1;
                double w = 1 + config.earlyServiceBonus() * (last > 0 ? (double) (last - hr) / last : 1);
                double vx = !counts ? 0 : fulfilmentOnly ? 1 : w * prices.serviceValue();
                double vb = !counts ? 0 : fulfilmentOnly ? 1 : w * prices.serviceValue() * config.backlogValueShare();
                int x = lp.variable(0, d, vx);
                int b = lp.variable(0, inf, vb);
                int backlog = lp.variable(0, inf, 0);
                m.served[j][k] = x;
                m.backlogServed[j][k] = b;
                // b <= B[k-1]
                LinearProgram.Row limit = lp.row(-inf, prevBacklog < 0 ? b0 : 0).add(b, 1);
                if (prevBacklog >= 0) limit.add(prevBacklog, -1);
                // B[k] - B[k-1] + x + b = demand (+ B0 in the first period)
                double rhs = d + (prevBacklog < 0 ? b0 : 0);
                LinearProgram.Row bal =
                        lp.row(rhs, rhs).add(backlog, 1).add(x, 1).add(b, 1);
                if (prevBacklog >= 0) bal.add(prevBacklog, -1);
                prevBacklog = backlog;
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
            Arrays.fill(m.flow[l], -1);
            for (int k = 0; k < h; k++) {
                int arrive = pr.arrival()[l][k];
                // a shipment that lands after the window only costs (and landfill has no stock): leave it out
                if (arrive >= h && !sink[to]) continue;
                int v = lp.variable(0, lane.capacity() * len[k], price);
                m.flow[l][k] = v;
                secondary.set(v, -late[k] * generic(v) / (Math.max(1e-9, lane.capacity()) * len[k]));
                if (!sink[from]) net[from][k].add(v, 1);
                if (arrive < h && !sink[to]) before(net, pre, to, arrive, v, 1);
            }
        }

        if (!fulfilmentOnly && pr.target() != null && config.recoveryPenalty() > 0) addRecoveryPenalty(lp, pr, m);

        // per slot and period: availability before processing, and the stock balance
        for (int s = 0; s < ns; s++) {
            if (sink[s]) continue;
            int prev = -1;
            for (int k = 0; k < h; k++) {
                if (pre[s][k] != null) {
                    // inputs - inflows before processing <= S[k-1] + given[k]
                    LinearProgram.Row r = lp.row(-inf, given[s][k]);
                    pre[s][k].addTo(r);
                    if (prev >= 0) r.add(prev, -1);
                }
                int stock = lp.variable(0, inf, 0);
                m.stock[s][k] = stock;
                // S[k] - S[k-1] + net[k] = given[k]
                LinearProgram.Row r = lp.row(given[s][k], given[s][k]).add(stock, 1);
                if (prev >= 0) r.add(prev, -1);
                net[s][k].addTo(r);
                prev = stock;
            }
        }
        m.secondary = secondary.toArray(lp.columns());
        return m;
    }

    /**
     * Per one-hour period k: a shortfall sigma_k >= 0 with (sum over the trailing hours of service) + sigma_k >= T·level,
     * service of a planned hour being sum_j x_j / sum_j demand_j and of a past hour its observed value; sigma_k costs
     * penalty × V × (1 + k / (H - 1)). Blocks of several hours carry no target (hourly service is not defined there).
     */
    private void addRecoveryPenalty(LinearProgram lp, WindowProblem pr, Model m) {
        WindowProblem.ServiceTarget target = pr.target();
        int h = pr.periods(), trail = target.trailingHours();
        double[] past = target.pastService();
        double unit = config.recoveryPenalty() * config.prices().serviceValue();
        for (int k = 0; k < h; k++) {
            if (pr.periodStart()[k + 1] - pr.periodStart()[k] != 1) break;
            double rhs = trail * target.level();
            Terms e = new Terms();
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
                for (int[] x : m.served) e.add(x[j], 1 / d);
            }
            int sigma = lp.variable(0, Double.POSITIVE_INFINITY, -unit * (1 + (h > 1 ? (double) k / (h - 1) : 0)));
            LinearProgram.Row r = lp.row(rhs, Double.POSITIVE_INFINITY).add(sigma, 1);
            e.addTo(r);
        }
    }

    /** Adds an inflow that arrives before processing: it lowers the net outflow and raises the availability. */
    private static void before(Terms[][] net, Terms[][] pre, int s, int k, int v, double qty) {
        if (net[s][k] != null) net[s][k].add(v, -qty);
        if (pre[s][k] != null) pre[s][k].add(v, -qty);
    }

    /** A small sparse linear form: columns with coefficients (repeats are summed when the row is built). */
    private static final class Terms {
        private int[] idx = new int[4];
        private double[] coef = new double[4];
        private int n;

        void add(int j, double c) {
            if (n == idx.length) {
                idx = Arrays.copyOf(idx, 2 * n);
                coef = Arrays.copyOf(coef, 2 * n);
            }
            idx[n] = j;
            coef[n++] = c;
        }

        void addTo(LinearProgram.Row r) {
            for (int i = 0; i < n; i++) r.add(idx[i], coef[i]);
        }
    }

    /** A growable map from column index to a coefficient (0 where unset). */
    private static final class DoubleList {
        private double[] a = new double[64];

        void set(int j, double v) {
            if (j >= a.length) a = Arrays.copyOf(a, Math.max(2 * a.length, j + 1));
            a[j] = v;
        }

        double[] toArray(int n) {
            return Arrays.copyOf(a, n);
        }
    }

    /** The columns of one built model, read back into a plan after solving. */
    private final class Model {
        final LinearProgram lp;
        final WindowProblem problem;
        final int[][] procure, flow, served, backlogServed, stock;
        final int[][][] units;
        double[] secondary;

        Model(LinearProgram lp, WindowProblem problem, int h) {
            this.lp = lp;
            this.problem = problem;
            procure = new int[layout.suppliers().length][h];
            flow = new int[layout.network().lanes().size()][h];
            served = new int[layout.markets().length][h];
            backlogServed = new int[layout.markets().length][h];
            units = new int[layout.processors().length][][];
            stock = new int[layout.slotCount()][h];
            for (int[] row : stock) Arrays.fill(row, -1);
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
                    values(stock),
                    objective);
        }

        private double[][] values(int[][] vs) {
            double[][] out = new double[vs.length][];
            for (int i = 0; i < vs.length; i++) {
                out[i] = new double[vs[i].length];
                for (int k = 0; k < vs[i].length; k++) out[i][k] = vs[i][k] < 0 ? 0 : Math.max(0, lp.value(vs[i][k]));
            }
            return out;
        }

        private double[][][] values3(int[][][] vs) {
            double[][][] out = new double[vs.length][][];
            for (int i = 0; i < vs.length; i++) out[i] = values(vs[i]);
            return out;
        }
    }
}
