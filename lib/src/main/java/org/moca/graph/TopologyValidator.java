package org.moca.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The semantic rules of a supply network: what a structurally valid {@link SupplyNetwork} must also satisfy to mean
 * something to the simulator and the planners.
 *
 * <p>{@link SupplyNetwork} checks structure (known ids, positive masses, no yield above 1, every recipe input delivered
 * by some lane). A network can pass all of that and still be empty of meaning: every capacity zero, a lane carrying a
 * material its source never has, a market nothing delivers to (whose service then never drops, so every episode
 * "recovers"), a recipe that feeds its own input. {@link TopologyLoader} applies these rules to every topology it reads
 * and reports the first defect with its file, line and field; {@link #defects} lists them for a network built in code
 * (the {@link NetworkGenerator}'s networks pass, and a test keeps it so). The rules, in the order they are checked (rule
 * 8 only once rules 1 to 7 hold: its fixpoints assume them, and would otherwise only restate their defects):
 *
 * <ol>
 *   <li><b>Every material is used</b> by some facility, mode or lane (a declared but unused material is a leftover or a
 *       misspelling).</li>
 *   <li><b>Every field a facility's type does not use is empty or zero</b> — a virgin supplier uses {@code material,
 *       capacity, unit_cost}; a processor {@code capacity, unit_cost}; a market {@code material, demand, return_rate,
 *       return_delay, return_material}; a collection {@code material, capacity}; a landfill nothing; all but the landfill
 *       may hold {@code initial_inventory}. The simulator would silently ignore the others (a market's "capacity" does
 *       not cap its sales).</li>
 *   <li><b>Nothing that should move is idle forever</b>: a virgin supplier, a processor and a lane need a capacity
 *       above 0 and a market a demand above 0 (disruptions only ever lower them, so a zero stays zero and a market of
 *       zero demand has no service level to recover); a collection's exogenous stream needs both its material and an
 *       inflow above 0.</li>
 *   <li><b>No facility without lanes.</b></li>
 *   <li><b>What enters a facility can leave or be used there, and what a facility needs arrives</b>: a supplier's
 *       material, a collection's stream and a market's returns each leave by some lane; a market's product is
 *       delivered by some lane; returns are a material other than the product (returned end-of-life units are not new
 *       units for sale) and need a return rate above 0; every output of a mode leaves by a lane or is an input of
 *       another mode of the facility; an initial stock is of a material the facility can use or ship.</li>
 *   <li><b>No recipe feeds its own input</b>, directly ({@code x:1 -> x:2}) or through a chain of recipes at one
 *       facility ({@code x -> y} in one mode, {@code y -> x} in another). Precisely: at each processor, the directed
 *       graph over materials with an edge from every input to every output of each mode must be acyclic. Why: the
 *       steady-state plan balances hourly flows, so a material a facility both consumes and produces nets out of its
 *       balance — the plan runs such a recipe as if the recycled material were free, while the simulator needs it on
 *       hand before processing starts. On the reference network, making the magnet plant's recipe
 *       {@code reo:0.75;magnet:1 -> magnet:2} (a catalyst loop of the same net yield) leaves the plan unchanged
 *       (10.3 motors/h sold, the same procurement), while the simulated network, undisrupted on those very controls,
 *       delivers 2.7 motors/h after a day and 0.7 after five. Such loops also count the same mass as "recovered" on
 *       every pass.</li>
 *   <li><b>Every lane carries a material its source holds and its destination uses</b>: the source supplies it,
 *       produces it, gets it back as returns or from outside, receives it by another lane or holds some at hour 0; the
 *       destination consumes it in a mode, sells it, is a landfill or ships it on. Nothing leaves a landfill.</li>
 *   <li><b>Flow reaches everything and ends somewhere</b> (rules 5 and 7 are local; these close the loopholes of
 *       transshipment and dead chains). A (facility, material) position is <em>live</em> if material can ever be there:
 *       it is a supplier's material, a collection's stream, a market's returns or an initial stock, or a lane brings it
 *       from a live position, or it is an output of a mode all of whose inputs are live. It is <em>useful</em> if
 *       material there can ever be used: it is a market's product, sits at a landfill, is an input of a mode with no
 *       outputs or with a useful output, or a lane takes it to a useful position. A market's product, every mode input
 *       and every lane's source must be live; every lane's destination and every initial stock must be useful.</li>
 * </ol>
 *
 * <p>Running time O(F + L + Σ mode sizes) for F facilities and L lanes: the two fixpoints are worklist passes that
 * visit every position, lane and mode a bounded number of times.
 */
public final class TopologyValidator {

    /** The kind of network element a {@link Defect} is about, i.e. which topology file holds it. */
    public enum Element {
        /** A row of {@code materials.csv}. */
        MATERIAL,
        /** A row of {@code facilities.csv}. */
        FACILITY,
        /** A row of {@code modes.csv}. */
        MODE,
        /** A row of {@code lanes.csv}. */
        LANE
    }

    /**
     * One semantic defect.
     *
     * @param element which kind of element is at fault
     * @param id      its id (for a mode, the id of its facility)
     * @param mode    the mode's name for {@link Element#MODE}, otherwise {@code null}
     * @param field   the CSV column at fault, e.g. {@code capacity}
     * @param problem what is wrong and what would be meaningful instead
     */
    public record Defect(Element element, String id, String mode, String field, String problem) {
        public Defect {
            Objects.requireNonNull(element, "element");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(problem, "problem");
            if ((element == Element.MODE) != (mode != null))
                throw new IllegalArgumentException("a mode defect, and only a mode defect, names its mode");
        }

        /** The defect as one line, e.g. {@code lane L07, field material: ...}. */
        @Override
        public String toString() {
            String what = switch (element) {
                case MATERIAL -> "material " + id;
                case FACILITY -> "facility " + id;
                case MODE -> "mode " + mode + " of facility " + id;
                case LANE -> "lane " + id;
            };
            return what + ", field " + field + ": " + problem;
        }
    }

    private final SupplyNetwork network;
    private final List<Defect> defects = new ArrayList<>();
    /** Per facility id: material -> lanes arriving with it, and material -> lanes leaving with it. */
    private final Map<String, Map<String, List<Lane>>> in = new HashMap<>();

    private final Map<String, Map<String, List<Lane>>> out = new HashMap<>();

    private TopologyValidator(SupplyNetwork network) {
        this.network = network;
        for (Facility f : network.facilities()) {
            in.put(f.id(), new LinkedHashMap<>());
            out.put(f.id(), new LinkedHashMap<>());
        }
        for (Lane l : network.lanes()) {
            in.get(l.to()).computeIfAbsent(l.material(), k -> new ArrayList<>()).add(l);
            out.get(l.from())
                    .computeIfAbsent(l.material(), k -> new ArrayList<>())
                    .add(l);
        }
    }

    /** Every semantic defect of {@code network}, in the order of the rules above (empty when it is meaningful). */
    public static List<Defect> defects(SupplyNetwork network) {
        TopologyValidator v = new TopologyValidator(Objects.requireNonNull(network, "network"));
        v.materials();
        v.facilities();
        v.modes();
        v.lanes();
        v.flow();
        return Collections.unmodifiableList(v.defects);
    }

    /**
     * Throws for the first defect of {@code network}.
     *
     * @throws IllegalArgumentException naming the network, the element, the field and the problem
     */
    public static void requireMeaningful(SupplyNetwork network) {
        List<Defect> found = defects(network);
        if (!found.isEmpty()) {
            throw new IllegalArgumentException("network " + network.name() + ": " + found.get(0)
                    + (found.size() > 1 ? " (and " + (found.size() - 1) + " more)" : ""));
        }
    }

    // ---- rule 1 ----

    private void materials() {
        Set<String> used = new HashSet<>();
        for (Facility f : network.facilities()) {
            if (f.material() != null) used.add(f.material());
            if (f.returnMaterial() != null) used.add(f.returnMaterial());
            used.addAll(f.initialInventory().keySet());
            for (Mode m : f.modes()) {
                used.addAll(m.inputs().keySet());
                used.addAll(m.outputs().keySet());
            }
        }
        for (Lane l : network.lanes()) used.add(l.material());
        for (String m : network.materials().keySet()) {
            if (!used.contains(m)) {
                defects.add(new Defect(
                        Element.MATERIAL,
                        m,
                        null,
                        "id",
                        "material " + m + " is used by no facility, mode or lane (a leftover or a misspelling?)"));
            }
        }
    }

    // ---- rules 2 to 5 ----

    private void facilities() {
        for (Facility f : network.facilities()) {
            int before = defects.size();
            unusedFields(f);
            idleForever(f);
            if (defects.size() > before) continue; // the rest would only restate a wrong field
            Map<String, List<Lane>> arriving = in.get(f.id()), leaving = out.get(f.id());
            if (arriving.isEmpty() && leaving.isEmpty()) {
                facility(f, "id", "facility " + f.id() + " has no lanes: nothing can reach it or leave it");
                continue;
            }
            switch (f.type()) {
                case VIRGIN_SUPPLIER -> {
                    if (!leaving.containsKey(f.material())) {
                        facility(
                                f,
                                "material",
                                "supplier " + f.id() + " supplies " + f.material() + " but no lane carries "
                                        + f.material() + " away from it");
                    }
                }
                case MARKET -> market(f, arriving, leaving);
                case COLLECTION -> {
                    if (f.material() != null && !leaving.containsKey(f.material())) {
                        facility(
                                f,
                                "material",
                                "collection " + f.id() + " gathers " + f.material() + " from outside but no lane"
                                        + " carries " + f.material() + " away from it");
                    }
                }
                default -> {}
            }
            for (String m : f.initialInventory().keySet()) {
                if (f.initialInventory().get(m) > 0 && !usesOrShips(f, m)) {
                    facility(
                            f,
                            "initial_inventory",
                            "the initial stock of " + m + " at " + f.id() + " can never be used or shipped: " + f.id()
                                    + " " + uses(f) + ", and no lane carries " + m + " away from it");
                }
            }
        }
    }

    /** Rule 2: the columns a type ignores must be empty (or zero, as {@link TopologyWriter} writes them). */
    private void unusedFields(Facility f) {
        FacilityType t = f.type();
        boolean supplier = t == FacilityType.VIRGIN_SUPPLIER, market = t == FacilityType.MARKET;
        boolean collection = t == FacilityType.COLLECTION, landfill = t == FacilityType.LANDFILL;
        if (f.material() != null && !(supplier || market || collection)) unused(f, "material", f.material());
        if (f.capacity() != 0 && (market || landfill)) unused(f, "capacity", TopologyWriter.num(f.capacity()));
        if (f.demand() != 0 && !market) unused(f, "demand", TopologyWriter.num(f.demand()));
        if (f.unitCost() != 0 && (market || collection || landfill))
            unused(f, "unit_cost", TopologyWriter.num(f.unitCost()));
        if (!market) {
            if (f.returnRate() != 0) unused(f, "return_rate", TopologyWriter.num(f.returnRate()));
            if (f.returnDelay() != 0) unused(f, "return_delay", Integer.toString(f.returnDelay()));
            if (f.returnMaterial() != null) unused(f, "return_material", f.returnMaterial());
        }
        if (landfill && !f.initialInventory().isEmpty()) unused(f, "initial_inventory", "a stock");
    }

    private void unused(Facility f, String field, String value) {
        facility(
                f,
                field,
                "a " + f.type() + " does not use " + field + " (got " + value + ", which would be silently ignored);"
                        + " leave the cell empty");
    }

    /** Rule 3. */
    private void idleForever(Facility f) {
        switch (f.type()) {
            case VIRGIN_SUPPLIER -> {
                if (f.capacity() == 0)
                    facility(f, "capacity", "a virgin supplier with capacity 0 can never supply anything");
            }
            case MARKET -> {
                if (f.demand() == 0) {
                    facility(
                            f,
                            "demand",
                            "a market with demand 0 has no service level to lose or recover; give its mean demand per"
                                    + " hour");
                }
            }
            case COLLECTION -> {
                if (f.material() != null && f.capacity() == 0) {
                    facility(
                            f,
                            "capacity",
                            "collection " + f.id() + " names an exogenous stream of " + f.material()
                                    + " but its inflow (capacity) is 0; give the inflow per hour or leave material"
                                    + " empty");
                } else if (f.material() == null && f.capacity() != 0) {
                    facility(
                            f,
                            "material",
                            "collection " + f.id() + " has an exogenous inflow of " + TopologyWriter.num(f.capacity())
                                    + " per hour (capacity) but no material for it");
                }
            }
            case LANDFILL -> {}
            default -> {
                if (f.capacity() == 0)
                    facility(f, "capacity", "a " + f.type() + " with capacity 0 can never process anything");
            }
        }
    }

    /** Rule 5 for markets. */
    private void market(Facility f, Map<String, List<Lane>> arriving, Map<String, List<Lane>> leaving) {
        String product = f.material();
        if (!arriving.containsKey(product)) {
            facility(
                    f,
                    "material",
                    "no lane delivers " + product + " to market " + f.id() + ": it could never sell anything"
                            + " beyond its initial stock, and a market that never runs short always looks"
                            + " \"recovered\"");
        }
        String back = f.returnMaterial();
        if (back == null) return;
        if (back.equals(product)) {
            facility(
                    f,
                    "return_material",
                    "returns of " + f.id() + " are its product " + product + ": end-of-life units would be sold"
                            + " again as new; name the end-of-life material");
        } else if (f.returnRate() == 0) {
            facility(
                    f,
                    "return_rate",
                    "return_material " + back + " is given but return_rate is 0, so no unit ever returns");
        } else if (!leaving.containsKey(back)) {
            facility(
                    f,
                    "return_material",
                    "returns of " + back + " pile up at market " + f.id() + ": no lane carries " + back
                            + " away from it (add one to a collection, a processor or a landfill)");
        }
    }

    // ---- rules 5 (outputs) and 6 ----

    private void modes() {
        for (Facility f : network.facilities()) {
            if (f.modes().isEmpty()) continue;
            Map<String, Set<String>> feeds = new LinkedHashMap<>(); // material -> materials made from it here
            Set<String> consumed = new HashSet<>();
            for (Mode m : f.modes()) {
                consumed.addAll(m.inputs().keySet());
                for (String i : m.inputs().keySet())
                    for (String o : producedBy(m))
                        feeds.computeIfAbsent(i, k -> new LinkedHashSet<>()).add(o);
            }
            for (Mode m : f.modes()) {
                List<String> cycle = recipeCycle(m, feeds);
                if (cycle != null) {
                    defects.add(new Defect(Element.MODE, f.id(), m.name(), "outputs", cycleProblem(f, m, cycle)));
                    continue;
                }
                for (String o : producedBy(m)) {
                    if (!out.get(f.id()).containsKey(o) && !consumed.contains(o)) {
                        defects.add(new Defect(
                                Element.MODE,
                                f.id(),
                                m.name(),
                                "outputs",
                                "output " + o + " of mode " + m.name() + " at " + f.id() + " goes nowhere: no lane"
                                        + " carries " + o + " away from " + f.id() + " and no mode of " + f.id()
                                        + " uses it (add a lane, to a landfill if it is waste)"));
                        break;
                    }
                }
            }
        }
    }

    /** The materials a mode makes in a positive quantity. */
    private static List<String> producedBy(Mode m) {
        List<String> made = new ArrayList<>();
        m.outputs().forEach((k, q) -> {
            if (q > 0) made.add(k);
        });
        return made;
    }

    /**
     * A cycle through mode {@code m} in the facility's recipe graph, as the list of materials {@code o, ..., i} where
     * {@code o} is an output of {@code m} and {@code i} one of its inputs reached from {@code o}; {@code null} if none.
     * Breadth-first from each output, so the shortest loop is reported.
     */
    private static List<String> recipeCycle(Mode m, Map<String, Set<String>> feeds) {
        for (String o : producedBy(m)) {
            Map<String, String> parent = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>();
            parent.put(o, null);
            queue.add(o);
            while (!queue.isEmpty()) {
                String x = queue.poll();
                if (m.inputs().containsKey(x)) {
                    List<String> path = new ArrayList<>();
                    for (String y = x; y != null; y = parent.get(y)) path.add(0, y);
                    return path;
                }
                for (String y : feeds.getOrDefault(x, Set.of())) {
                    if (!parent.containsKey(y)) {
                        parent.put(y, x);
                        queue.add(y);
                    }
                }
            }
        }
        return null;
    }

    private static String cycleProblem(Facility f, Mode m, List<String> cycle) {
        String o = cycle.get(0);
        if (cycle.size() == 1) {
            return "output " + o + " of mode " + m.name() + " at " + f.id() + " is also its input: a recipe that"
                    + " feeds its own input nets out of the steady-state plan, which then runs it as if " + o
                    + " were free while the simulator needs it on hand; list only the net inputs and outputs";
        }
        String loop = cycle.get(cycle.size() - 1) + " -> " + String.join(" -> ", cycle);
        return "output " + o + " of mode " + m.name() + " at " + f.id() + " comes back as its input through other"
                + " recipes of " + f.id() + " (" + loop + "): a loop of recipes at one facility"
                + " nets out of the steady-state plan, which then runs it as if the looped material were free while"
                + " the simulator needs it on hand";
    }

    // ---- rule 7 ----

    private void lanes() {
        for (Lane l : network.lanes()) {
            Facility from = network.facility(l.from()), to = network.facility(l.to());
            if (l.capacity() == 0) {
                lane(l, "capacity", "a lane with capacity 0 can never carry anything (delete the row instead)");
            } else if (from.type() == FacilityType.LANDFILL) {
                lane(l, "from", "lane " + l.id() + " leaves landfill " + from.id() + ": a landfill is a final sink");
            } else if (!holds(from, l.material())) {
                lane(
                        l,
                        "material",
                        "lane " + l.id() + " carries " + l.material() + " from " + from.id() + ", which never holds "
                                + l.material() + ": " + from.id() + " " + holdings(from));
            } else if (!usesOrShips(to, l.material())) {
                lane(
                        l,
                        "material",
                        "lane " + l.id() + " brings " + l.material() + " to " + to.id() + ", which cannot use it: "
                                + to.id() + " " + uses(to) + ", and no lane carries " + l.material() + " on from it");
            }
        }
    }

    /** Whether {@code f} can ever hold {@code m} by itself or from a lane (rule 7, source side). */
    private boolean holds(Facility f, String m) {
        return ownSource(f, m) || in.get(f.id()).containsKey(m);
    }

    /** A source of {@code m} at {@code f} other than lanes: supply, production, returns, exogenous inflow, stock. */
    private static boolean ownSource(Facility f, String m) {
        if (f.initialInventory().getOrDefault(m, 0.0) > 0) return true;
        return switch (f.type()) {
            case VIRGIN_SUPPLIER, COLLECTION -> m.equals(f.material());
            case MARKET -> m.equals(f.returnMaterial()) && f.returnRate() > 0;
            default -> f.modes().stream().anyMatch(mode -> mode.outputs().getOrDefault(m, 0.0) > 0);
        };
    }

    /** Whether {@code f} consumes, sells or landfills {@code m} itself (rule 7, destination side, without shipping). */
    private static boolean ownUse(Facility f, String m) {
        if (f.type() == FacilityType.LANDFILL) return true;
        if (f.type() == FacilityType.MARKET) return m.equals(f.material());
        for (Mode mode : f.modes()) if (mode.inputs().containsKey(m)) return true;
        return false;
    }

    private boolean usesOrShips(Facility f, String m) {
        return ownUse(f, m) || out.get(f.id()).containsKey(m);
    }

    /** What {@code f} holds of its own, in words, for an error message. */
    private String holdings(Facility f) {
        Set<String> own = new LinkedHashSet<>();
        for (String m : network.materials().keySet()) if (ownSource(f, m)) own.add(m);
        own.addAll(in.get(f.id()).keySet());
        return own.isEmpty() ? "holds nothing" : "holds only " + String.join(", ", own);
    }

    /** What {@code f} uses, in words, for an error message. */
    private static String uses(Facility f) {
        return switch (f.type()) {
            case MARKET -> "sells only " + f.material();
            case VIRGIN_SUPPLIER, COLLECTION ->
                "is a " + f.type().name().toLowerCase(Locale.ROOT) + " (it uses" + " nothing, it only ships on)";
            default -> {
                Set<String> inputs = new LinkedHashSet<>();
                for (Mode mode : f.modes()) inputs.addAll(mode.inputs().keySet());
                yield "takes only " + String.join(", ", inputs) + " in its modes";
            }
        };
    }

    // ---- rule 8 ----

    private void flow() {
        if (!defects.isEmpty()) return; // the fixpoints assume the local rules hold, and would only repeat them
        Positions p = new Positions();
        boolean[] live = p.live(), useful = p.useful();
        for (Facility f : network.facilities()) {
            if (f.type() == FacilityType.MARKET && !live[p.at(f.id(), f.material())]) {
                facility(
                        f,
                        "material",
                        "no " + f.material() + " can ever reach market " + f.id() + ": the lanes that deliver it ("
                                + ids(in.get(f.id()).get(f.material())) + ") start where " + f.material()
                                + " never is, so the market could never run short and would always look"
                                + " \"recovered\"");
            }
        }
        for (Facility f : network.facilities()) {
            for (Mode m : f.modes()) {
                for (String i : m.inputs().keySet()) {
                    if (!live[p.at(f.id(), i)]) {
                        defects.add(new Defect(
                                Element.MODE,
                                f.id(),
                                m.name(),
                                "inputs",
                                "input " + i + " of mode " + m.name() + " at " + f.id() + " never arrives: the lanes"
                                        + " that deliver it ("
                                        + ids(in.get(f.id()).get(i)) + ") start where " + i
                                        + " never is"));
                        break;
                    }
                }
            }
        }
        for (Lane l : network.lanes()) {
            if (!live[p.at(l.from(), l.material())]) {
                lane(
                        l,
                        "material",
                        "lane " + l.id() + " can never carry anything: no " + l.material() + " ever reaches "
                                + l.from() + " (it would only come by lanes from facilities that never have it"
                                + " either)");
            } else if (!useful[p.at(l.to(), l.material())]) {
                lane(
                        l,
                        "material",
                        "the " + l.material() + " that lane " + l.id() + " brings to " + l.to() + " never reaches a"
                                + " use: from " + l.to() + " it only travels between facilities that neither use,"
                                + " sell nor landfill it");
            }
        }
        for (Facility f : network.facilities()) {
            for (var e : f.initialInventory().entrySet()) {
                if (e.getValue() > 0 && !useful[p.at(f.id(), e.getKey())]) {
                    facility(
                            f,
                            "initial_inventory",
                            "the initial stock of " + e.getKey() + " at " + f.id() + " never reaches a use: it only"
                                    + " travels between facilities that neither use, sell nor landfill it");
                }
            }
        }
    }

    /**
     * The (facility, material) positions of rule 8 and the two fixpoints over them: forward from the sources
     * (live), backward from the uses (useful).
     */
    private final class Positions {
        private final Map<String, Integer> index = new HashMap<>();
        /** Per mode instance (a facility's mode): its input positions, and its output positions. */
        private final List<int[]> modeInputs = new ArrayList<>();

        private final List<int[]> modeOutputs = new ArrayList<>();

        Positions() {
            for (Facility f : network.facilities()) {
                if (f.material() != null) register(f.id(), f.material());
                if (f.returnMaterial() != null) register(f.id(), f.returnMaterial());
                for (String m : f.initialInventory().keySet()) register(f.id(), m);
                for (Mode mode : f.modes()) {
                    modeInputs.add(mode.inputs().keySet().stream()
                            .mapToInt(i -> register(f.id(), i))
                            .toArray());
                    modeOutputs.add(producedBy(mode).stream()
                            .mapToInt(o -> register(f.id(), o))
                            .toArray());
                }
            }
            for (Lane l : network.lanes()) {
                register(l.from(), l.material());
                register(l.to(), l.material());
            }
        }

        private int register(String facility, String material) {
            return index.computeIfAbsent(facility + '\u0000' + material, k -> index.size());
        }

        int at(String facility, String material) {
            Integer i = index.get(facility + '\u0000' + material);
            if (i == null) throw new IllegalStateException("unregistered position " + facility + "/" + material);
            return i;
        }

        boolean[] live() {
            boolean[] live = new boolean[index.size()];
            Deque<Integer> queue = new ArrayDeque<>();
            for (Facility f : network.facilities()) {
                f.initialInventory().forEach((m, q) -> {
                    if (q > 0) mark(live, queue, at(f.id(), m));
                });
                switch (f.type()) {
                    case VIRGIN_SUPPLIER -> mark(live, queue, at(f.id(), f.material()));
                    case COLLECTION -> {
                        if (f.material() != null) mark(live, queue, at(f.id(), f.material()));
                    }
                    case MARKET -> {
                        if (f.returnMaterial() != null && f.returnRate() > 0)
                            mark(live, queue, at(f.id(), f.returnMaterial()));
                    }
                    default -> {}
                }
            }
            // a mode fires once all its inputs are live; missing[k] counts the inputs of mode instance k not yet live
            int[] missing = new int[modeInputs.size()];
            Map<Integer, List<Integer>> takers = new HashMap<>(); // position -> mode instances taking it
            for (int k = 0; k < missing.length; k++) {
                missing[k] = modeInputs.get(k).length;
                for (int s : modeInputs.get(k))
                    takers.computeIfAbsent(s, x -> new ArrayList<>()).add(k);
            }
            Map<Integer, List<Integer>> next = laneEdges(false);
            while (!queue.isEmpty()) {
                int s = queue.poll();
                for (int t : next.getOrDefault(s, List.of())) mark(live, queue, t);
                for (int k : takers.getOrDefault(s, List.of())) {
                    if (--missing[k] == 0) for (int o : modeOutputs.get(k)) mark(live, queue, o);
                }
            }
            return live;
        }

        boolean[] useful() {
            boolean[] useful = new boolean[index.size()];
            Deque<Integer> queue = new ArrayDeque<>();
            for (Facility f : network.facilities()) {
                if (f.type() == FacilityType.MARKET) mark(useful, queue, at(f.id(), f.material()));
                if (f.type() == FacilityType.LANDFILL) {
                    for (String m : in.get(f.id()).keySet()) mark(useful, queue, at(f.id(), m));
                }
            }
            Map<Integer, List<Integer>> makers = new HashMap<>(); // output position -> mode instances making it
            for (int k = 0; k < modeInputs.size(); k++) {
                if (modeOutputs.get(k).length == 0) { // a disposal mode uses what it takes
                    for (int s : modeInputs.get(k)) mark(useful, queue, s);
                }
                for (int o : modeOutputs.get(k))
                    makers.computeIfAbsent(o, x -> new ArrayList<>()).add(k);
            }
            Map<Integer, List<Integer>> previous = laneEdges(true);
            while (!queue.isEmpty()) {
                int s = queue.poll();
                for (int t : previous.getOrDefault(s, List.of())) mark(useful, queue, t);
                for (int k : makers.getOrDefault(s, List.of())) for (int i : modeInputs.get(k)) mark(useful, queue, i);
            }
            return useful;
        }

        /** Lane edges between positions, reversed when {@code backward}. */
        private Map<Integer, List<Integer>> laneEdges(boolean backward) {
            Map<Integer, List<Integer>> edges = new HashMap<>();
            for (Lane l : network.lanes()) {
                int a = at(l.from(), l.material()), b = at(l.to(), l.material());
                edges.computeIfAbsent(backward ? b : a, k -> new ArrayList<>()).add(backward ? a : b);
            }
            return edges;
        }

        private void mark(boolean[] seen, Deque<Integer> queue, int s) {
            if (!seen[s]) {
                seen[s] = true;
                queue.add(s);
            }
        }
    }

    private static String ids(List<Lane> lanes) {
        List<String> ids = new ArrayList<>();
        for (Lane l : lanes == null ? List.<Lane>of() : lanes) ids.add(l.id());
        return String.join(", ", ids);
    }

    private void facility(Facility f, String field, String problem) {
        defects.add(new Defect(Element.FACILITY, f.id(), null, field, problem));
    }

    private void lane(Lane l, String field, String problem) {
        defects.add(new Defect(Element.LANE, l.id(), null, field, problem));
    }
}
