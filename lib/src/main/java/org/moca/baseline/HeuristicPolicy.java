package org.moca.baseline;

import java.util.List;
import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.FacilityType;
import org.moca.graph.SupplyNetwork;
import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.SimulatorView;

/**
 * The rule set a supply planner would write, applied every hour from the onset on, starting from the nominal controls:
 * <ol>
 *   <li><b>Switch procurement.</b> The units a supplier loses to an outage (its nominal purchase times the lost capacity
 *       share) are bought from the other suppliers of the same material, cheapest first, up to their capacity, plus a
 *       margin ({@link HeuristicConfig#backupMargin()}) to rebuild buffers.</li>
 *   <li><b>Ship what is there.</b> Every shipping slot releases all its stock.</li>
 *   <li><b>Returns and scrap to processors with spare capacity, in proportion.</b> A slot whose lanes lead to processors
 *       splits its shipment in proportion to each destination's spare capacity (effective capacity minus the queue it
 *       already holds, spread over {@link HeuristicConfig#queueHours()}); landfill only gets what no processor can
 *       take.</li>
 *   <li><b>Prioritise remanufacturing during shortages.</b> When a market is short (backlog, or stock below
 *       {@link HeuristicConfig#shortageCoverHours()} of demand), remanufacturers get a higher routing weight and refurbish
 *       only (a refurbished motor reaches the market fastest), and every processor runs at full capacity.</li>
 *   <li>Processors split their capacity over modes in proportion to the inputs they hold (a mode without input would
 *       waste its share).</li>
 * </ol>
 * Observations only: the view's effective capacities of the last hour, and the severity of disruptions that begin now.
 * Running time O(slots + lanes + modes) per hour.
 */
public final class HeuristicPolicy implements RecoveryPolicy {

    private final HeuristicConfig config;
    private Controls nominal;

    public HeuristicPolicy(HeuristicConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return "heuristic";
    }

    @Override
    public void reset(Episode episode) {
        nominal = Objects.requireNonNull(episode, "episode").nominal().copy();
    }

    @Override
    public Controls act(SimulatorView view, List<ObservedDisruption> observed) {
        if (nominal == null) throw new IllegalStateException("heuristic: reset(episode) was not called");
        NetworkIndex layout = view.layout();
        SupplyNetwork net = layout.network();
        List<Facility> fs = net.facilities();
        Controls c = nominal.copy();
        double[] factor = new double[fs.size()];
        for (int f = 0; f < fs.size(); f++) factor[f] = capacityFactor(view, observed, f);
        boolean shortage = shortage(view);

        switchProcurement(layout, fs, factor, c.procurement());

        int[] proc = layout.processors();
        for (int i = 0; i < proc.length; i++) {
            List<NetworkIndex.ModeIndex> ms = layout.modesOf(i);
            Facility f = fs.get(proc[i]);
            if (shortage || f.type() == FacilityType.RECYCLER) c.utilization()[i] = 1;
            if (shortage && f.type() == FacilityType.REMANUFACTURER && refurbishMode(ms) >= 0) {
                java.util.Arrays.fill(c.modeShares()[i], 0);
                c.modeShares()[i][refurbishMode(ms)] = 1;
            } else if (ms.size() > 1) {
                c.modeShares()[i] = byInput(view, ms);
            }
        }

        int[] ship = layout.shipSlots();
        for (int i = 0; i < ship.length; i++) {
            c.release()[i] = 1;
            int[] ls = layout.shipLanes(i);
            if (ls.length > 1) c.routing()[i] = routing(view, net, ls, factor, shortage);
        }
        return c;
    }

    /** Effective capacity factor now: last hour's, times the severity of capacity disruptions that start this hour. */
    private static double capacityFactor(SimulatorView view, List<ObservedDisruption> observed, int f) {
        double x = view.capacityFactor(f);
        String id = view.layout().network().facilities().get(f).id();
        for (ObservedDisruption d : observed) {
            boolean capacity = d.type() == DisruptionType.SUPPLIER_OUTAGE || d.type() == DisruptionType.CAPACITY_LOSS;
            if (capacity && d.onset() == view.hour() && d.target().equals(id)) x *= 1 - d.severity();
        }
        return x;
    }

    private boolean shortage(SimulatorView view) {
        NetworkIndex layout = view.layout();
        int[] mk = layout.markets();
        for (int j = 0; j < mk.length; j++) {
            double demand = view.lastDemand(j);
            if (view.backlog(j) > 1e-9
                    || view.stock(layout.marketProductSlot(j)) < config.shortageCoverHours() * demand) return true;
        }
        return false;
    }

    private void switchProcurement(NetworkIndex layout, List<Facility> fs, double[] factor, double[] rate) {
        int[] sup = layout.suppliers();
        double[] lost = new double[sup.length];
        for (int i = 0; i < sup.length; i++)
            lost[i] = nominal.procurement()[i] * fs.get(sup[i]).capacity() * (1 - factor[sup[i]]);
        for (int i = 0; i < sup.length; i++) {
            if (lost[i] <= 1e-12) continue;
            String material = fs.get(sup[i]).material();
            double need = lost[i] * (1 + config.backupMargin());
            Integer[] peers = java.util.stream.IntStream.range(0, sup.length)
                    .boxed()
                    .filter(j -> fs.get(sup[j]).material().equals(material) && factor[sup[j]] > 0)
                    .sorted(java.util.Comparator.comparingDouble(
                            j -> fs.get(sup[j]).unitCost()))
                    .toArray(Integer[]::new);
            for (int j : peers) {
                if (need <= 1e-12) break;
                double cap = fs.get(sup[j]).capacity() * factor[sup[j]];
                double spare = cap * (1 - rate[j]);
                double take = Math.min(spare, need);
                rate[j] = Math.min(1, rate[j] + take / cap);
                need -= take;
            }
        }
    }

    private static int refurbishMode(List<NetworkIndex.ModeIndex> ms) {
        for (int k = 0; k < ms.size(); k++) if (ms.get(k).name().equals("refurbish")) return k;
        return -1;
    }

    /** Mode shares in proportion to the stock of each mode's scarcest input (equal if nothing is there). */
    private static double[] byInput(SimulatorView view, List<NetworkIndex.ModeIndex> ms) {
        double[] w = new double[ms.size()];
        double total = 0;
        for (int k = 0; k < w.length; k++) {
            NetworkIndex.ModeIndex m = ms.get(k);
            double units = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m.inputSlots().length; j++)
                units = Math.min(units, view.stock(m.inputSlots()[j]) / m.inputQty()[j]);
            total += w[k] = Double.isFinite(units) ? Math.max(0, units) : 0;
        }
        return normalized(w, total);
    }

    private double[] routing(SimulatorView view, SupplyNetwork net, int[] lanes, double[] factor, boolean shortage) {
        NetworkIndex layout = view.layout();
        List<Facility> fs = net.facilities();
        double[] w = new double[lanes.length];
        double total = 0;
        for (int j = 0; j < lanes.length; j++) {
            int to = layout.laneToSlot(lanes[j]);
            Facility dest = fs.get(layout.slot(to).facility());
            if (dest.type() == FacilityType.LANDFILL) continue;
            double cap = dest.type().isProcessor()
                    ? dest.capacity() * factor[layout.slot(to).facility()]
                    : net.lanes().get(lanes[j]).capacity();
            double spare = Math.max(0, cap - view.stock(to) / config.queueHours());
            if (shortage && dest.type() == FacilityType.REMANUFACTURER) spare *= config.remanufacturePriority();
            total += w[j] = Math.min(spare, net.lanes().get(lanes[j]).capacity());
        }
        if (total <= 1e-12) { // no processor can take more: landfill, or equal shares if there is none
            for (int j = 0; j < lanes.length; j++) {
                boolean landfill =
                        fs.get(layout.slot(layout.laneToSlot(lanes[j])).facility())
                                        .type()
                                == FacilityType.LANDFILL;
                total += w[j] = landfill ? 1 : 0;
            }
        }
        return normalized(w, total);
    }

    private static double[] normalized(double[] w, double total) {
        if (total <= 1e-12) {
            java.util.Arrays.fill(w, 1.0 / w.length);
            return w;
        }
        for (int j = 0; j < w.length; j++) w[j] /= total;
        return w;
    }
}
