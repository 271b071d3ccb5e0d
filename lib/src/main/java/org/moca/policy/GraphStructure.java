package org.moca.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.sim.ActionCodec;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.StateEncoder;

/**
 * A network seen as the graph a {@link GraphPolicy} passes messages over: stock slots (one per facility and material)
 * are the nodes, lanes the directed edges, and every entry of the {@link ActionCodec}'s action vector is read off one
 * node, facility, mode or lane. Built once per network; it turns a {@link StateEncoder} state vector into per-slot and
 * per-lane feature rows and says which head produces which action entry.
 *
 * <p><b>Features are roles, not names.</b> Nothing identifies a material or a facility: a slot sees its own encoded
 * stock, its facility's capacity and yield factors, its facility's type (one-hot over {@link FacilityType}), whether it
 * is a supplier's, a market's product or return, a collection's inflow, a processor input, a landfill's or a shipping
 * slot, its degrees, its unit's tracked mass, the market's backlog, last demand and demand factor (market slots), the
 * elapsed-time feature and the disruption flags; a lane sees its units in transit, its delay factor, its lead time,
 * its unit cost, whether it feeds a processor or a landfill, and its share of its origin's outgoing capacity. So two
 * networks with different facilities, materials and sizes give feature rows of the same width, and one parameter
 * vector acts on both.
 *
 * <p>The state offsets mirror {@link StateEncoder}'s layout (checked against its dimension on construction: a layout
 * change that forgets this class fails there, not silently). Running time of {@link #slotFeatures} and
 * {@link #laneFeatures}: O(slots + lanes).
 */
public final class GraphStructure {

    /** Width of a slot's feature row. */
    public static final int SLOT_FEATURES = 7 + DisruptionType.values().length + FacilityType.values().length + 11;
    /** Width of a lane's feature row. */
    public static final int LANE_FEATURES = 7;

    /** The five kinds of action entry, one head each (the order of {@link ActionCodec}'s blocks). */
    public enum Head {
        PROCUREMENT,
        UTILIZATION,
        MODE,
        RELEASE,
        ROUTING
    }

    private final NetworkIndex index;
    private final int slots;
    private final int lanes;
    private final int facilities;
    final int[] laneFrom;
    final int[] laneTo;
    final int[][] inLanes;
    final int[][] outLanes;
    final int[] slotFacility;
    final int[][] facilitySlots;
    private final double[] staticSlot;
    private final double[] staticLane;
    // state offsets (StateEncoder's blocks)
    private final int transitAt;
    private final int capacityAt;
    private final int yieldAt;
    private final int delayAt;
    private final int marketAt;
    private final int elapsedAt;
    private final int flagsAt;
    private final int stateDimension;
    private final int[] processorOrdinal; // per facility, -1 if not a processor
    private final int[] marketOrdinal; // per facility, -1 if not a market
    // heads: per head, the rows it evaluates and the action entry each row writes
    final int[] procurementSlot;
    final int[] procurementFacility;
    final int[] utilizationFacility;
    final int[] modeFacility;
    final int[][] modeInputs;
    final int[][] modeOutputs;
    final int[] releaseSlot;
    final int[] routingLane;
    final int[][] actionIndex; // per head, per row
    private final Head[] kindOf; // per action entry
    private final int actionDimension;

    public GraphStructure(NetworkIndex index) {
        this.index = Objects.requireNonNull(index, "index");
        List<Facility> fs = index.network().facilities();
        List<Lane> ls = index.network().lanes();
        slots = index.slotCount();
        lanes = ls.size();
        facilities = fs.size();
        int[] processors = index.processors();
        int[] markets = index.markets();
        int flags = DisruptionType.values().length;

        transitAt = slots;
        capacityAt = transitAt + lanes;
        yieldAt = capacityAt + facilities;
        delayAt = yieldAt + processors.length;
        marketAt = delayAt + lanes;
        elapsedAt = marketAt + 3 * markets.length;
        flagsAt = elapsedAt + 1;
        stateDimension = flagsAt + flags;
        int encoded = new StateEncoder(index).dimension();
        if (stateDimension != encoded)
            throw new IllegalStateException("GraphStructure's state offsets give " + stateDimension
                    + " entries, StateEncoder writes " + encoded + ": update GraphStructure to the encoder's layout");

        laneFrom = new int[lanes];
        laneTo = new int[lanes];
        List<List<Integer>> in = lists(slots), out = lists(slots);
        for (int l = 0; l < lanes; l++) {
            laneFrom[l] = index.laneFromSlot(l);
            laneTo[l] = index.laneToSlot(l);
            in.get(laneTo[l]).add(l);
            out.get(laneFrom[l]).add(l);
        }
        inLanes = arrays(in);
        outLanes = arrays(out);
        slotFacility = new int[slots];
        List<List<Integer>> perFacility = lists(facilities);
        for (int s = 0; s < slots; s++) {
            slotFacility[s] = index.slot(s).facility();
            perFacility.get(slotFacility[s]).add(s);
        }
        facilitySlots = arrays(perFacility);
        processorOrdinal = new int[facilities];
        java.util.Arrays.fill(processorOrdinal, -1);
        for (int i = 0; i < processors.length; i++) processorOrdinal[processors[i]] = i;
        marketOrdinal = new int[facilities];
        java.util.Arrays.fill(marketOrdinal, -1);
        for (int i = 0; i < markets.length; i++) marketOrdinal[markets[i]] = i;

        // static slot roles
        boolean[] supplierSlot = new boolean[slots], productSlot = new boolean[slots], returnSlot = new boolean[slots];
        boolean[] inflowSlot = new boolean[slots], processorInput = new boolean[slots], shipSlot = new boolean[slots];
        for (int i = 0; i < index.suppliers().length; i++) supplierSlot[index.supplierSlot(i)] = true;
        for (int i = 0; i < markets.length; i++) {
            productSlot[index.marketProductSlot(i)] = true;
            if (index.marketReturnSlot(i) >= 0) returnSlot[index.marketReturnSlot(i)] = true;
        }
        for (int i = 0; i < index.collections().length; i++) inflowSlot[index.collectionInflowSlot(i)] = true;
        for (int p = 0; p < processors.length; p++)
            for (NetworkIndex.ModeIndex m : index.modesOf(p)) for (int s : m.inputSlots()) processorInput[s] = true;
        for (int s : index.shipSlots()) shipSlot[s] = true;
        int types = FacilityType.values().length;
        int dyn = 7 + flags;
        staticSlot = new double[slots * SLOT_FEATURES];
        for (int s = 0; s < slots; s++) {
            int o = s * SLOT_FEATURES + dyn;
            staticSlot[o + fs.get(slotFacility[s]).type().ordinal()] = 1;
            o += types;
            staticSlot[o++] = supplierSlot[s] ? 1 : 0;
            staticSlot[o++] = productSlot[s] ? 1 : 0;
            staticSlot[o++] = returnSlot[s] ? 1 : 0;
            staticSlot[o++] = inflowSlot[s] ? 1 : 0;
            staticSlot[o++] = processorInput[s] ? 1 : 0;
            staticSlot[o++] = index.slotAtLandfill(s) ? 1 : 0;
            staticSlot[o++] = shipSlot[s] ? 1 : 0;
            staticSlot[o++] = Math.log1p(inLanes[s].length);
            staticSlot[o++] = Math.log1p(outLanes[s].length);
            staticSlot[o++] = Math.log1p(index.slot(s).massKg());
            staticSlot[o] = 1; // a constant input: lets a type-conditioned layer shift per role
        }
        double[] outCapacity = new double[slots];
        for (int l = 0; l < lanes; l++) outCapacity[laneFrom[l]] += ls.get(l).capacity();
        staticLane = new double[lanes * LANE_FEATURES];
        for (int l = 0; l < lanes; l++) {
            int o = l * LANE_FEATURES + 2;
            staticLane[o++] = ls.get(l).leadTime() / 48.0;
            staticLane[o++] = index.slotAtLandfill(laneTo[l]) ? 1 : 0;
            staticLane[o++] = processorInput[laneTo[l]] ? 1 : 0;
            staticLane[o++] = Math.log1p(ls.get(l).unitCost());
            staticLane[o] = outCapacity[laneFrom[l]] > 0 ? ls.get(l).capacity() / outCapacity[laneFrom[l]] : 0;
        }

        // heads, in the codec's order
        ActionCodec codec = new ActionCodec(index);
        actionDimension = codec.dimension();
        kindOf = new Head[actionDimension];
        int k = 0;
        int[] sup = index.suppliers();
        procurementSlot = new int[sup.length];
        procurementFacility = sup;
        int[] procIdx = new int[sup.length];
        for (int i = 0; i < sup.length; i++) {
            procurementSlot[i] = index.supplierSlot(i);
            procIdx[i] = k;
            kindOf[k++] = Head.PROCUREMENT;
        }
        utilizationFacility = processors;
        int[] utilIdx = new int[processors.length];
        for (int p = 0; p < processors.length; p++) {
            utilIdx[p] = k;
            kindOf[k++] = Head.UTILIZATION;
        }
        List<Integer> modeFac = new ArrayList<>(), modeIdx = new ArrayList<>();
        List<int[]> modeIn = new ArrayList<>(), modeOut = new ArrayList<>();
        for (int p = 0; p < processors.length; p++) {
            List<NetworkIndex.ModeIndex> ms = index.modesOf(p);
            if (ms.size() < 2) continue;
            for (NetworkIndex.ModeIndex m : ms) {
                modeFac.add(processors[p]);
                modeIn.add(m.inputSlots());
                modeOut.add(m.outputSlots());
                modeIdx.add(k);
                kindOf[k++] = Head.MODE;
            }
        }
        modeFacility = modeFac.stream().mapToInt(Integer::intValue).toArray();
        modeInputs = modeIn.toArray(int[][]::new);
        modeOutputs = modeOut.toArray(int[][]::new);
        int[] ship = index.shipSlots();
        releaseSlot = ship;
        int[] releaseIdx = new int[ship.length];
        for (int i = 0; i < ship.length; i++) {
            releaseIdx[i] = k;
            kindOf[k++] = Head.RELEASE;
        }
        List<Integer> routeLane = new ArrayList<>(), routeIdx = new ArrayList<>();
        for (int i = 0; i < ship.length; i++) {
            int[] shipLanes = index.shipLanes(i);
            if (shipLanes.length < 2) continue;
            for (int l : shipLanes) {
                routeLane.add(l);
                routeIdx.add(k);
                kindOf[k++] = Head.ROUTING;
            }
        }
        if (k != actionDimension)
            throw new IllegalStateException("GraphStructure's heads give " + k + " action entries, ActionCodec decodes "
                    + actionDimension + ": update GraphStructure to the codec's layout");
        routingLane = routeLane.stream().mapToInt(Integer::intValue).toArray();
        actionIndex = new int[][] {
            procIdx,
            utilIdx,
            modeIdx.stream().mapToInt(Integer::intValue).toArray(),
            releaseIdx,
            routeIdx.stream().mapToInt(Integer::intValue).toArray()
        };
    }

    public NetworkIndex index() {
        return index;
    }

    public int slots() {
        return slots;
    }

    public int lanes() {
        return lanes;
    }

    public int facilities() {
        return facilities;
    }

    /** Length of the state vectors this structure reads ({@link StateEncoder#dimension()}). */
    public int stateDimension() {
        return stateDimension;
    }

    /** Length of the action vectors it writes ({@link ActionCodec#dimension()}). */
    public int actionDimension() {
        return actionDimension;
    }

    /** The head that writes action entry {@code j}. */
    public Head kindOf(int j) {
        return kindOf[j];
    }

    /** The slot feature rows of an encoded state, row-major {@code slots x SLOT_FEATURES}, into {@code out}. */
    public void slotFeatures(double[] state, double[] out) {
        checkState(state);
        System.arraycopy(staticSlot, 0, out, 0, staticSlot.length);
        double elapsed = state[elapsedAt];
        for (int s = 0; s < slots; s++) {
            int f = slotFacility[s];
            int o = s * SLOT_FEATURES;
            out[o] = state[s];
            out[o + 1] = state[capacityAt + f];
            out[o + 2] = processorOrdinal[f] >= 0 ? state[yieldAt + processorOrdinal[f]] : 1;
            int m = marketOrdinal[f];
            if (m >= 0) {
                out[o + 3] = state[marketAt + 3 * m];
                out[o + 4] = state[marketAt + 3 * m + 1];
                out[o + 5] = state[marketAt + 3 * m + 2];
            }
            out[o + 6] = elapsed;
            System.arraycopy(state, flagsAt, out, o + 7, DisruptionType.values().length);
        }
    }

    /** The lane feature rows of an encoded state, row-major {@code lanes x LANE_FEATURES}, into {@code out}. */
    public void laneFeatures(double[] state, double[] out) {
        checkState(state);
        System.arraycopy(staticLane, 0, out, 0, staticLane.length);
        for (int l = 0; l < lanes; l++) {
            out[l * LANE_FEATURES] = state[transitAt + l];
            out[l * LANE_FEATURES + 1] = state[delayAt + l]; // already divided by the maximum severity
        }
    }

    private void checkState(double[] state) {
        if (state.length != stateDimension)
            throw new IllegalArgumentException("state has " + state.length + " entries, this network's states ("
                    + index.network().name() + ") have " + stateDimension);
    }

    private static List<List<Integer>> lists(int n) {
        List<List<Integer>> xs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) xs.add(new ArrayList<>());
        return xs;
    }

    private static int[][] arrays(List<List<Integer>> xs) {
        int[][] a = new int[xs.size()][];
        for (int i = 0; i < a.length; i++)
            a[i] = xs.get(i).stream().mapToInt(Integer::intValue).toArray();
        return a;
    }
}
