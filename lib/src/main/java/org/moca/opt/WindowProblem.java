package org.moca.opt;

import java.util.Arrays;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.SupplyNetwork;
import org.moca.sim.NetworkIndex;
import org.moca.sim.SimulatorView;

/**
 * One instance of the window LP: the state of the network at the start of hour {@code start} and the exogenous
 * parameters of the window's periods. A period is a block of consecutive hours; in the exact (hourly) grid every period
 * is one hour, and only then is the LP an exact model of the simulator. A coarser grid (hourly first, then blocks of
 * several hours) lets a rolling planner look far ahead cheaply: quantities of a block are its totals, and a shipment
 * dispatched in a block is taken to leave at the block's first hour. All arrays are in the index order of the
 * {@link NetworkIndex}; k indexes periods.
 *
 * @param label       names the instance in error messages (e.g. the scenario's label)
 * @param start       absolute hour at which period 0 starts
 * @param periodStart hour offsets of the period starts, ascending from 0, with the window's length appended
 * @param stock       units per slot at the start of hour {@code start}
 * @param pipeline    [lane][k] units already shipped that arrive in period k
 * @param returns     [market][k] end-of-life returns already under way that arrive in period k
 * @param backlog     per market, backlog at the start
 * @param supply      [supplier][k] units procurable in period k (effective capacity × hours)
 * @param processing  [processor][k] units processable over all modes in period k
 * @param yield       [processor][mode][k] mean output multiplier in period k
 * @param demand      [market][k] demand in period k
 * @param inflow      [collection][k] exogenous inflow units in period k
 * @param arrival     [lane][k] period in which a shipment dispatched in period k arrives ({@link #periods()} if after the
 *                    window)
 * @param target      the service level to hold, or null for none
 */
public record WindowProblem(
        String label,
        int start,
        int[] periodStart,
        double[] stock,
        double[][] pipeline,
        double[][] returns,
        double[] backlog,
        double[][] supply,
        double[][] processing,
        double[][][] yield,
        double[][] demand,
        double[][] inflow,
        int[][] arrival,
        ServiceTarget target) {

    /**
     * A recovery target: the trailing mean of hourly service (served in the hour / demand of the hour, all markets)
     * should stay at or above {@code level}.
     *
     * @param level         the level, e.g. 0.95 × the pre-onset baseline
     * @param trailingHours hours in the trailing mean, at least 1
     * @param pastService   service of the hours just before the window, oldest first (at most trailingHours - 1 used)
     */
    public record ServiceTarget(double level, int trailingHours, double[] pastService) {
        public ServiceTarget {
            if (!(level >= 0 && level <= 1))
                throw new IllegalArgumentException("level must be in [0, 1], got " + level);
            if (trailingHours < 1)
                throw new IllegalArgumentException("trailingHours must be >= 1, got " + trailingHours);
            Objects.requireNonNull(pastService, "pastService");
        }

        /** The target of a {@link org.moca.sim.RecoveryCriteria}: threshold × baseline, the view's last service values. */
        public static ServiceTarget of(SimulatorView view, org.moca.sim.RecoveryCriteria criteria, double baseline) {
            double[] s = view.trace().serviceCurve();
            double[] past = Arrays.copyOfRange(s, Math.max(0, s.length - criteria.trailingHours() + 1), s.length);
            return new ServiceTarget(criteria.threshold() * baseline, criteria.trailingHours(), past);
        }
    }

    /** The same problem with a service target. */
    public WindowProblem withTarget(ServiceTarget t) {
        return new WindowProblem(
                label,
                start,
                periodStart,
                stock,
                pipeline,
                returns,
                backlog,
                supply,
                processing,
                yield,
                demand,
                inflow,
                arrival,
                t);
    }

    public WindowProblem {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(periodStart, "periodStart");
        if (periodStart.length < 2 || periodStart[0] != 0) {
            throw new IllegalArgumentException(
                    "periodStart must start at 0 and hold at least one period, got " + Arrays.toString(periodStart));
        }
        for (int k = 1; k < periodStart.length; k++) {
            if (periodStart[k] <= periodStart[k - 1])
                throw new IllegalArgumentException("periodStart must be strictly ascending");
        }
        for (Object a :
                new Object[] {stock, pipeline, returns, backlog, supply, processing, yield, demand, inflow, arrival}) {
            Objects.requireNonNull(a, "window problem arrays");
        }
    }

    /** Number of periods. */
    public int periods() {
        return periodStart.length - 1;
    }

    /** Number of hours covered. */
    public int hours() {
        return periodStart[periodStart.length - 1];
    }

    /** The period containing hour offset {@code t} ({@link #periods()} if t is at or after the window's end). */
    public int periodOf(int t) {
        if (t >= hours()) return periods();
        int i = Arrays.binarySearch(periodStart, t);
        return i >= 0 ? i : -i - 2;
    }

    /** Every period one hour long: the exact grid. */
    public static int[] hourly(int hours) {
        if (hours < 1) throw new IllegalArgumentException("hours must be >= 1, got " + hours);
        int[] g = new int[hours + 1];
        for (int k = 0; k <= hours; k++) g[k] = k;
        return g;
    }

    /** {@code fineHours} one-hour periods, then blocks of {@code block} hours (the last one shorter) up to {@code hours}. */
    public static int[] coarse(int hours, int fineHours, int block) {
        if (hours < 1 || fineHours < 1 || block < 1) {
            throw new IllegalArgumentException(
                    "hours, fineHours and block must be >= 1, got " + hours + ", " + fineHours + ", " + block);
        }
        java.util.List<Integer> g = new java.util.ArrayList<>();
        for (int t = 0; t < hours; t += t < fineHours ? 1 : block) g.add(t);
        g.add(hours);
        return g.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The window starting at the view's current hour: state read from the simulator (stock, pending returns, backlog,
     * the shipments in transit), parameters from the forecast — including when each shipment in transit lands, which
     * the view does not say — aggregated over the periods of {@code grid}.
     *
     * @param grid period starts as by {@link #hourly} or {@link #coarse}
     */
    public static WindowProblem of(String label, SimulatorView view, int[] grid, WindowForecast forecast) {
        NetworkIndex layout = view.layout();
        SupplyNetwork net = layout.network();
        int start = view.hour();
        int n = grid.length - 1, hours = grid[n];
        int[] periodOfHour = new int[hours];
        for (int k = 0; k < n; k++) for (int t = grid[k]; t < grid[k + 1]; t++) periodOfHour[t] = k;
        int nl = net.lanes().size();
        double[] stock = new double[layout.slotCount()];
        for (int s = 0; s < stock.length; s++) stock[s] = view.stock(s);
        double[][] pipeline = new double[nl][n];
        int[][] arrival = new int[nl][n];
        for (int l = 0; l < nl; l++) {
            for (SimulatorView.Shipment s : view.shipmentsInTransit(l)) {
                int at = forecast.arrivalHour(l, s, start) - start;
                if (at < 0)
                    throw new IllegalStateException("forecast put a shipment on lane " + l + " before hour " + start);
                if (at < hours) pipeline[l][periodOfHour[at]] += s.units();
            }
            for (int k = 0; k < n; k++) {
                int at = grid[k] + forecast.transit(l, start + grid[k]);
                arrival[l][k] = at >= hours ? n : periodOfHour[at];
            }
        }
        int[] mk = layout.markets();
        double[][] returns = new double[mk.length][n];
        double[] backlog = new double[mk.length];
        double[][] demand = new double[mk.length][n];
        for (int i = 0; i < mk.length; i++) {
            backlog[i] = view.backlog(i);
            for (int t = 0; t < hours; t++) {
                returns[i][periodOfHour[t]] += view.returnsArriving(i, t);
                demand[i][periodOfHour[t]] += forecast.demand(i, start + t);
            }
        }
        int[] sup = layout.suppliers();
        double[][] supply = new double[sup.length][n];
        for (int i = 0; i < sup.length; i++) {
            double cap = net.facilities().get(sup[i]).capacity();
            for (int t = 0; t < hours; t++)
                supply[i][periodOfHour[t]] += cap * forecast.capacityFactor(sup[i], start + t);
        }
        int[] proc = layout.processors();
        double[][] processing = new double[proc.length][n];
        double[][][] yield = new double[proc.length][][];
        for (int i = 0; i < proc.length; i++) {
            double cap = net.facilities().get(proc[i]).capacity();
            int modes = layout.modesOf(i).size();
            yield[i] = new double[modes][n];
            for (int t = 0; t < hours; t++) {
                int k = periodOfHour[t];
                processing[i][k] += cap * forecast.capacityFactor(proc[i], start + t);
                for (int m = 0; m < modes; m++)
                    yield[i][m][k] += forecast.yieldFactor(i, m, start + t) / (grid[k + 1] - grid[k]);
            }
        }
        int[] col = layout.collections();
        double[][] inflow = new double[col.length][n];
        for (int i = 0; i < col.length; i++) {
            Facility c = net.facilities().get(col[i]);
            for (int t = 0; t < hours; t++) {
                inflow[i][periodOfHour[t]] +=
                        c.capacity() * forecast.capacityFactor(col[i], start + t) * forecast.inflowFactor(i, start + t);
            }
        }
        return new WindowProblem(
                label,
                start,
                grid.clone(),
                stock,
                pipeline,
                returns,
                backlog,
                supply,
                processing,
                yield,
                demand,
                inflow,
                arrival,
                null);
    }
}
