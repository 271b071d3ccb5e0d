package org.moca.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.moca.baseline.HeuristicConfig;
import org.moca.baseline.HeuristicPolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.experiment.PolicyComparison;
import org.moca.experiment.Testbed;
import org.moca.graph.NetworkGenerator;
import org.moca.graph.ReferenceNetworks;
import org.moca.graph.SupplyNetwork;
import org.moca.infra.AtomicFiles;
import org.moca.infra.Provenance;
import org.moca.opt.ExpectedForecast;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.OraclePolicy;
import org.moca.opt.WindowLp;
import org.moca.opt.WindowLpConfig;
import org.moca.opt.WindowProblem;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.PolicyConfig;
import org.moca.scenario.DisruptionSpec;
import org.moca.scenario.Episode;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamily;
import org.moca.scenario.ScenarioVariant;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.SimConfig;
import org.moca.sim.StateEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/**
 * The scale benchmark ({@code moca bench --scale}, issue 17 item 3): per network (the reference and generated circular
 * networks of 100, 1,000 and 3,000 facilities), the LP build + solve time of the oracle (hourly, onset to the end of a
 * 72-hour window) and of one MPC decision at onset, simulator throughput, and the latency of one decision of the
 * Gaussian MLP policy at the network's shape (state and action sizes from {@link StateEncoder} and {@link ActionCodec},
 * the default 256-256 hidden layers, untrained: latency does not depend on the weights); then the recovery rates of
 * no-action, the heuristic, the MPC (on fewer episodes where it is slow) and the oracle on one network, over a
 * black-swan-like family generated for it ({@link #blackSwanLike}).
 *
 * <p>Timings are single runs on a shared machine: read ratios, not absolutes. Results go to a folder with
 * {@code timing.csv}, {@code recovery.csv} and {@code provenance.json}.
 *
 * @param sizes          generated network sizes (facilities); the reference network is always measured first
 * @param recoverySize   the network (facilities) whose recovery rates are measured, or 12 for the reference
 * @param episodes       episodes of no-action, heuristic and oracle
 * @param mpcEpisodes    episodes of the MPC (its first {@code mpcEpisodes} of the same episodes), at most {@code episodes}
 * @param seed           seed of the networks, the scenarios and the realizations
 * @param uniquePlan     the oracle's and the MPC's LPs with the lexicographic tie-break ({@link
 *                       WindowLpConfig#uniquePlan()}, the default), or single-stage (one solve; the plan is then one
 *                       of the optimal plans, solver-dependent): the second stage does not finish at 1,000 facilities
 */
public record ScaleBench(
        List<Integer> sizes, int recoverySize, int episodes, int mpcEpisodes, long seed, boolean uniquePlan) {

    /** The benchmark with the unique (two-stage) plan. */
    public ScaleBench(List<Integer> sizes, int recoverySize, int episodes, int mpcEpisodes, long seed) {
        this(sizes, recoverySize, episodes, mpcEpisodes, seed, true);
    }

    public ScaleBench {
        sizes = List.copyOf(Objects.requireNonNull(sizes, "sizes"));
        if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        if (mpcEpisodes < 0 || mpcEpisodes > episodes)
            throw new IllegalArgumentException("mpcEpisodes must be in [0, episodes], got " + mpcEpisodes);
    }

    /** Issue 17's sizes: 100, 1,000 and 3,000 facilities; recovery on 1,000 with 12 episodes, the MPC on 2. */
    public static ScaleBench defaults() {
        return new ScaleBench(List.of(100, 1000, 3000), 1000, 12, 2, 1);
    }

    /** The oracle's LP settings: the defaults, single-stage unless {@link #uniquePlan}. */
    public WindowLpConfig oracleLp() {
        return WindowLpConfig.defaults().withUniquePlan(uniquePlan);
    }

    /** The MPC's settings: the defaults, its LP single-stage unless {@link #uniquePlan}. */
    public MpcConfig mpc() {
        MpcConfig m = MpcConfig.defaults();
        return m.withLp(m.lp().withUniquePlan(uniquePlan && m.lp().uniquePlan()));
    }

    /** The network of a size: the reference for 12, else a generated one. */
    public SupplyNetwork network(int facilities) {
        return facilities == 12
                ? ReferenceNetworks.circularElectronicsNd()
                : new NetworkGenerator(NetworkGenerator.Config.withFacilities(facilities)).generate(seed);
    }

    /**
     * A black-swan-like family for any network, sized like the reference's: a full 72-hour outage of the main virgin
     * supplier(s) of the network's scarce raw material. The scarce material is the one whose virgin suppliers have the
     * least spare capacity over the nominal plan's purchases (total capacity / nominal purchase, smallest); its main
     * suppliers are those that together carry at least half of its nominal purchases, largest first (the reference: the
     * primary rare-earth supplier). 48 hours of warm-up, 72 after onset.
     */
    public static ScenarioFamily blackSwanLike(Testbed bed) {
        NetworkIndex layout = bed.layout();
        var fs = layout.network().facilities();
        double[] bought = bed.nominal().procurement();
        Map<String, List<Integer>> byMaterial = new LinkedHashMap<>();
        for (int i = 0; i < layout.suppliers().length; i++)
            byMaterial
                    .computeIfAbsent(fs.get(layout.suppliers()[i]).material(), m -> new ArrayList<>())
                    .add(i);
        String scarce = null;
        double tightest = Double.POSITIVE_INFINITY;
        for (var e : byMaterial.entrySet()) {
            double cap = 0, use = 0;
            for (int i : e.getValue()) {
                cap += fs.get(layout.suppliers()[i]).capacity();
                use += bought[i];
            }
            if (use > 1e-9 && cap / use < tightest) {
                tightest = cap / use;
                scarce = e.getKey();
            }
        }
        if (scarce == null) throw new IllegalArgumentException("the nominal plan buys nothing: no scarce material");
        List<Integer> sup = new ArrayList<>(byMaterial.get(scarce));
        sup.sort((a, b) -> Double.compare(bought[b], bought[a]));
        double total = 0, covered = 0;
        for (int i : sup) total += bought[i];
        List<String> main = new ArrayList<>();
        for (int i : sup) {
            if (covered >= 0.5 * total) break;
            main.add(fs.get(layout.suppliers()[i]).id());
            covered += bought[i];
        }
        List<DisruptionSpec> ds = new ArrayList<>();
        for (String id : main)
            ds.add(new DisruptionSpec(
                    DisruptionType.SUPPLIER_OUTAGE, List.of(id), new double[] {1, 1}, new int[] {72, 72}, null));
        return new ScenarioFamily(
                "black-swan-like(" + scarce + ")", 48, 72, List.of(new ScenarioVariant("main-supplier-outage", 1, ds)));
    }

    /** Runs the bench, prints the tables and writes them with provenance to {@code out}. */
    public void run(Path out) throws IOException {
        Provenance.Start start = Provenance.Start.now();
        StringBuilder timing = new StringBuilder(
                "network,facilities,lanes,oracle_lp_periods,oracle_lp_s,mpc_lp_periods,mpc_lp_s,sim_facility_hours_per_s,"
                        + "mlp_state_dim,mlp_action_dim,mlp_decision_ms\n");
        System.out.printf(
                "%-22s %10s %7s %14s %12s %16s %20s %18s%n",
                "network",
                "facilities",
                "lanes",
                "oracle LP s",
                "MPC LP s",
                "sim fac-h/s",
                "MLP state/action",
                "MLP decision ms");
        List<Integer> all = new ArrayList<>(List.of(12));
        all.addAll(sizes);
        for (int n : all) {
            SupplyNetwork net = network(n);
            Testbed bed = Testbed.of(net);
            Episode e = bed.episodes(blackSwanLike(bed), 1, seed).get(0);
            CircularSupplySimulator sim = atOnset(e);
            OraclePolicy oracle = new OraclePolicy(oracleLp(), bed.criteria());
            oracle.reset(e);
            long t0 = System.nanoTime();
            WindowProblem op = oracle.problem(sim);
            new WindowLp(bed.layout(), oracleLp()).plan(op);
            double oracleS = (System.nanoTime() - t0) / 1e9;
            MpcConfig mpc = mpc();
            int look = mpc.lookaheadFor(net);
            t0 = System.nanoTime();
            WindowProblem mp = WindowProblem.of(
                    e.scenario().label(),
                    sim,
                    WindowProblem.coarse(look, mpc.fineHours(), mpc.blockHours()),
                    new ExpectedForecast(
                            bed.layout(), e.scenario().disruptions(), sim.hour(), look, SimConfig.defaults(), 0.1));
            new WindowLp(bed.layout(), mpc.lp()).plan(mp);
            double mpcS = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            CircularSupplySimulator whole = new CircularSupplySimulator(
                    bed.layout(), e.scenario().disruptions(), e.realization(), e.laneFlow());
            while (!whole.done()) whole.step(e.nominal());
            double simRate = net.facilities().size() * (double) whole.horizon() / ((System.nanoTime() - t0) / 1e9);
            StateEncoder enc = new StateEncoder(bed.layout());
            ActionCodec codec = new ActionCodec(bed.layout());
            GaussianPolicy policy = GaussianPolicy.initialize(
                    PolicyConfig.of(enc.dimension(), codec.dimension(), 256, 256), DataType.FLOAT, seed);
            INDArray state = Nd4j.create(
                            KnownDisruptions.encode(enc, sim, KnownDisruptions.observedBy(e.scenario(), sim.hour())),
                            1,
                            enc.dimension())
                    .castTo(DataType.FLOAT);
            for (int i = 0; i < 20; i++) policy.mean(state); // warm-up
            int reps = 200;
            t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) policy.mean(state);
            double mlpMs = (System.nanoTime() - t0) / 1e6 / reps;
            String name = n == 12 ? "circular-electronics-nd" : "generated-" + n;
            System.out.printf(
                    "%-22s %10d %7d %9.2f (%3d) %7.2f (%3d) %16.0f %20s %18.3f%n",
                    name,
                    net.facilities().size(),
                    net.lanes().size(),
                    oracleS,
                    op.periods(),
                    mpcS,
                    mp.periods(),
                    simRate,
                    enc.dimension() + "/" + codec.dimension(),
                    mlpMs);
            timing.append(String.join(
                            ",",
                            name,
                            "" + net.facilities().size(),
                            "" + net.lanes().size(),
                            "" + op.periods(),
                            "" + oracleS,
                            "" + mp.periods(),
                            "" + mpcS,
                            "" + simRate,
                            "" + enc.dimension(),
                            "" + codec.dimension(),
                            "" + mlpMs))
                    .append('\n');
        }
        AtomicFiles.writeString(out.resolve("timing.csv"), timing.toString());

        Testbed bed = Testbed.of(network(recoverySize));
        ScenarioFamily family = blackSwanLike(bed);
        List<Episode> eps = bed.episodes(family, episodes, seed);
        Map<String, Supplier<RecoveryPolicy>> all3 = new LinkedHashMap<>();
        all3.put("no-action", NoActionPolicy::new);
        all3.put("heuristic", () -> new HeuristicPolicy(HeuristicConfig.defaults()));
        all3.put("oracle", () -> new OraclePolicy(oracleLp(), bed.criteria()));
        Table table = PolicyComparison.summary(new PolicyComparison(bed).run(eps, all3, "no-action", null));
        if (mpcEpisodes > 0) {
            Map<String, Supplier<RecoveryPolicy>> mpc = new LinkedHashMap<>();
            mpc.put("no-action", NoActionPolicy::new);
            mpc.put("mpc", () -> new MpcExpertPolicy(mpc(), bed.criteria()));
            Table m = PolicyComparison.summary(
                    new PolicyComparison(bed).run(eps.subList(0, mpcEpisodes), mpc, "no-action", null));
            table.append(m.where(m.stringColumn("policy").isEqualTo("mpc")));
        }
        System.out.println("recovery on " + bed.layout().network().name() + " (" + recoverySize + " facilities), "
                + family.name() + ": " + episodes + " episodes (the MPC: its first " + mpcEpisodes + "), seed " + seed);
        System.out.println(PolicyComparison.display(table).printAll());
        AtomicFiles.writeString(out.resolve("recovery.csv"), org.moca.viz.Tables.csv(table));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bench", this);
        config.put("family", family);
        config.put("mpc", mpc());
        config.put("oracleLp", oracleLp());
        config.put("heuristic", HeuristicConfig.defaults());
        config.put("sim", SimConfig.defaults());
        Provenance.capture(config, Map.of("seed", seed), List.of(), start, Instant.now())
                .write(out);
        System.out.println("wrote " + out.resolve("timing.csv") + ", recovery.csv, provenance.json");
    }

    private static CircularSupplySimulator atOnset(Episode e) {
        CircularSupplySimulator sim =
                new CircularSupplySimulator(e.layout(), e.scenario().disruptions(), e.realization(), e.laneFlow());
        while (sim.hour() < e.scenario().onset()) sim.step(e.nominal());
        return sim;
    }
}
