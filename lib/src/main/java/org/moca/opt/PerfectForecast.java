package org.moca.opt;

import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.graph.SupplyNetwork;
import org.moca.scenario.Episode;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;

/**
 * Perfect information: the episode's true disruptions (onset, end, severity) and its realized demand, yields, inflows
 * and lane delays. With it a window LP is an exact model of the episode (the simulator's dynamics are linear in the
 * controls' planned quantities), which is what makes the oracle's optimum an upper bound.
 */
public final class PerfectForecast implements WindowForecast {

    private final NetworkIndex layout;
    private final Realization realization;
    private final DisruptionEffects effects;
    private final int[] markets;
    private final int[] processors;

    public PerfectForecast(Episode episode) {
        Objects.requireNonNull(episode, "episode");
        this.layout = episode.layout();
        this.realization = episode.realization();
        this.effects =
                new DisruptionEffects(layout.network(), episode.scenario().disruptions(), 0, realization.hours());
        this.markets = layout.markets();
        this.processors = layout.processors();
    }

    @Override
    public double capacityFactor(int facility, int t) {
        return effects.capacity(facility, t);
    }

    @Override
    public double yieldFactor(int processorOrdinal, int mode, int t) {
        return effects.yieldFactor(processors[processorOrdinal], t)
                * realization.yieldFactor(processorOrdinal, mode, t);
    }

    @Override
    public double demand(int marketOrdinal, int t) {
        int f = markets[marketOrdinal];
        Facility m = layout.network().facilities().get(f);
        return m.demand() * effects.demand(f, t) * realization.demandFactor(marketOrdinal, t);
    }

    @Override
    public double inflowFactor(int collectionOrdinal, int t) {
        return realization.inflowFactor(collectionOrdinal, t);
    }

    @Override
    public int transit(int lane, int t) {
        SupplyNetwork net = layout.network();
        int lead = (int) Math.round(net.lanes().get(lane).leadTime() * (1 + effects.delay(lane, t)))
                + realization.extraDelay(lane, t);
        return Math.max(1, lead);
    }
}
