package org.moca.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded generator of circular supply networks of 10 to 100,000 facilities, for scale tests and
 * benchmarks. The same config and seed give the identical network; the result always passes {@link SupplyNetwork}
 * validation and has exactly {@link Config#facilities()} facilities.
 *
 * <p>Structure. The network is made of <em>product lines</em> (about one per {@link Config#facilitiesPerLine()}
 * facilities) sharing a pool of raw materials, each raw material with at least two virgin suppliers. Product line
 * {@code k} has its own component {@code comp_k} (made from raw material {@code a_k}), product {@code prod_k} (assembled
 * from components plus raw material {@code b_k}) and end-of-life product {@code eol_k}, and its own component plants,
 * assembly plants, markets, collection points, remanufacturers and recyclers; landfills are shared. Lanes:
 * <pre>
 *   suppliers(a_k) -> component plants -> assembly plants &lt;- suppliers(b_k)     (every plant has 2 virgin sources)
 *   assembly plants -> markets -> collection -> remanufacturers -> markets (refurbished), assembly plants (harvested)
 *                                 collection -> recyclers -> component plants of any line using a_k, assembly plants (b_k)
 *                                 collection -> landfill
 * </pre>
 * Every sender of a stage ships to at least one receiver and every receiver gets at least one sender (a round-robin
 * "covering" whose first pair is always facility 0 -> facility 0, so every line has the loop market -> collection ->
 * recycler -> component plant -> assembly -> market), plus extra random lanes with probability
 * {@link Config#extraLaneProbability()}. So every recipe input is delivered, and loops are real. Masses: raw
 * materials 1 kg; components 0.3–3 kg; products add 0.5–6 kg of raw material b; every mode's yield is below 1.
 * Capacities, demand and lead times are drawn from plausible ranges in hours (markets 2–20 units/h, plant capacity
 * 1.2–2× their share of demand, virgin lanes 12–72 h, internal lanes 2–24 h, reverse lanes 6–48 h).
 *
 * <p>Running time O(F + L), with L about 2.6 F lanes: measured on 2 vCPUs, 10,000 facilities in 0.3–0.5 s and
 * 100,000 in about 5 s, most of it building the validated {@link SupplyNetwork} (see {@code GraphBench}).
 */
public final class NetworkGenerator {

    /**
     * Size and density of a generated network.
     *
     * @param facilities           exact number of facilities, 10 to 100,000
     * @param facilitiesPerLine    about how many facilities form one product line, at least 9
     * @param extraLaneProbability probability of each extra random lane beyond the covering ones, in [0, 1]
     */
    public record Config(int facilities, int facilitiesPerLine, double extraLaneProbability) {
        public static final int MIN_FACILITIES = 10;
        public static final int MAX_FACILITIES = 100_000;

        public Config {
            if (facilities < MIN_FACILITIES || facilities > MAX_FACILITIES) {
                throw new IllegalArgumentException("facilities must be an integer in [" + MIN_FACILITIES + ", "
                        + MAX_FACILITIES + "], got " + facilities);
            }
            if (facilitiesPerLine < 9)
                throw new IllegalArgumentException("facilitiesPerLine must be at least 9, got " + facilitiesPerLine);
            if (!(extraLaneProbability >= 0 && extraLaneProbability <= 1)) {
                throw new IllegalArgumentException(
                        "extraLaneProbability must be in [0, 1], got " + extraLaneProbability);
            }
        }

        /** {@code facilities} facilities, about 40 per product line, extra lanes with probability 0.3. */
        public static Config withFacilities(int facilities) {
            return new Config(facilities, 40, 0.3);
        }
    }

    private enum Role {
        SUPPLIER,
        COMPONENT,
        ASSEMBLY,
        MARKET,
        COLLECTION,
        REMANUFACTURER,
        RECYCLER,
        LANDFILL
    }

    /** Share of the facilities beyond the minimum that each role receives (in {@link Role} order). */
    private static final double[] EXTRA_WEIGHTS = {0.12, 0.14, 0.10, 0.22, 0.10, 0.08, 0.14, 0.10};

    private final Config config;

    public NetworkGenerator(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config() {
        return config;
    }

    /** Generates the network for {@code seed}; named {@code generated-n<facilities>-s<seed>}. */
    public SupplyNetwork generate(long seed) {
        return new Build(config, new SplittableRandom(seed)).network("generated-n" + config.facilities() + "-s" + seed);
    }

    /** One generation run: all mutable state lives here. */
    private static final class Build {
        private final Config config;
        private final SplittableRandom rnd;
        private final int lines;
        private final int raws;
        private final int[] rawA;
        private final int[] rawB;
        private final double[] compMass;
        private final double[] compPerProduct;
        private final double[] rawBPerProduct;
        private final double[] lineDemand;

        private final List<Material> materials = new ArrayList<>();
        private final List<Facility> facilities = new ArrayList<>();
        private final List<Lane> lanes = new ArrayList<>();
        private final Set<String> lanePairs = new HashSet<>();

        // facility ids per role, per line (or per raw material for suppliers)
        private final List<List<String>> suppliers = new ArrayList<>();
        private final List<List<String>> comp = new ArrayList<>();
        private final List<List<String>> asm = new ArrayList<>();
        private final List<List<String>> markets = new ArrayList<>();
        private final List<List<String>> collections = new ArrayList<>();
        private final List<List<String>> remans = new ArrayList<>();
        private final List<List<String>> recyclers = new ArrayList<>();
        private final List<String> landfills = new ArrayList<>();

        Build(Config config, SplittableRandom rnd) {
            this.config = config;
            this.rnd = rnd;
            int n = config.facilities();
            // minimum per line: component, assembly, market, collection, remanufacturer, recycler = 6; 2 suppliers per
            // raw
            int p = Math.max(1, Math.round((float) n / config.facilitiesPerLine()));
            int r = n < 20 ? 1 : Math.max(2, (int) Math.round(Math.sqrt(p)) + 1);
            while (6 * p + 2 * r + 1 > n) {
                if (p > 1) p--;
                else r--;
            }
            this.lines = p;
            this.raws = r;
            rawA = new int[p];
            rawB = new int[p];
            compMass = new double[p];
            compPerProduct = new double[p];
            rawBPerProduct = new double[p];
            lineDemand = new double[p];
        }

        SupplyNetwork network(String name) {
            for (int i = 0; i < raws; i++) materials.add(new Material(raw(i), 1.0));
            for (int k = 0; k < lines; k++) {
                // the first lines use every raw material at least once (raws <= lines + 1), the others draw at random
                rawA[k] = k % raws;
                rawB[k] = k < raws ? (k + 1) % raws : rnd.nextInt(raws);
                compMass[k] = round(uniform(0.3, 3.0), 3);
                compPerProduct[k] = 1 + rnd.nextInt(3);
                rawBPerProduct[k] = round(uniform(0.5, 6.0), 2);
                materials.add(new Material("comp_" + k, compMass[k]));
                double productMass = compPerProduct[k] * compMass[k] + rawBPerProduct[k];
                materials.add(new Material("prod_" + k, productMass));
                materials.add(new Material("eol_" + k, productMass));
            }
            int[] counts = roleCounts();
            allocateIds(counts);
            addFacilities();
            addLanes();
            return new SupplyNetwork(name, materials, facilities, lanes);
        }

        private static String raw(int i) {
            return "raw_" + i;
        }

        /** How many facilities of each role in total: the minimum plus a weighted random share of the rest. */
        private int[] roleCounts() {
            int[] counts = new int[Role.values().length];
            counts[Role.SUPPLIER.ordinal()] = 2 * raws;
            for (Role role : List.of(
                    Role.COMPONENT, Role.ASSEMBLY, Role.MARKET, Role.COLLECTION, Role.REMANUFACTURER, Role.RECYCLER)) {
                counts[role.ordinal()] = lines;
            }
            counts[Role.LANDFILL.ordinal()] = 1;
            int extra = config.facilities() - (2 * raws + 6 * lines + 1);
            double sum = 0;
            for (double w : EXTRA_WEIGHTS) sum += w;
            for (int i = 0; i < extra; i++) {
                double u = rnd.nextDouble() * sum;
                int role = 0;
                while (role < EXTRA_WEIGHTS.length - 1 && u >= EXTRA_WEIGHTS[role]) u -= EXTRA_WEIGHTS[role++];
                // few landfills: they are sinks, not structure
                if (role == Role.LANDFILL.ordinal() && counts[role] * 500 > config.facilities())
                    role = Role.MARKET.ordinal();
                counts[role]++;
            }
            return counts;
        }

        private void allocateIds(int[] counts) {
            for (int i = 0; i < raws; i++) suppliers.add(new ArrayList<>());
            for (List<List<String>> perLine : List.of(comp, asm, markets, collections, remans, recyclers)) {
                for (int k = 0; k < lines; k++) perLine.add(new ArrayList<>());
            }
            distribute(suppliers, counts[Role.SUPPLIER.ordinal()], "supplier", true);
            distribute(comp, counts[Role.COMPONENT.ordinal()], "component", false);
            distribute(asm, counts[Role.ASSEMBLY.ordinal()], "assembly", false);
            distribute(markets, counts[Role.MARKET.ordinal()], "market", false);
            distribute(collections, counts[Role.COLLECTION.ordinal()], "collection", false);
            distribute(remans, counts[Role.REMANUFACTURER.ordinal()], "reman", false);
            distribute(recyclers, counts[Role.RECYCLER.ordinal()], "recycler", false);
            for (int i = 0; i < counts[Role.LANDFILL.ordinal()]; i++) landfills.add("landfill-" + i);
        }

        /** Gives each group its minimum (2 suppliers per raw material, 1 of anything per line), the rest at random. */
        private void distribute(List<List<String>> groups, int total, String kind, boolean perRaw) {
            int min = perRaw ? 2 : 1;
            int[] size = new int[groups.size()];
            for (int g = 0; g < groups.size(); g++) size[g] = min;
            for (int i = groups.size() * min; i < total; i++) size[rnd.nextInt(groups.size())]++;
            for (int g = 0; g < groups.size(); g++) {
                String prefix = perRaw ? raw(g) + "-" + kind + "-" : "line" + g + "-" + kind + "-";
                for (int j = 0; j < size[g]; j++) groups.get(g).add(prefix + j);
            }
        }

        private void addFacilities() {
            // markets first: their demand sizes everything upstream and downstream
            Map<String, Facility> byId = new LinkedHashMap<>();
            double[] rawDemand = new double[raws];
            for (int k = 0; k < lines; k++) {
                for (String id : markets.get(k)) {
                    double demand = round(uniform(2, 20), 1);
                    lineDemand[k] += demand;
                    byId.put(
                            id,
                            Facility.market(
                                    id,
                                    "prod_" + k,
                                    demand,
                                    round(uniform(0.2, 0.6), 2),
                                    24 + rnd.nextInt(145),
                                    "eol_" + k,
                                    Map.of("prod_" + k, round(demand * 12, 0))));
                }
                double perComp = lineDemand[k] * compPerProduct[k];
                rawDemand[rawA[k]] += perComp * compMass[k] / 0.9;
                rawDemand[rawB[k]] += lineDemand[k] * rawBPerProduct[k];
            }
            for (int i = 0; i < raws; i++) {
                for (String id : suppliers.get(i)) {
                    double cap = round(rawDemand[i] / suppliers.get(i).size() * uniform(0.8, 1.6), 2);
                    byId.put(id, Facility.supplier(id, raw(i), Math.max(1, cap), round(uniform(1, 100), 2), Map.of()));
                }
            }
            for (int k = 0; k < lines; k++) {
                double products = lineDemand[k];
                double returns = products * 0.4;
                double compYield = round(uniform(0.85, 0.97), 3);
                Mode make = new Mode(
                        "make", Map.of(raw(rawA[k]), round(compMass[k] / compYield, 4)), Map.of("comp_" + k, 1.0));
                for (String id : comp.get(k)) {
                    double cap =
                            capacity(products * compPerProduct[k], comp.get(k).size());
                    byId.put(
                            id,
                            Facility.processor(
                                    id,
                                    FacilityType.COMPONENT_PLANT,
                                    cap,
                                    round(uniform(1, 50), 2),
                                    List.of(make),
                                    Map.of(
                                            raw(rawA[k]),
                                            round(cap * 12 * make.inputs().get(raw(rawA[k])), 0))));
                }
                Map<String, Double> recipe = new LinkedHashMap<>();
                recipe.put("comp_" + k, compPerProduct[k]);
                recipe.merge(raw(rawB[k]), rawBPerProduct[k], Double::sum);
                Mode assemble = new Mode("assemble", recipe, Map.of("prod_" + k, 1.0));
                for (String id : asm.get(k)) {
                    double cap = capacity(products, asm.get(k).size());
                    byId.put(
                            id,
                            Facility.processor(
                                    id,
                                    FacilityType.ASSEMBLY_PLANT,
                                    cap,
                                    round(uniform(5, 100), 2),
                                    List.of(assemble),
                                    Map.of("comp_" + k, round(cap * 12 * compPerProduct[k], 0))));
                }
                for (String id : collections.get(k)) byId.put(id, Facility.collection(id, null, 0, Map.of()));
                String eol = "eol_" + k;
                Mode refurbish =
                        new Mode("refurbish", Map.of(eol, 1.0), Map.of("prod_" + k, round(uniform(0.6, 0.9), 2)));
                Mode harvest = new Mode(
                        "harvest",
                        Map.of(eol, 1.0),
                        Map.of("comp_" + k, round(compPerProduct[k] * uniform(0.6, 0.9), 3)));
                for (String id : remans.get(k)) {
                    byId.put(
                            id,
                            Facility.processor(
                                    id,
                                    FacilityType.REMANUFACTURER,
                                    capacity(returns * 0.5, remans.get(k).size()),
                                    round(uniform(5, 30), 2),
                                    List.of(refurbish, harvest),
                                    Map.of()));
                }
                Map<String, Double> recovered = new LinkedHashMap<>();
                recovered.put(raw(rawA[k]), round(compPerProduct[k] * compMass[k] * uniform(0.4, 0.95), 4));
                recovered.merge(raw(rawB[k]), round(rawBPerProduct[k] * uniform(0.4, 0.95), 4), Double::sum);
                Mode recycle = new Mode("recycle", Map.of(eol, 1.0), recovered);
                for (String id : recyclers.get(k)) {
                    byId.put(
                            id,
                            Facility.processor(
                                    id,
                                    FacilityType.RECYCLER,
                                    capacity(returns, recyclers.get(k).size()),
                                    round(uniform(0.2, 5), 2),
                                    List.of(recycle),
                                    Map.of()));
                }
            }
            for (String id : landfills) byId.put(id, Facility.landfill(id));
            // a stable, readable order: suppliers, then line by line, landfills last
            for (List<String> s : suppliers) s.forEach(id -> facilities.add(byId.get(id)));
            for (int k = 0; k < lines; k++) {
                for (List<List<String>> role : List.of(comp, asm, markets, collections, remans, recyclers)) {
                    role.get(k).forEach(id -> facilities.add(byId.get(id)));
                }
            }
            landfills.forEach(id -> facilities.add(byId.get(id)));
        }

        /** Per-facility capacity: 1.2–2× its share of the line's flow, at least 1 unit/h. */
        private double capacity(double flow, int facilitiesSharing) {
            return Math.max(1, round(flow / facilitiesSharing * uniform(1.2, 2.0), 1));
        }

        private void addLanes() {
            // plants using each raw material, as component input or as assembly input, and the flow they need
            List<List<String>> compByRaw = new ArrayList<>();
            List<List<String>> asmByRaw = new ArrayList<>();
            double[] rawFlow = new double[raws];
            for (int i = 0; i < raws; i++) {
                compByRaw.add(new ArrayList<>());
                asmByRaw.add(new ArrayList<>());
            }
            for (int k = 0; k < lines; k++) {
                compByRaw.get(rawA[k]).addAll(comp.get(k));
                asmByRaw.get(rawB[k]).addAll(asm.get(k));
                rawFlow[rawA[k]] += lineDemand[k] * compPerProduct[k] * compMass[k];
                rawFlow[rawB[k]] += lineDemand[k] * rawBPerProduct[k];
            }
            // Virgin supply per raw material, not per line: suppliers are shared, so covering them line by line would
            // tie every supplier to every line. Every supplier ships somewhere; every plant has two virgin sources.
            for (int i = 0; i < raws; i++) {
                List<String> users = new ArrayList<>(compByRaw.get(i));
                users.addAll(asmByRaw.get(i));
                if (users.isEmpty()) throw new IllegalStateException("raw material " + raw(i) + " is used by no line");
                double perPlant = rawFlow[i] / users.size();
                cover(suppliers.get(i), users, raw(i), perPlant, 12, 72, false);
                for (String plant : users) lane(pick(suppliers.get(i)), plant, raw(i), perPlant, 12, 72);
            }
            for (int k = 0; k < lines; k++) {
                String ra = raw(rawA[k]), rb = raw(rawB[k]), c = "comp_" + k, p = "prod_" + k, e = "eol_" + k;
                double flow = lineDemand[k];
                cover(comp.get(k), asm.get(k), c, flow * compPerProduct[k], 2, 24, true);
                cover(asm.get(k), markets.get(k), p, flow, 2, 24, true);
                cover(markets.get(k), collections.get(k), e, flow * 0.6, 6, 48, true);
                cover(collections.get(k), remans.get(k), e, flow * 0.3, 6, 48, true);
                cover(collections.get(k), recyclers.get(k), e, flow * 0.3, 6, 48, true);
                for (String col : collections.get(k)) lane(col, pick(landfills), e, flow, 2, 24);
                cover(remans.get(k), markets.get(k), p, flow * 0.2, 2, 24, true);
                cover(remans.get(k), asm.get(k), c, flow * 0.2 * compPerProduct[k], 2, 24, true);
                // recycled raw material goes back to its own line (covering), sometimes to another line using it
                cover(recyclers.get(k), comp.get(k), ra, flow * compMass[k], 6, 48, false);
                for (String r : recyclers.get(k)) {
                    if (rnd.nextDouble() < config.extraLaneProbability())
                        lane(r, pick(compByRaw.get(rawA[k])), ra, flow * compMass[k], 6, 48);
                    if (rawA[k] != rawB[k]) lane(r, pick(asmByRaw.get(rawB[k])), rb, flow * rawBPerProduct[k], 6, 48);
                }
            }
        }

        /**
         * Lanes so that every sender ships to some receiver and every receiver gets some sender (round robin, first pair
         * 0 -> 0), plus, when {@code extra}, another random lane per sender with probability {@code extraLaneProbability}.
         */
        private void cover(
                List<String> senders,
                List<String> receivers,
                String material,
                double flow,
                int minLead,
                int maxLead,
                boolean extra) {
            int m = Math.max(senders.size(), receivers.size());
            double perLane = flow / m;
            for (int i = 0; i < m; i++)
                lane(
                        senders.get(i % senders.size()),
                        receivers.get(i % receivers.size()),
                        material,
                        perLane,
                        minLead,
                        maxLead);
            if (!extra) return;
            for (String s : senders) {
                if (rnd.nextDouble() < config.extraLaneProbability())
                    lane(s, pick(receivers), material, perLane, minLead, maxLead);
            }
        }

        /** Adds a lane unless one of the same material already joins the pair; capacity 1.5–3× the expected flow. */
        private void lane(String from, String to, String material, double flow, int minLead, int maxLead) {
            if (from.equals(to) || !lanePairs.add(from + '\u0000' + to + '\u0000' + material)) return;
            double capacity = Math.max(1, round(flow * uniform(1.5, 3.0), 1));
            int lead = minLead + rnd.nextInt(maxLead - minLead + 1);
            lanes.add(new Lane("L" + lanes.size(), from, to, material, capacity, lead, round(uniform(0.05, 2.0), 2)));
        }

        private String pick(List<String> ids) {
            return ids.get(rnd.nextInt(ids.size()));
        }

        private double uniform(double lo, double hi) {
            return lo + (hi - lo) * rnd.nextDouble();
        }

        private static double round(double v, int decimals) {
            double f = Math.pow(10, decimals);
            return Math.round(v * f) / f;
        }
    }
}
