package org.moca.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.Lane;
import org.moca.graph.Mode;
import org.moca.graph.SupplyNetwork;

/**
 * Index arithmetic over a {@link SupplyNetwork}: which stock slots exist, which facilities are suppliers, processors,
 * markets, which slots ship on which lanes. Computed once per network; it fixes the layout of the simulator's arrays and
 * of the state and action vectors.
 *
 * <p>A <em>slot</em> is a (facility, material) pair that can hold stock. A <em>shipping slot</em> is a slot with at
 * least one outgoing lane of its material; the controls release a share of its stock each hour and split it over those
 * lanes.
 */
public final class NetworkIndex {

    /** A (facility, material) stock position. */
    public record Slot(int facility, String material, double massKg) {}

    /** One processing mode in index form: slots and quantities per unit processed. */
    public record ModeIndex(
            String name,
            int[] inputSlots,
            double[] inputQty,
            int[] outputSlots,
            double[] outputQty,
            double inputMassKg,
            double outputMassKg) {}

    private final SupplyNetwork network;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, Integer> slotIndex = new LinkedHashMap<>();
    final int[] suppliers;
    final int[] supplierSlot;
    final int[] processors;
    final ModeIndex[][] modes;
    final int[] markets;
    final int[] marketProductSlot;
    final int[] marketReturnSlot;
    final int[] collections;
    final int[] collectionInflowSlot;
    final int[] shipSlots;
    final int[][] shipLanes;
    final int[] laneFromSlot;
    final int[] laneToSlot;
    final double[] laneMassKg;
    final boolean[] slotAtLandfill;
    final boolean[] slotIsProcessorInput;

    public NetworkIndex(SupplyNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        List<Facility> fs = network.facilities();
        // Slots are created in a fixed order: per facility, the materials it can hold, in first-seen order.
        for (int fi = 0; fi < fs.size(); fi++) {
            final int f = fi;
            Facility fac = fs.get(f);
            for (String m : fac.initialInventory().keySet().stream().sorted().toList()) slot(f, m);
            if (fac.material() != null) slot(f, fac.material());
            if (fac.returnMaterial() != null) slot(f, fac.returnMaterial());
            for (Mode mode : fac.modes()) {
                mode.inputs().keySet().stream().sorted().forEach(m -> slot(f, m));
                mode.outputs().keySet().stream().sorted().forEach(m -> slot(f, m));
            }
        }
        List<Lane> lanes = network.lanes();
        laneFromSlot = new int[lanes.size()];
        laneToSlot = new int[lanes.size()];
        laneMassKg = new double[lanes.size()];
        for (int l = 0; l < lanes.size(); l++) {
            Lane lane = lanes.get(l);
            laneFromSlot[l] = slot(network.facilityIndexOf(lane.from()), lane.material());
            laneToSlot[l] = slot(network.facilityIndexOf(lane.to()), lane.material());
            laneMassKg[l] = network.material(lane.material()).trackedMassKg();
        }

        List<Integer> sup = new ArrayList<>(),
                proc = new ArrayList<>(),
                mk = new ArrayList<>(),
                col = new ArrayList<>();
        for (int f = 0; f < fs.size(); f++) {
            FacilityType t = fs.get(f).type();
            if (t == FacilityType.VIRGIN_SUPPLIER) sup.add(f);
            else if (t.isProcessor()) proc.add(f);
            else if (t == FacilityType.MARKET) mk.add(f);
            else if (t == FacilityType.COLLECTION && fs.get(f).material() != null) col.add(f);
        }
        suppliers = toArray(sup);
        supplierSlot = new int[suppliers.length];
        for (int i = 0; i < suppliers.length; i++)
            supplierSlot[i] = slot(suppliers[i], fs.get(suppliers[i]).material());
        processors = toArray(proc);
        modes = new ModeIndex[processors.length][];
        for (int i = 0; i < processors.length; i++) {
            int f = processors[i];
            List<Mode> ms = fs.get(f).modes();
            modes[i] = new ModeIndex[ms.size()];
            for (int k = 0; k < ms.size(); k++) modes[i][k] = index(f, ms.get(k));
        }
        markets = toArray(mk);
        marketProductSlot = new int[markets.length];
        marketReturnSlot = new int[markets.length];
        for (int i = 0; i < markets.length; i++) {
            Facility m = fs.get(markets[i]);
            marketProductSlot[i] = slot(markets[i], m.material());
            marketReturnSlot[i] = m.returnMaterial() == null ? -1 : slot(markets[i], m.returnMaterial());
        }
        collections = toArray(col);
        collectionInflowSlot = new int[collections.length];
        for (int i = 0; i < collections.length; i++)
            collectionInflowSlot[i] =
                    slot(collections[i], fs.get(collections[i]).material());

        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int l = 0; l < lanes.size(); l++)
            bySlot.computeIfAbsent(laneFromSlot[l], k -> new ArrayList<>()).add(l);
        shipSlots =
                bySlot.keySet().stream().sorted().mapToInt(Integer::intValue).toArray();
        shipLanes = new int[shipSlots.length][];
        for (int i = 0; i < shipSlots.length; i++) shipLanes[i] = toArray(bySlot.get(shipSlots[i]));

        slotAtLandfill = new boolean[slots.size()];
        slotIsProcessorInput = new boolean[slots.size()];
        for (int s = 0; s < slots.size(); s++)
            slotAtLandfill[s] = fs.get(slots.get(s).facility()).type() == FacilityType.LANDFILL;
        for (ModeIndex[] ms : modes)
            for (ModeIndex mi : ms) for (int s : mi.inputSlots()) slotIsProcessorInput[s] = true;
    }

    private ModeIndex index(int f, Mode mode) {
        List<String> in = mode.inputs().keySet().stream().sorted().toList();
        List<String> out = mode.outputs().keySet().stream().sorted().toList();
        int[] inSlots = new int[in.size()];
        double[] inQty = new double[in.size()];
        double inMass = 0, outMass = 0;
        for (int j = 0; j < in.size(); j++) {
            inSlots[j] = slot(f, in.get(j));
            inQty[j] = mode.inputs().get(in.get(j));
            inMass += inQty[j] * network.material(in.get(j)).trackedMassKg();
        }
        int[] outSlots = new int[out.size()];
        double[] outQty = new double[out.size()];
        for (int j = 0; j < out.size(); j++) {
            outSlots[j] = slot(f, out.get(j));
            outQty[j] = mode.outputs().get(out.get(j));
            outMass += outQty[j] * network.material(out.get(j)).trackedMassKg();
        }
        return new ModeIndex(mode.name(), inSlots, inQty, outSlots, outQty, inMass, outMass);
    }

    private int slot(int f, String material) {
        String key = f + "|" + material;
        Integer i = slotIndex.get(key);
        if (i != null) return i;
        slots.add(new Slot(f, material, network.material(material).trackedMassKg()));
        slotIndex.put(key, slots.size() - 1);
        return slots.size() - 1;
    }

    private static int[] toArray(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).toArray();
    }

    public SupplyNetwork network() {
        return network;
    }

    public List<Slot> slots() {
        return List.copyOf(slots);
    }

    public int slotCount() {
        return slots.size();
    }

    /** Slot index of (facility id, material id), or -1 if that facility never holds that material. */
    public int slotOf(String facilityId, String material) {
        Integer i = slotIndex.get(network.facilityIndexOf(facilityId) + "|" + material);
        return i == null ? -1 : i;
    }

    public Slot slot(int s) {
        return slots.get(s);
    }

    /** Facility indices of the virgin suppliers, in network order. */
    public int[] suppliers() {
        return suppliers.clone();
    }

    /** Facility indices of the processors (plants, remanufacturers, recyclers), in network order. */
    public int[] processors() {
        return processors.clone();
    }

    /** The modes of the i-th processor. */
    public List<ModeIndex> modesOf(int processorOrdinal) {
        return List.of(modes[processorOrdinal]);
    }

    /** Facility indices of the markets, in network order. */
    public int[] markets() {
        return markets.clone();
    }

    /** Facility indices of the collections with an exogenous inflow. */
    public int[] collections() {
        return collections.clone();
    }

    /** Slots that ship on lanes, ascending. */
    public int[] shipSlots() {
        return shipSlots.clone();
    }

    /** Lane indices leaving the i-th shipping slot, in network lane order. */
    public int[] shipLanes(int shipOrdinal) {
        return shipLanes[shipOrdinal].clone();
    }

    public int laneFromSlot(int lane) {
        return laneFromSlot[lane];
    }

    public int laneToSlot(int lane) {
        return laneToSlot[lane];
    }

    public int marketProductSlot(int marketOrdinal) {
        return marketProductSlot[marketOrdinal];
    }

    public int supplierSlot(int supplierOrdinal) {
        return supplierSlot[supplierOrdinal];
    }

    /** The slot where the i-th market's end-of-life returns arrive, or -1 if it has no return material. */
    public int marketReturnSlot(int marketOrdinal) {
        return marketReturnSlot[marketOrdinal];
    }

    /** The slot that receives the i-th collection's exogenous inflow. */
    public int collectionInflowSlot(int collectionOrdinal) {
        return collectionInflowSlot[collectionOrdinal];
    }

    /** Tracked mass (kg) of one unit of lane l's material. */
    public double laneMassKg(int lane) {
        return laneMassKg[lane];
    }

    /** Whether slot s belongs to a landfill. */
    public boolean slotAtLandfill(int slot) {
        return slotAtLandfill[slot];
    }
}
