package org.moca.twin;

import java.util.List;
import java.util.Objects;
import org.moca.opt.WindowProblem;
import org.moca.sim.DisruptionType;
import org.moca.sim.EpisodeTrace;
import org.moca.sim.NetworkIndex;
import org.moca.sim.RecoveryCriteria;
import org.moca.sim.RecoveryMetrics;
import org.moca.sim.SimulatorView;

/**
 * A snapshot of a simulation at the start of an hour, everything a {@link DifferentiableTwin} rollout starts from: the
 * state the actions move (stock per slot, the shipments in transit per lane as an operator knows them — when each left,
 * its scheduled transit and its units, not when a late one will land — units in transit, end-of-life returns due,
 * backlog), what a policy observed of the exogenous side in the last hour (capacity, yield, demand and delay
 * factors, last demand, the active disruption types), the first observed onset and the recovery target.
 *
 * <p>Immutable (the arrays are copied in and never handed out). Taking one costs O(slots + shipments in transit + markets × return
 * delay + facilities). When each shipment arrives is the rollout's forecast's call
 * ({@link org.moca.opt.WindowForecast#arrivalHour}), as it is the MPC expert's.
 */
public final class TwinState {

    private final NetworkIndex layout;
    private final int hour;
    private final double[] stock;
    private final List<List<SimulatorView.Shipment>> shipments; // [lane], oldest first
    private final double[] inTransit;
    private final double[][] returns; // [market][hours ahead]
    private final double[] backlog;
    private final double[] lastDemand;
    private final double[] capacityFactor;
    private final double[] yieldFactor;
    private final double[] demandFactor;
    private final double[] delayFactor;
    private final boolean[] typeActive;
    private final int firstOnset;
    private final WindowProblem.ServiceTarget target;
    private final EpisodeTrace trace;

    private TwinState(SimulatorView view, int firstOnset, WindowProblem.ServiceTarget target) {
        this.layout = view.layout();
        this.hour = view.hour();
        var net = layout.network();
        int slots = layout.slotCount(), lanes = net.lanes().size(), markets = layout.markets().length;
        int facilities = net.facilities().size();
        stock = new double[slots];
        for (int s = 0; s < slots; s++) stock[s] = view.stock(s);
        List<List<SimulatorView.Shipment>> sh = new java.util.ArrayList<>(lanes);
        inTransit = new double[lanes];
        delayFactor = new double[lanes];
        for (int l = 0; l < lanes; l++) {
            sh.add(List.copyOf(view.shipmentsInTransit(l)));
            inTransit[l] = view.inTransit(l);
            delayFactor[l] = view.delayFactor(l);
        }
        shipments = List.copyOf(sh);
        returns = new double[markets][];
        backlog = new double[markets];
        lastDemand = new double[markets];
        for (int i = 0; i < markets; i++) {
            int f = layout.markets()[i];
            int delay = Math.max(1, net.facilities().get(f).returnDelay());
            returns[i] = new double[delay + 1];
            for (int h = 0; h <= delay; h++) returns[i][h] = view.returnsArriving(i, h);
            backlog[i] = view.backlog(i);
            lastDemand[i] = view.lastDemand(i);
        }
        capacityFactor = new double[facilities];
        yieldFactor = new double[facilities];
        demandFactor = new double[facilities];
        for (int f = 0; f < facilities; f++) {
            capacityFactor[f] = view.capacityFactor(f);
            yieldFactor[f] = view.yieldFactorOf(f);
            demandFactor[f] = view.demandFactorOf(f);
        }
        typeActive = new boolean[DisruptionType.values().length];
        for (DisruptionType t : DisruptionType.values()) typeActive[t.ordinal()] = view.typeActive(t);
        this.firstOnset = firstOnset;
        this.target = target;
        this.trace = view.trace();
    }

    /**
     * The view's current state.
     *
     * @param firstOnset the first observed disruption onset, or a negative number if none has begun (the state
     *                   encoder's elapsed-time feature)
     * @param target     the recovery target of the objective's shortfall term, or null for none
     */
    public static TwinState of(SimulatorView view, int firstOnset, WindowProblem.ServiceTarget target) {
        Objects.requireNonNull(view, "view");
        return new TwinState(view, firstOnset, target);
    }

    /**
     * The view's current state with the recovery target the MPC expert holds: once a disruption has been observed
     * ({@code firstOnset >= 1}), the criteria's threshold times the service baseline before {@code firstOnset}, with
     * the trace's last service values as the trailing hours before the rollout; before that, none.
     */
    public static TwinState observe(SimulatorView view, int firstOnset, RecoveryCriteria criteria) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(criteria, "criteria");
        WindowProblem.ServiceTarget target = null;
        if (firstOnset >= 1 && firstOnset <= view.hour()) {
            double baseline = RecoveryMetrics.baseline(view.trace().serviceCurve(), firstOnset);
            target = WindowProblem.ServiceTarget.of(view, criteria, baseline);
        }
        return new TwinState(view, firstOnset, target);
    }

    public NetworkIndex layout() {
        return layout;
    }

    /** The hour about to be simulated. */
    public int hour() {
        return hour;
    }

    public int firstOnset() {
        return firstOnset;
    }

    /** The recovery target, or null. */
    public WindowProblem.ServiceTarget target() {
        return target;
    }

    /** The trace of the simulation this state was taken from (the hours before {@link #hour()}). */
    EpisodeTrace trace() {
        return trace;
    }

    double stock(int s) {
        return stock[s];
    }

    /** The shipments in transit on lane l at {@link #hour()}, oldest first (an immutable list). */
    List<SimulatorView.Shipment> shipments(int l) {
        return shipments.get(l);
    }

    double inTransit(int l) {
        return inTransit[l];
    }

    double returnsArriving(int market, int h) {
        return h < returns[market].length ? returns[market][h] : 0;
    }

    double backlog(int market) {
        return backlog[market];
    }

    double lastDemand(int market) {
        return lastDemand[market];
    }

    double capacityFactor(int f) {
        return capacityFactor[f];
    }

    double yieldFactor(int f) {
        return yieldFactor[f];
    }

    double demandFactor(int f) {
        return demandFactor[f];
    }

    double delayFactor(int l) {
        return delayFactor[l];
    }

    boolean typeActive(DisruptionType t) {
        return typeActive[t.ordinal()];
    }
}
