package org.moca.opt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.moca.sim.Controls;
import org.moca.sim.NetworkIndex;

/**
 * A solved window LP: the planned quantities hour by hour, and their translation into the simulator's {@link Controls}.
 *
 * <p><b>From quantities to controls</b> (hour k): procurement rate = planned units / effective capacity; utilization =
 * planned units over all modes / effective capacity, mode shares = units per mode / their sum; release share = planned
 * shipments of the slot / the slot's stock at shipping time, which the LP knows exactly as {@code S[s][k] + shipments}
 * (stock after the hour's arrivals, processing and sales); routing = lane flows / their sum. Where a ratio has a zero
 * denominator (no capacity, nothing to ship) the control is set to 0 with equal shares, which the simulator executes as
 * "nothing" — the same as the plan.
 *
 * <p><b>Representability.</b> On the state the LP assumed, these controls reproduce the plan exactly: every planned
 * quantity is bounded by its capacity, the planned shipments never exceed the stock at shipping time, and the simulator
 * rations nothing because the plan consumes no more than is available. Two things the controls cannot express: (1) a plan
 * that holds stock at a market while demand goes unserved — the simulator always serves greedily (the objective's
 * early-service bonus makes such plans non-optimal); (2) the solver's round-off, which can put a ratio a hair outside
 * [0, 1] or a share a hair below 0: {@link #controls} projects back (clamp, renormalize), and {@code ExpertAction} encodes
 * only projected controls.
 */
public final class WindowPlan {

    private final NetworkIndex layout;
    private final WindowProblem problem;
    private final double[][] procurement; // [supplier][k]
    private final double[][][] units; // [processor][mode][k]
    private final double[][] flow; // [lane][k]
    private final double[][] served; // [market][k]
    private final double[][] backlogServed; // [market][k]
    private final double[][] stock; // [slot][k] end of hour
    private final double objective;

    WindowPlan(
            NetworkIndex layout,
            WindowProblem problem,
            double[][] procurement,
            double[][][] units,
            double[][] flow,
            double[][] served,
            double[][] backlogServed,
            double[][] stock,
            double objective) {
        this.layout = layout;
        this.problem = problem;
        this.procurement = procurement;
        this.units = units;
        this.flow = flow;
        this.served = served;
        this.backlogServed = backlogServed;
        this.stock = stock;
        this.objective = objective;
    }

    public WindowProblem problem() {
        return problem;
    }

    /** Periods planned (hours, on the hourly grid). */
    public int periods() {
        return problem.periods();
    }

    /** Absolute hour of the first planned hour. */
    public int start() {
        return problem.start();
    }

    public double objective() {
        return objective;
    }

    /** Planned units bought from the i-th supplier in window hour k. */
    public double procurement(int supplierOrdinal, int k) {
        return procurement[supplierOrdinal][k];
    }

    /** Planned units of the m-th mode of the i-th processor in window hour k. */
    public double units(int processorOrdinal, int mode, int k) {
        return units[processorOrdinal][mode][k];
    }

    /** Planned units shipped on lane l in window hour k. */
    public double flow(int lane, int k) {
        return flow[lane][k];
    }

    /** Planned demand served in its hour (all markets) in window hour k. */
    public double served(int k) {
        double x = 0;
        for (double[] row : served) x += row[k];
        return x;
    }

    /** Planned backlog served (all markets) in window hour k. */
    public double backlogServed(int k) {
        double x = 0;
        for (double[] row : backlogServed) x += row[k];
        return x;
    }

    /** Planned units delivered (served plus backlog served) over window hours [fromK, toK). */
    public double fulfilled(int fromK, int toK) {
        double x = 0;
        for (int k = Math.max(0, fromK); k < Math.min(periods(), toK); k++) x += served(k) + backlogServed(k);
        return x;
    }

    /** Planned end-of-hour stock of slot s in window hour k (0 for landfill slots). */
    public double stock(int slot, int k) {
        return stock[slot][k];
    }

    /** The controls that execute window hour k of the plan, projected onto the valid range. */
    public Controls controls(int k) {
        if (k < 0 || k >= periods())
            throw new IllegalArgumentException("hour " + k + " is outside the plan's " + periods() + " hours");
        int[] sup = layout.suppliers();
        double[] p = new double[sup.length];
        for (int i = 0; i < sup.length; i++) p[i] = ratio(procurement[i][k], problem.supply()[i][k]);
        int np = layout.processors().length;
        double[] util = new double[np];
        double[][] modes = new double[np][];
        for (int i = 0; i < np; i++) {
            double[] u = new double[units[i].length];
            double total = 0;
            for (int m = 0; m < u.length; m++) total += u[m] = units[i][m][k];
            util[i] = ratio(total, problem.processing()[i][k]);
            modes[i] = shares(u);
        }
        int[] ship = layout.shipSlots();
        double[] release = new double[ship.length];
        double[][] routing = new double[ship.length][];
        for (int i = 0; i < ship.length; i++) {
            int[] ls = layout.shipLanes(i);
            double[] q = new double[ls.length];
            double total = 0;
            for (int j = 0; j < ls.length; j++) total += q[j] = flow[ls[j]][k];
            release[i] = ratio(total, stock[ship[i]][k] + total);
            routing[i] = shares(q);
        }
        return new Controls(p, util, modes, release, routing);
    }

    /**
     * The plan's controls averaged over its first {@code hours} hours, each period weighted by its length in hours
     * ({@link Controls#mean}): the rate the expert intends to sustain, free of the bang-bang timing an LP picks among
     * equally good hourly schedules. Used as an imitation target.
     */
    public Controls meanControls(int hours) {
        return meanControls(0, hours);
    }

    /**
     * The plan's controls averaged over its hours {@code [fromHour, fromHour + hours)} counted from the plan's start
     * (fewer where the plan ends), each hour weighted once: {@link #meanControls(int)} from a later hour, the label of
     * a state the plan predicts for that hour.
     *
     * @throws IllegalArgumentException when {@code hours < 1} or {@code fromHour} is not an hour of the plan
     */
    public Controls meanControls(int fromHour, int hours) {
        if (hours < 1) throw new IllegalArgumentException("hours must be >= 1, got " + hours);
        int[] starts = problem.periodStart();
        int end = starts[periods()];
        if (fromHour < 0 || fromHour >= end)
            throw new IllegalArgumentException("hour " + fromHour + " is outside the plan's " + end + " hours");
        List<Controls> hourly = new ArrayList<>();
        int to = Math.min(end, fromHour + hours);
        for (int k = 0; k < periods() && starts[k] < to; k++) {
            if (starts[k + 1] <= fromHour) continue;
            Controls c = controls(k);
            for (int h = Math.max(starts[k], fromHour); h < Math.min(starts[k + 1], to); h++) hourly.add(c);
        }
        return Controls.mean(hourly);
    }

    /** The controls the plan applies in its hour {@code hour} (counted from its start), whatever period holds it. */
    public Controls controlsAtHour(int hour) {
        int[] starts = problem.periodStart();
        if (hour < 0 || hour >= starts[periods()])
            throw new IllegalArgumentException(
                    "hour " + hour + " is outside the plan's " + starts[periods()] + " hours");
        int k = 0;
        while (starts[k + 1] <= hour) k++;
        return controls(k);
    }

    /** {@code a / b} clamped to [0, 1]; 0 when there is (numerically) nothing to divide. */
    static double ratio(double a, double b) {
        if (!(b > 1e-9) || !(a > 1e-9)) return 0;
        return Math.min(1, Math.max(0, a / b));
    }

    /** Non-negative shares summing to 1; equal shares when everything is (numerically) zero. */
    static double[] shares(double[] q) {
        double[] s = new double[q.length];
        double total = 0;
        for (int j = 0; j < q.length; j++) total += s[j] = q[j] > 1e-9 ? q[j] : 0;
        if (total <= 0) {
            Arrays.fill(s, 1.0 / q.length);
            return s;
        }
        for (int j = 0; j < s.length; j++) s[j] /= total;
        return s;
    }
}
