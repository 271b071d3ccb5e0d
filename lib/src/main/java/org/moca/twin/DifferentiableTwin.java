package org.moca.twin;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.SupplyNetwork;
import org.moca.opt.WindowForecast;
import org.moca.opt.WindowProblem;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Controls;
import org.moca.sim.DisruptionType;
import org.moca.sim.EpisodeTrace;
import org.moca.sim.HourFactors;
import org.moca.sim.NetworkIndex;
import org.moca.sim.SimulatorView;

/**
 * The simulator's hourly dynamics as a differentiable program: a forward pass that reproduces
 * {@link CircularSupplySimulator#step} operation for operation on a {@link WindowForecast}'s exogenous inputs, and its
 * reverse-mode adjoint, which returns the gradient of the episode objective ({@link TwinObjective}) with respect to
 * every hour's action vector in one backward pass (the adjoint method of optimal control; backpropagation through
 * time). The action vector is the {@link ActionCodec}'s, so the decoder's sigmoid and floored softmax are
 * differentiated too.
 *
 * <p><b>Exact dynamics, not a smoothed twin.</b> The hour is piecewise linear in the state and the decoded controls:
 * proportional rationing {@code phi = min(1, stock / need)} of a processor's modes, {@code served = min(stock,
 * demand)}, {@code fromBacklog = min(stock, backlog)}, the lane cap {@code min(release × split, capacity)}, and the
 * rounding guards {@code max(0, ·)} on stock. The forward pass evaluates them exactly as the simulator does (same
 * operations in the same order: on the episode's {@code PerfectForecast} it equals the simulator bit for bit), and the
 * adjoint differentiates the branch each kink took — the derivative almost everywhere, as in Hindsight Differentiable
 * Policy Optimization (M. Alvo, D. Russo, Y. Kanoria, M. Lee, "Deep reinforcement learning for inventory networks:
 * toward reliable policy optimization", arXiv 2306.11246, 2023) and DirectBackprop (D. Madeka et al., "Deep inventory
 * management", arXiv 2210.03137, 2022). At a tie the branch is fixed by convention: rationing binds only when
 * {@code stock / need < 1} strictly, {@code min(stock, x)} takes the stock side only when {@code stock < x}, the lane cap
 * binds only when {@code release × split > capacity}; a mode or shipment the simulator skips because its quantity is
 * zero is differentiated as a quantity of zero (so an empty input slot passes {@code units / need} to its stock: more
 * input, more output). Where a kink is flat (a capped lane, a saturated sigmoid, a share at the softmax floor, a market
 * already served in full) the gradient is zero, exactly.
 *
 * <p><b>Objective.</b> {@code J = sum_k [w_u (D_k - S_k) + w_c C_k + w_r max(0, T level - trailing service sum)]}
 * over the hours simulated (see {@link TwinObjective}); the shortfall term needs the {@link TwinState}'s recovery
 * target, and is 0 without one.
 *
 * <p><b>Use.</b> {@link #reset} from a {@link TwinState} with a forecast and a horizon, {@link #step} once per hour
 * (reading the current state through {@link #view()} in between, e.g. for a policy), then {@link #beginBackward} and
 * {@link #backwardHour} once per hour in reverse, optionally {@link #addStateCotangent} between them (the gradient of
 * the objective through a policy's observation of the state before the hour just reversed). Or
 * {@link #objectiveAndGradient} for fixed actions (open loop).
 *
 * <p><b>Cost.</b> The forward and the backward hour are both O(slots + lanes + modes + inputs); the tape holds
 * O(hours × (lanes + modes + inputs + slots of shipping)) numbers and the decoded controls. Measured by
 * {@code org.moca.bench.TwinBench}. Not thread-safe: one twin per thread.
 */
public final class DifferentiableTwin {

    private final NetworkIndex layout;
    private final TwinObjective objective;
    private final ActionCodec codec;
    private final int nSlots, nLanes, nSup, nProc, nMk, nCol, nShip, nModes, nInputs, nFacilities, dim;
    private final double[] slotMass;
    private final int[] supFacility, supSlot;
    private final double[] supCap, supCost;
    private final int[] colFacility, colSlot;
    private final double[] colCap;
    private final int[] procFacility;
    private final double[] procCap, procCost;
    private final int[] modeFrom; // [processor] first global mode index, length nProc + 1
    private final int[][] inSlot, outSlot; // [global mode][j]
    private final double[][] inQty, outQty;
    private final double[] inMass;
    private final int[] inputFrom; // [global mode] first global input index, length nModes + 1
    private final int[] inputSlot; // [global input] its slot
    private final double[][] needCoef; // [global input][local mode k2] = units of that input's slot per unit of mode k2
    private final int[] mkFacility, mkSlot, mkReturnSlot, mkDelay;
    private final double[] mkRate;
    private final int[] shipSlot;
    private final int[][] shipLanes;
    private final double[] laneCap, laneCost, laneMass;
    private final int[] laneTo;
    private final boolean[] supplierLike, processor;
    private final int reach;

    // ---- the rollout ----
    private TwinState start;
    private WindowForecast forecast;
    private int horizon;
    private int done;
    private int pipeLen, retLen, capacity;
    private final double[] stock, inTransit, backlog;
    private double[][] pipe = new double[0][], ret = new double[0][];
    private double initialMass, inflowMass, landfillLossMass, retainedMass;

    // ---- the tape, [hour * width + index] ----
    private double[][] actions = new double[0][];
    private Controls[] controls = new Controls[0];
    private double[] supCapF = new double[0], procCapF = new double[0], target = new double[0];
    private boolean[] procSkipped = new boolean[0];
    private double[] units = new double[0], phi = new double[0], bindNeed = new double[0], bindStock = new double[0];
    private double[] modeU = new double[0], yield = new double[0];
    private int[] bind = new int[0];
    private boolean[] consumeClamped = new boolean[0];
    private boolean[] servedFromStock = new boolean[0], backlogFromStock = new boolean[0];
    private double[] shipStockPre = new double[0], release = new double[0];
    private boolean[] shipClamped = new boolean[0], capped = new boolean[0];
    private int[] arrival = new int[0];
    private double[] shipped = new double[0];
    private double[] served = new double[0], demand = new double[0], cost = new double[0], service = new double[0];

    // ---- the adjoint ----
    private final double[] lStock, lInTransit, lBacklog;
    private double[][] lPipe = new double[0][], lRet = new double[0][];
    private double[] dJdServed = new double[0];
    private final Controls lControls;
    private final double[] lu, lUnits;
    private int reversed = -1; // next hour to reverse is reversed - 1; -1: no backward begun

    private final TwinView view = new TwinView();

    public DifferentiableTwin(NetworkIndex layout, TwinObjective objective) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.codec = new ActionCodec(layout);
        SupplyNetwork net = layout.network();
        List<Facility> fs = net.facilities();
        List<Lane> lanes = net.lanes();
        nSlots = layout.slotCount();
        nLanes = lanes.size();
        nFacilities = fs.size();
        dim = codec.dimension();
        slotMass = new double[nSlots];
        for (int s = 0; s < nSlots; s++) slotMass[s] = layout.slot(s).massKg();

        supFacility = layout.suppliers();
        nSup = supFacility.length;
        supSlot = new int[nSup];
        supCap = new double[nSup];
        supCost = new double[nSup];
        for (int i = 0; i < nSup; i++) {
            supSlot[i] = layout.supplierSlot(i);
            supCap[i] = fs.get(supFacility[i]).capacity();
            supCost[i] = fs.get(supFacility[i]).unitCost();
        }
        colFacility = layout.collections();
        nCol = colFacility.length;
        colSlot = new int[nCol];
        colCap = new double[nCol];
        for (int c = 0; c < nCol; c++) {
            colSlot[c] = layout.collectionInflowSlot(c);
            colCap[c] = fs.get(colFacility[c]).capacity();
        }

        procFacility = layout.processors();
        nProc = procFacility.length;
        procCap = new double[nProc];
        procCost = new double[nProc];
        modeFrom = new int[nProc + 1];
        for (int i = 0; i < nProc; i++) {
            procCap[i] = fs.get(procFacility[i]).capacity();
            procCost[i] = fs.get(procFacility[i]).unitCost();
            modeFrom[i + 1] = modeFrom[i] + layout.modesOf(i).size();
        }
        nModes = modeFrom[nProc];
        inSlot = new int[nModes][];
        outSlot = new int[nModes][];
        inQty = new double[nModes][];
        outQty = new double[nModes][];
        inMass = new double[nModes];
        inputFrom = new int[nModes + 1];
        int maxModes = 1;
        for (int i = 0; i < nProc; i++) {
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            maxModes = Math.max(maxModes, ms.size());
            for (int k = 0; k < ms.size(); k++) {
                int m = modeFrom[i] + k;
                inSlot[m] = ms.get(k).inputSlots().clone();
                inQty[m] = ms.get(k).inputQty().clone();
                outSlot[m] = ms.get(k).outputSlots().clone();
                outQty[m] = ms.get(k).outputQty().clone();
                inMass[m] = ms.get(k).inputMassKg();
                inputFrom[m + 1] = inputFrom[m] + inSlot[m].length;
            }
        }
        nInputs = inputFrom[nModes];
        inputSlot = new int[nInputs];
        needCoef = new double[nInputs][];
        for (int i = 0; i < nProc; i++) {
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            for (int k = 0; k < ms.size(); k++) {
                int m = modeFrom[i] + k;
                for (int j = 0; j < inSlot[m].length; j++) {
                    int g = inputFrom[m] + j;
                    inputSlot[g] = inSlot[m][j];
                    needCoef[g] = new double[ms.size()];
                    for (int k2 = 0; k2 < ms.size(); k2++) needCoef[g][k2] = inputOf(ms.get(k2), inSlot[m][j]);
                }
            }
        }

        mkFacility = layout.markets();
        nMk = mkFacility.length;
        mkSlot = new int[nMk];
        mkReturnSlot = new int[nMk];
        mkDelay = new int[nMk];
        mkRate = new double[nMk];
        for (int i = 0; i < nMk; i++) {
            Facility m = fs.get(mkFacility[i]);
            mkSlot[i] = layout.marketProductSlot(i);
            mkReturnSlot[i] = layout.marketReturnSlot(i);
            mkDelay[i] = Math.max(1, m.returnDelay());
            mkRate[i] = m.returnRate();
        }

        shipSlot = layout.shipSlots();
        nShip = shipSlot.length;
        shipLanes = new int[nShip][];
        for (int i = 0; i < nShip; i++) shipLanes[i] = layout.shipLanes(i);
        laneCap = new double[nLanes];
        laneCost = new double[nLanes];
        laneMass = new double[nLanes];
        laneTo = new int[nLanes];
        for (int l = 0; l < nLanes; l++) {
            laneCap[l] = lanes.get(l).capacity();
            laneCost[l] = lanes.get(l).unitCost();
            laneMass[l] = layout.laneMassKg(l);
            laneTo[l] = layout.laneToSlot(l);
        }
        supplierLike = new boolean[nFacilities];
        processor = new boolean[nFacilities];
        for (int f = 0; f < nFacilities; f++) {
            FacilityType t = fs.get(f).type();
            supplierLike[f] = t == FacilityType.VIRGIN_SUPPLIER || t == FacilityType.COLLECTION;
            processor[f] = t.isProcessor();
        }
        reach = CircularSupplySimulator.pipelineHours(net);

        stock = new double[nSlots];
        inTransit = new double[nLanes];
        backlog = new double[nMk];
        lStock = new double[nSlots];
        lInTransit = new double[nLanes];
        lBacklog = new double[nMk];
        lControls = Controls.zeros(layout);
        lu = new double[maxModes];
        lUnits = new double[maxModes];
    }

    private static double inputOf(NetworkIndex.ModeIndex m, int slot) {
        for (int j = 0; j < m.inputSlots().length; j++) if (m.inputSlots()[j] == slot) return m.inputQty()[j];
        return 0;
    }

    public NetworkIndex layout() {
        return layout;
    }

    public TwinObjective objectiveWeights() {
        return objective;
    }

    /** The decoder of the action vectors {@link #step} takes. */
    public ActionCodec codec() {
        return codec;
    }

    /**
     * Starts a rollout of {@code horizon} hours from {@code start} on {@code forecast}'s exogenous inputs (capacity
     * factors, yields, demand, inflows and transit times of the absolute hours {@code start.hour()} onwards).
     *
     * @throws IllegalArgumentException when the state belongs to another network, the horizon is below 1, or the
     *                                  forecast gives a transit time below 1 hour
     */
    public void reset(TwinState start, WindowForecast forecast, int horizon) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(forecast, "forecast");
        if (start.layout() != layout && !start.layout().network().equals(layout.network())) {
            throw new IllegalArgumentException("the start state belongs to network "
                    + start.layout().network().name() + ", the twin to "
                    + layout.network().name());
        }
        if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1 hour, got " + horizon);
        this.start = start;
        this.forecast = forecast;
        this.horizon = horizon;
        this.done = 0;
        this.reversed = -1;
        ensureCapacity(horizon);

        int maxTransit = 1;
        for (int k = 0; k < horizon; k++) {
            int t = start.hour() + k;
            for (int l = 0; l < nLanes; l++) {
                int transit = forecast.transit(l, t);
                if (transit < 1) {
                    throw new IllegalArgumentException("forecast transit of lane "
                            + layout.network().lanes().get(l).id() + " in hour " + t + " is " + transit
                            + ", expected >= 1");
                }
                arrival[k * nLanes + l] = k + transit;
                maxTransit = Math.max(maxTransit, transit);
            }
        }
        // the shipments in transit at the start land when the forecast says (as in the MPC's window problem)
        int lastStartArrival = 0;
        for (int l = 0; l < nLanes; l++) {
            for (SimulatorView.Shipment sh : start.shipments(l)) {
                int at = forecast.arrivalHour(l, sh, start.hour()) - start.hour();
                if (at < 0) {
                    throw new IllegalArgumentException("forecast puts a shipment on lane "
                            + layout.network().lanes().get(l).id() + " (dispatched in hour " + sh.dispatchHour()
                            + ") before hour " + start.hour() + ", expected an arrival at or after it");
                }
                lastStartArrival = Math.max(lastStartArrival, at);
            }
        }
        int maxDelay = 1;
        for (int d : mkDelay) maxDelay = Math.max(maxDelay, d);
        pipeLen = Math.max(Math.max(horizon + maxTransit + 1, reach), lastStartArrival + 1);
        retLen = horizon + maxDelay + 1;
        if (pipe.length != nLanes || (nLanes > 0 && pipe[0].length < pipeLen)) {
            pipe = new double[nLanes][pipeLen];
            lPipe = new double[nLanes][pipeLen];
        }
        if (ret.length != nMk || (nMk > 0 && ret[0].length < retLen)) {
            ret = new double[nMk][retLen];
            lRet = new double[nMk][retLen];
        }
        double mass = 0;
        for (int s = 0; s < nSlots; s++) {
            stock[s] = start.stock(s);
            mass += stock[s] * slotMass[s];
        }
        for (int l = 0; l < nLanes; l++) {
            double[] p = pipe[l];
            Arrays.fill(p, 0, pipeLen, 0);
            for (SimulatorView.Shipment sh : start.shipments(l))
                p[forecast.arrivalHour(l, sh, start.hour()) - start.hour()] += sh.units();
            inTransit[l] = start.inTransit(l);
            mass += inTransit[l] * laneMass[l];
        }
        for (int i = 0; i < nMk; i++) {
            double[] r = ret[i];
            Arrays.fill(r, 0, retLen, 0);
            for (int h = 0; h <= mkDelay[i]; h++) r[h] = start.returnsArriving(i, h);
            backlog[i] = start.backlog(i);
            if (mkReturnSlot[i] >= 0) for (int h = 0; h <= mkDelay[i]; h++) mass += r[h] * slotMass[mkReturnSlot[i]];
        }
        initialMass = mass;
        inflowMass = landfillLossMass = retainedMass = 0;
    }

    private void ensureCapacity(int h) {
        if (h <= capacity) return;
        capacity = h;
        actions = new double[h][dim];
        controls = new Controls[h];
        supCapF = new double[h * nSup];
        procCapF = new double[h * nProc];
        target = new double[h * nProc];
        procSkipped = new boolean[h * nProc];
        units = new double[h * nModes];
        phi = new double[h * nModes];
        bindNeed = new double[h * nModes];
        bindStock = new double[h * nModes];
        modeU = new double[h * nModes];
        yield = new double[h * nModes];
        bind = new int[h * nModes];
        consumeClamped = new boolean[h * nInputs];
        servedFromStock = new boolean[h * nMk];
        backlogFromStock = new boolean[h * nMk];
        shipStockPre = new double[h * nShip];
        release = new double[h * nShip];
        shipClamped = new boolean[h * nShip];
        capped = new boolean[h * nLanes];
        arrival = new int[h * nLanes];
        shipped = new double[h * nLanes];
        served = new double[h];
        demand = new double[h];
        cost = new double[h];
        service = new double[h];
        dJdServed = new double[h];
    }

    /** Hours of the current rollout. */
    public int horizon() {
        return horizon;
    }

    /** Hours simulated so far in the current rollout. */
    public int hoursDone() {
        return done;
    }

    /**
     * The current state as a policy observes it (read-only, live: it follows the twin). The action-dependent quantities
     * (stock, pipelines, in transit, returns, backlog) are the twin's; the exogenous observations are the start
     * state's, except the capacity factors and the supplier-outage and capacity-loss flags, which follow the forecast
     * (the factor of the last simulated hour, as the simulator shows it). The forecast does not separate a yield,
     * demand or delay disruption from noise, so those factors, their flags and the last demand stay at their values at
     * the start; none of them depends on the actions.
     */
    public SimulatorView view() {
        return view;
    }

    /**
     * The factors of the hour about to be simulated, as a policy knows them (state layout
     * {@value org.moca.sim.StateEncoder#LAYOUT_VERSION}): the forecast's capacity factors of that hour and the
     * supplier-outage and capacity-loss flags they imply; the yield, demand and delay factors and the other flags stay
     * at the start state's, as in {@link #view()}.
     */
    public HourFactors knownFactors() {
        int t = view.hour();
        return new HourFactors() {
            @Override
            public double capacityFactor(int facility) {
                return forecast.capacityFactor(facility, t);
            }

            @Override
            public double yieldFactor(int facility) {
                return view.yieldFactorOf(facility);
            }

            @Override
            public double demandFactor(int facility) {
                return view.demandFactorOf(facility);
            }

            @Override
            public double delayFactor(int lane) {
                return view.delayFactor(lane);
            }

            @Override
            public boolean typeActive(DisruptionType type) {
                boolean[] kind = switch (type) {
                    case SUPPLIER_OUTAGE -> supplierLike;
                    case CAPACITY_LOSS -> processor;
                    default -> null;
                };
                if (kind == null) return view.typeActive(type);
                for (int f = 0; f < nFacilities; f++) if (kind[f] && capacityFactor(f) < 1) return true;
                return false;
            }
        };
    }

    /**
     * Simulates the next hour under {@code action} (decoded by {@link #codec()}), recording what the adjoint needs.
     *
     * @throws IllegalStateException    when the rollout's horizon is reached (or none was started)
     * @throws IllegalArgumentException when the action has the wrong length, or the forecast's demand is negative
     */
    public void step(double[] action) {
        if (start == null) throw new IllegalStateException("no rollout: call reset first");
        if (done >= horizon) throw new IllegalStateException("the rollout is over after " + horizon + " hours");
        int k = done, t = start.hour() + k;
        Controls c = codec.decode(action);
        System.arraycopy(action, 0, actions[k], 0, dim);
        controls[k] = c;
        reversed = -1;
        double hourCost = 0;

        // 2. arrivals
        for (int l = 0; l < nLanes; l++) {
            double q = pipe[l][k];
            if (q != 0) {
                inTransit[l] -= q;
                stock[laneTo[l]] += q;
            }
        }
        for (int i = 0; i < nMk; i++) {
            double q = ret[i][k];
            if (mkReturnSlot[i] >= 0) stock[mkReturnSlot[i]] += q;
        }

        // 3. procurement and exogenous inflow
        for (int i = 0; i < nSup; i++) {
            double capF = forecast.capacityFactor(supFacility[i], t);
            supCapF[k * nSup + i] = capF;
            double q = c.procurement()[i] * supCap[i] * capF;
            int s = supSlot[i];
            stock[s] += q;
            inflowMass += q * slotMass[s];
            hourCost += q * supCost[i];
        }
        for (int i = 0; i < nCol; i++) {
            double q = colCap[i] * forecast.capacityFactor(colFacility[i], t) * forecast.inflowFactor(i, t);
            int s = colSlot[i];
            stock[s] += q;
            inflowMass += q * slotMass[s];
        }

        // 4. processing
        for (int i = 0; i < nProc; i++) hourCost += process(i, k, t, c);

        // 5-6. demand, backlog, returns
        double hourServed = 0, hourDemand = 0;
        for (int i = 0; i < nMk; i++) {
            double d = forecast.demand(i, t);
            if (!(d >= 0)) {
                throw new IllegalArgumentException(
                        "forecast demand of market ordinal " + i + " in hour " + t + " is " + d + ", expected >= 0");
            }
            int s = mkSlot[i];
            int at = k * nMk + i;
            servedFromStock[at] = stock[s] < d;
            double sv = Math.min(stock[s], d);
            stock[s] -= sv;
            backlogFromStock[at] = stock[s] < backlog[i];
            double fb = Math.min(stock[s], backlog[i]);
            stock[s] -= fb;
            backlog[i] += d - sv - fb;
            double sold = sv + fb;
            double back = sold * mkRate[i];
            ret[i][k + mkDelay[i]] += back;
            retainedMass += (sold - back) * slotMass[s];
            hourDemand += d;
            hourServed += sv;
        }

        // 7. shipments
        for (int i = 0; i < nShip; i++) {
            int s = shipSlot[i];
            int at = k * nShip + i;
            shipStockPre[at] = stock[s];
            double rel = c.release()[i] * stock[s];
            release[at] = rel;
            shipClamped[at] = false;
            int[] ls = shipLanes[i];
            for (int l : ls) shipped[k * nLanes + l] = 0;
            if (rel <= 0) {
                for (int l : ls) capped[k * nLanes + l] = false;
                continue;
            }
            double[] split = c.routing()[i];
            for (int j = 0; j < ls.length; j++) {
                int l = ls[j];
                double want = rel * split[j];
                capped[k * nLanes + l] = want > laneCap[l];
                double q = Math.min(want, laneCap[l]);
                if (q <= 0) continue;
                stock[s] -= q;
                pipe[l][arrival[k * nLanes + l]] += q;
                inTransit[l] += q;
                shipped[k * nLanes + l] = q;
                hourCost += q * laneCost[l];
            }
            if (stock[s] < 0) {
                stock[s] = 0; // rounding only, as in the simulator
                shipClamped[at] = true;
            }
        }

        served[k] = hourServed;
        demand[k] = hourDemand;
        cost[k] = hourCost;
        service[k] = hourDemand > 0 ? hourServed / hourDemand : 1;
        done++;
    }

    /** Processor i in hour k (absolute t): the simulator's rationing, consumption and output; returns its cost. */
    private double process(int i, int k, int t, Controls c) {
        int at = k * nProc + i;
        double capF = forecast.capacityFactor(procFacility[i], t);
        procCapF[at] = capF;
        double tgt = c.utilization()[i] * procCap[i] * capF;
        target[at] = tgt;
        int m0 = modeFrom[i], n = modeFrom[i + 1] - m0;
        procSkipped[at] = tgt <= 0;
        int base = k * nModes;
        if (tgt <= 0) {
            for (int m = m0; m < m0 + n; m++) {
                bind[base + m] = -1;
                for (int j = 0; j < inSlot[m].length; j++) consumeClamped[k * nInputs + inputFrom[m] + j] = false;
            }
            return 0;
        }
        double[] shares = c.modeShares()[i];
        for (int kk = 0; kk < n; kk++) units[base + m0 + kk] = tgt * shares[kk];
        for (int kk = 0; kk < n; kk++) {
            int m = m0 + kk;
            double p = 1;
            int b = -1;
            for (int j = 0; j < inSlot[m].length; j++) {
                int g = inputFrom[m] + j;
                int s = inSlot[m][j];
                double need = 0;
                for (int k2 = 0; k2 < n; k2++) need += units[base + m0 + k2] * needCoef[g][k2];
                if (need > 0) {
                    double r = stock[s] / need;
                    if (r < p) {
                        b = g;
                        bindNeed[base + m] = need;
                        bindStock[base + m] = stock[s];
                    }
                    p = Math.min(p, r);
                }
            }
            phi[base + m] = p;
            bind[base + m] = b;
            modeU[base + m] = units[base + m] * Math.max(0, p);
            yield[base + m] = forecast.yieldFactor(i, kk, t);
        }
        double processed = 0;
        for (int kk = 0; kk < n; kk++) {
            int m = m0 + kk;
            double u = modeU[base + m];
            for (int j = 0; j < inSlot[m].length; j++) consumeClamped[k * nInputs + inputFrom[m] + j] = false;
            if (u <= 0) continue;
            processed += u;
            for (int j = 0; j < inSlot[m].length; j++) {
                int s = inSlot[m][j];
                double v = stock[s] - u * inQty[m][j];
                consumeClamped[k * nInputs + inputFrom[m] + j] = v < 0;
                stock[s] = Math.max(0, v);
            }
            double y = yield[base + m];
            double outMass = 0;
            for (int j = 0; j < outSlot[m].length; j++) {
                int s = outSlot[m][j];
                double q = u * outQty[m][j] * y;
                stock[s] += q;
                outMass += q * slotMass[s];
            }
            landfillLossMass += u * inMass[m] - outMass;
        }
        return processed * procCost[i];
    }

    // ---- objective ----

    /** The objective over the hours simulated so far. */
    public double objective() {
        return objective.unmetWeight() * unmetDemand()
                + objective.costWeight() * totalCost()
                + objective.shortfallWeight() * shortfall();
    }

    /** Demand not served in its hour, summed over the hours simulated. */
    public double unmetDemand() {
        double x = 0;
        for (int k = 0; k < done; k++) x += demand[k] - served[k];
        return x;
    }

    /** Cost summed over the hours simulated. */
    public double totalCost() {
        double x = 0;
        for (int k = 0; k < done; k++) x += cost[k];
        return x;
    }

    /** Recovery shortfall {@code sum_k max(0, T level - trailing service sum)}; 0 without a target. */
    public double shortfall() {
        WindowProblem.ServiceTarget tg = start == null ? null : start.target();
        if (tg == null) return 0;
        double x = 0;
        for (int k = 0; k < done; k++) x += Math.max(0, hourShortfall(tg, k));
        return x;
    }

    /** {@code T level - sum_(j = k-T+1..k) s_j}: positive when hour k's trailing service is below the target. */
    private double hourShortfall(WindowProblem.ServiceTarget tg, int k) {
        int trail = tg.trailingHours();
        double[] past = tg.pastService();
        double sum = 0;
        for (int j = k - trail + 1; j <= k; j++) {
            if (j >= 0) sum += service[j];
            else {
                int p = past.length + j;
                sum += p >= 0 ? past[p] : 1; // hours the trace does not reach count as served, as in the window LP
            }
        }
        return trail * tg.level() - sum;
    }

    /** Demand of hour k of the rollout (all markets). */
    public double demand(int k) {
        requireDone(k);
        return demand[k];
    }

    /** Demand of hour k served in hour k (all markets). */
    public double served(int k) {
        requireDone(k);
        return served[k];
    }

    /** Cost of hour k. */
    public double cost(int k) {
        requireDone(k);
        return cost[k];
    }

    private void requireDone(int k) {
        if (k < 0 || k >= done) throw new IllegalArgumentException("hour " + k + " is not simulated (0.." + done + ")");
    }

    /** Units in stock at slot s now. */
    public double stock(int s) {
        return stock[s];
    }

    /** Backlog of the i-th market now. */
    public double backlog(int marketOrdinal) {
        return backlog[marketOrdinal];
    }

    /** Units in transit on lane l now. */
    public double inTransit(int lane) {
        return inTransit[lane];
    }

    /**
     * Mass balance residual now: stock + in transit + pending returns + processing losses + mass retained in use,
     * minus the start's mass plus the inflow since (the simulator's own account, {@link
     * CircularSupplySimulator#massBalanceError()}).
     */
    public double massBalanceError() {
        return systemMass() - (initialMass + inflowMass);
    }

    /** The start's tracked mass plus the inflow since: the scale for {@link #massBalanceError()}. */
    public double massScale() {
        return initialMass + inflowMass;
    }

    private double systemMass() {
        double m = 0;
        for (int s = 0; s < nSlots; s++) m += stock[s] * slotMass[s];
        for (int l = 0; l < nLanes; l++) m += inTransit[l] * laneMass[l];
        for (int i = 0; i < nMk; i++) {
            if (mkReturnSlot[i] < 0) continue;
            for (int h = done; h < retLen; h++) m += ret[i][h] * slotMass[mkReturnSlot[i]];
        }
        return m + landfillLossMass + retainedMass;
    }

    // ---- the adjoint ----

    /**
     * Starts the reverse pass over the hours simulated: clears the adjoint state and computes
     * {@code dJ/dS_k = -w_u - w_r sum_(u = k .. k+T-1, short_u > 0) 1 / D_k} for every hour (the shortfall of hour u
     * counts the service of the T hours up to u).
     */
    public void beginBackward() {
        if (start == null || done == 0) throw new IllegalStateException("no hour simulated to differentiate");
        Arrays.fill(lStock, 0);
        Arrays.fill(lInTransit, 0);
        Arrays.fill(lBacklog, 0);
        for (double[] p : lPipe) Arrays.fill(p, 0, pipeLen, 0);
        for (double[] r : lRet) Arrays.fill(r, 0, retLen, 0);
        WindowProblem.ServiceTarget tg = start.target();
        for (int k = 0; k < done; k++) {
            double g = -objective.unmetWeight();
            if (tg != null && objective.shortfallWeight() > 0 && demand[k] > 0) {
                int active = 0;
                for (int u = k; u < Math.min(done, k + tg.trailingHours()); u++) if (hourShortfall(tg, u) > 0) active++;
                g -= objective.shortfallWeight() * active / demand[k];
            }
            dJdServed[k] = g;
        }
        reversed = done;
    }

    /** The hour the next {@link #backwardHour} reverses, or -1 when the reverse pass is complete. */
    public int nextHourToReverse() {
        return reversed - 1;
    }

    /**
     * Reverses the next hour k (from the last simulated down to 0): writes {@code dJ/da_k}, the gradient of the
     * objective with respect to hour k's action vector — through every later hour and, for cotangents added by
     * {@link #addStateCotangent}, through the observations made after hour k — into {@code actionGradient}, and turns
     * the adjoint state into that of the state before hour k.
     */
    public void backwardHour(double[] actionGradient) {
        if (reversed <= 0) throw new IllegalStateException("call beginBackward first, once per simulated hour");
        if (actionGradient.length != dim) {
            throw new IllegalArgumentException(
                    "actionGradient has " + actionGradient.length + " entries, the actions have " + dim);
        }
        int k = --reversed;
        Controls c = controls[k];
        double wc = objective.costWeight();

        // 7. shipments
        for (int i = nShip - 1; i >= 0; i--) {
            int s = shipSlot[i];
            int at = k * nShip + i;
            if (shipClamped[at]) lStock[s] = 0;
            double rel = release[at], lRel = 0;
            int[] ls = shipLanes[i];
            double[] split = c.routing()[i];
            double[] lSplit = lControls.routing()[i];
            for (int j = 0; j < ls.length; j++) {
                int l = ls[j];
                double lq = wc * laneCost[l] + lInTransit[l] + lPipe[l][arrival[k * nLanes + l]] - lStock[s];
                if (capped[k * nLanes + l]) {
                    lSplit[j] = 0;
                } else {
                    lRel += split[j] * lq;
                    lSplit[j] = rel * lq;
                }
            }
            lControls.release()[i] = shipStockPre[at] * lRel;
            lStock[s] += c.release()[i] * lRel;
        }

        // 5-6. demand, backlog, returns
        for (int i = nMk - 1; i >= 0; i--) {
            int s = mkSlot[i];
            int at = k * nMk + i;
            double lSold = mkRate[i] * lRet[i][k + mkDelay[i]];
            double lB = lBacklog[i], lS2 = lStock[s];
            double lFb = lSold - lS2 - lB;
            double lServed = lSold - lB + dJdServed[k];
            double lS1 = lS2, lBpre = lB;
            if (backlogFromStock[at]) lS1 += lFb;
            else lBpre += lFb;
            lServed -= lS1;
            double lS0 = lS1;
            if (servedFromStock[at]) lS0 += lServed;
            lStock[s] = lS0;
            lBacklog[i] = lBpre;
        }

        // 4. processing
        for (int i = nProc - 1; i >= 0; i--) processBackward(i, k, c, wc);

        // 3. procurement
        for (int i = 0; i < nSup; i++) {
            lControls.procurement()[i] = supCap[i] * supCapF[k * nSup + i] * (lStock[supSlot[i]] + wc * supCost[i]);
        }

        // 2. arrivals
        for (int i = 0; i < nMk; i++) lRet[i][k] = mkReturnSlot[i] >= 0 ? lStock[mkReturnSlot[i]] : 0;
        for (int l = 0; l < nLanes; l++) lPipe[l][k] = lStock[laneTo[l]] - lInTransit[l];

        codec.backward(actions[k], lControls, actionGradient);
    }

    private void processBackward(int i, int k, Controls c, double wc) {
        int at = k * nProc + i;
        int m0 = modeFrom[i], n = modeFrom[i + 1] - m0;
        double[] lShares = lControls.modeShares()[i];
        if (procSkipped[at]) {
            lControls.utilization()[i] = 0;
            Arrays.fill(lShares, 0);
            return;
        }
        int base = k * nModes;
        for (int kk = 0; kk < n; kk++) lu[kk] = wc * procCost[i];
        for (int kk = n - 1; kk >= 0; kk--) {
            int m = m0 + kk;
            double y = yield[base + m];
            for (int j = 0; j < outSlot[m].length; j++) lu[kk] += outQty[m][j] * y * lStock[outSlot[m][j]];
            for (int j = inSlot[m].length - 1; j >= 0; j--) {
                int s = inSlot[m][j];
                if (consumeClamped[k * nInputs + inputFrom[m] + j]) lStock[s] = 0;
                else lu[kk] -= inQty[m][j] * lStock[s];
            }
        }
        for (int kk = 0; kk < n; kk++) lUnits[kk] = 0;
        for (int kk = 0; kk < n; kk++) {
            int m = m0 + kk;
            lUnits[kk] += Math.max(0, phi[base + m]) * lu[kk];
            int g = bind[base + m];
            if (g >= 0) {
                double need = bindNeed[base + m], st = bindStock[base + m], un = units[base + m];
                lStock[inputSlot[g]] += un / need * lu[kk];
                double lNeed = -un * st / (need * need) * lu[kk];
                for (int k2 = 0; k2 < n; k2++) lUnits[k2] += needCoef[g][k2] * lNeed;
            }
        }
        double tgt = target[at], lTarget = 0;
        double[] shares = c.modeShares()[i];
        for (int kk = 0; kk < n; kk++) {
            lTarget += shares[kk] * lUnits[kk];
            lShares[kk] = tgt * lUnits[kk];
        }
        lControls.utilization()[i] = procCap[i] * procCapF[at] * lTarget;
    }

    /**
     * The gradient of the objective with respect to the decoded controls of the hour last reversed by
     * {@link #backwardHour} (before the decoder's derivative: the marginal value of each control, defined at its
     * bounds too). A live buffer, overwritten by the next {@link #backwardHour}.
     */
    public Controls controlsGradient() {
        if (reversed < 0 || reversed == done) throw new IllegalStateException("no hour reversed yet");
        return lControls;
    }

    /**
     * Adds {@code dJ} with respect to the state before the hour last reversed (stock per slot, units in transit per
     * lane, backlog per market): the objective's dependence on that state through a policy's observation of it. Any
     * argument may be null.
     */
    public void addStateCotangent(double[] dStock, double[] dInTransit, double[] dBacklog) {
        if (reversed < 0) throw new IllegalStateException("no reverse pass in progress");
        if (dStock != null) for (int s = 0; s < nSlots; s++) lStock[s] += dStock[s];
        if (dInTransit != null) for (int l = 0; l < nLanes; l++) lInTransit[l] += dInTransit[l];
        if (dBacklog != null) for (int i = 0; i < nMk; i++) lBacklog[i] += dBacklog[i];
    }

    /**
     * After the whole reverse pass: the gradient of the objective with respect to the start state's stock at slot s
     * (the value of one more unit there, in objective units; negative where it helps).
     */
    public double startStockGradient(int s) {
        if (reversed != 0) throw new IllegalStateException("the reverse pass is not complete");
        return lStock[s];
    }

    /**
     * Open loop: runs {@code actions} (one row per hour, the horizon is their number) from {@code start} and returns
     * the objective; if {@code gradient} is non-null (same shape), fills it with {@code dJ/da_k} for every hour, from one
     * backward pass.
     */
    public double objectiveAndGradient(
            TwinState start, WindowForecast forecast, double[][] actions, double[][] gradient) {
        if (actions.length == 0) throw new IllegalArgumentException("actions must hold at least one hour");
        if (gradient != null && gradient.length != actions.length) {
            throw new IllegalArgumentException(
                    "gradient has " + gradient.length + " rows, actions have " + actions.length);
        }
        reset(start, forecast, actions.length);
        for (double[] a : actions) step(a);
        double j = objective();
        if (gradient != null) {
            beginBackward();
            for (int k = actions.length - 1; k >= 0; k--) backwardHour(gradient[k]);
        }
        return j;
    }

    /**
     * A fingerprint of every branch the rollout so far took: the kinks of the dynamics (rationing's binding input, the
     * sides of the service and backlog minima, capped lanes, skipped processors), of the decoder
     * (controls exactly at 0 or 1 are clamped sigmoids or shares at the softmax floor) and of the shortfall (hours
     * below target). Two rollouts with equal fingerprints lie on the same smooth piece of the objective, where
     * finite differences are valid: what a gradient check uses to stay away from kinks. The rounding guards
     * {@code max(0, stock - use)} are left out: they act only where the exact value is 0 on both sides (an input
     * rationed to its last unit, a slot that ships all it holds), where either branch has the same derivative.
     */
    long kinkSignature() {
        long h = 17;
        for (int k = 0; k < done; k++) {
            for (int i = 0; i < nProc; i++) h = mix(h, procSkipped[k * nProc + i] ? 1 : 0);
            for (int m = 0; m < nModes; m++) h = mix(h, bind[k * nModes + m] + 2);
            for (int i = 0; i < nMk; i++)
                h = mix(h, (servedFromStock[k * nMk + i] ? 1 : 0) + (backlogFromStock[k * nMk + i] ? 2 : 0));
            for (int l = 0; l < nLanes; l++) h = mix(h, capped[k * nLanes + l] ? 1 : 0);
            Controls c = controls[k];
            for (double v : c.procurement()) h = mix(h, bound(v));
            for (double v : c.utilization()) h = mix(h, bound(v));
            for (double v : c.release()) h = mix(h, bound(v));
            for (double[] x : c.modeShares()) for (double v : x) h = mix(h, bound(v));
            for (double[] x : c.routing()) for (double v : x) h = mix(h, bound(v));
            WindowProblem.ServiceTarget tg = start.target();
            if (tg != null) h = mix(h, hourShortfall(tg, k) > 0 ? 1 : 0);
        }
        return h;
    }

    private static int bound(double v) {
        return v == 0 ? 1 : v == 1 ? 2 : 0;
    }

    private static long mix(long h, long v) {
        return (h ^ v) * 0x9E3779B97F4A7C15L;
    }

    /** The twin's state seen as a {@link SimulatorView}; see {@link DifferentiableTwin#view()}. */
    private final class TwinView implements SimulatorView {
        @Override
        public NetworkIndex layout() {
            return layout;
        }

        @Override
        public int hour() {
            return start.hour() + done;
        }

        @Override
        public int horizon() {
            return start.hour() + horizon;
        }

        @Override
        public double stock(int slot) {
            return stock[slot];
        }

        @Override
        public double inTransit(int lane) {
            return inTransit[lane];
        }

        /**
         * The start's shipments the forecast has not landed yet, then the twin's own dispatches still in transit, each
         * quoted with the forecast's transit (the model's own, which is all the twin knows).
         */
        @Override
        public List<Shipment> shipmentsInTransit(int lane) {
            List<Shipment> out = new java.util.ArrayList<>();
            int t0 = start.hour();
            for (Shipment sh : start.shipments(lane)) if (forecast.arrivalHour(lane, sh, t0) - t0 >= done) out.add(sh);
            for (int k = 0; k < done; k++) {
                double q = shipped[k * nLanes + lane];
                if (q > 0 && arrival[k * nLanes + lane] >= done)
                    out.add(new Shipment(t0 + k, arrival[k * nLanes + lane] - k, q));
            }
            return out;
        }

        @Override
        public double returnsArriving(int marketOrdinal, int hoursAhead) {
            int h = done + hoursAhead;
            return hoursAhead < 0 || h >= retLen ? 0 : ret[marketOrdinal][h];
        }

        @Override
        public double backlog(int marketOrdinal) {
            return backlog[marketOrdinal];
        }

        @Override
        public double lastDemand(int marketOrdinal) {
            return start.lastDemand(marketOrdinal);
        }

        @Override
        public double capacityFactor(int facility) {
            return done == 0 ? start.capacityFactor(facility) : forecast.capacityFactor(facility, hour() - 1);
        }

        @Override
        public double yieldFactorOf(int facility) {
            return start.yieldFactor(facility);
        }

        @Override
        public double demandFactorOf(int facility) {
            return start.demandFactor(facility);
        }

        @Override
        public double delayFactor(int lane) {
            return start.delayFactor(lane);
        }

        @Override
        public boolean typeActive(DisruptionType type) {
            if (done == 0) return start.typeActive(type);
            boolean[] kind = switch (type) {
                case SUPPLIER_OUTAGE -> supplierLike;
                case CAPACITY_LOSS -> processor;
                default -> null;
            };
            if (kind == null) return start.typeActive(type);
            for (int f = 0; f < nFacilities; f++) if (kind[f] && capacityFactor(f) < 1) return true;
            return false;
        }

        @Override
        public EpisodeTrace trace() {
            return start.trace();
        }
    }
}
