package org.moca.twin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.moca.graph.NetworkGenerator;
import org.moca.opt.OptFixtures;
import org.moca.scenario.Episode;
import org.moca.scenario.Scenario;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.ActionCodec;
import org.moca.sim.CircularSupplySimulator;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionType;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimConfig;

/** Episodes and simulator states for the twin's tests: the reference network's families and generated networks. */
final class TwinFixtures {
    private TwinFixtures() {}

    /** Black-swan and training episodes on the reference network (its nominal plan, default noise). */
    static List<Episode> referenceEpisodes(int perFamily, long seed) {
        List<Episode> out = new ArrayList<>(OptFixtures.episodes(ScenarioFamilies.blackSwan(), perFamily, seed));
        out.addAll(OptFixtures.episodes(ScenarioFamilies.training(), perFamily, seed + 1));
        return out;
    }

    /**
     * An episode on a generated network of {@code facilities} facilities: a full outage of the first supplier from
     * hour 12 for 48 hours, default noise, neutral nominal controls (every decoded share at its midpoint) and one unit
     * per hour in transit on every lane at hour 0.
     */
    static Episode generatedEpisode(int facilities, long seed) {
        NetworkIndex layout = new NetworkIndex(
                new NetworkGenerator(NetworkGenerator.Config.withFacilities(facilities)).generate(seed));
        ActionCodec codec = new ActionCodec(layout);
        String supplier =
                layout.network().facilities().get(layout.suppliers()[0]).id();
        int horizon = 96;
        Scenario s = new Scenario(
                "generated",
                "outage",
                0,
                List.of(new Disruption(DisruptionType.SUPPLIER_OUTAGE, supplier, 12, 48, 1.0)),
                12,
                horizon,
                seed + 100);
        Realization r = Realization.sample(layout, SimConfig.defaults(), horizon, s.realizationSeed());
        double[] flow = new double[layout.network().lanes().size()];
        Arrays.fill(flow, 1.0);
        return new Episode(layout, s, r, codec.decode(new double[codec.dimension()]), flow);
    }

    /** The episode's simulator after its nominal controls up to {@code hour} (exclusive). */
    static CircularSupplySimulator simulatorAt(Episode e, int hour) {
        CircularSupplySimulator sim =
                new CircularSupplySimulator(e.layout(), e.scenario().disruptions(), e.realization(), e.laneFlow());
        while (sim.hour() < hour) sim.step(e.nominal());
        return sim;
    }

    /** The first onset of the episode's disruptions observed by {@code hour}, or -1. */
    static int firstOnsetBy(Episode e, int hour) {
        int onset = -1;
        for (Disruption d : e.scenario().disruptions())
            if (d.onset() <= hour && (onset < 0 || d.onset() < onset)) onset = d.onset();
        return onset;
    }

    /** Random action vectors, N(0, sd^2) per entry: with sd 2 some sigmoids clamp and some shares hit the floor. */
    static double[][] randomActions(int hours, int dim, double sd, SplittableRandom rng) {
        double[][] a = new double[hours][dim];
        for (double[] row : a) for (int j = 0; j < dim; j++) row[j] = sd * rng.nextGaussian();
        return a;
    }
}
