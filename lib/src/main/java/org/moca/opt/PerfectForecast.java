package org.moca.opt;

import java.util.Objects;
import org.moca.graph.Facility;
import org.moca.scenario.Episode;
import org.moca.sim.DisruptionEffects;
import org.moca.sim.NetworkIndex;
import org.moca.sim.Realization;
import org.moca.sim.SimulatorView;

/**
 * Perfect information: the episode's true disruptions (onset, end, severity) and its realized demand, yields, inflows
 * and lane delays. With it a window LP is an exact model of the episode (the simulator's dynamics are linear in the
 * controls' planned quantities), which is what makes the oracle's optimum an upper bound.
 */
public final class PerfectForecast implements WindowForecast {

    private final NetworkIndex layout;
    private final Realization realization;
    private final DisruptionEffects.Window effects;
    private final int[] markets;
    private final int[] processors;

    public PerfectForecast(Episode episode) {
        Objects.requireNonNull(episode, "episode");
        this.layout = episode.layout();
        this.realization = episode.realization();
        this.effects = new DisruptionEffects(
                        layout.network(), episode.scenario().disruptions())
                .window(0, realization.hours());
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

    /** The shipment's true arrival: its scheduled transit plus the realized extra delay of its dispatch hour. */
    @Override
    public int arrivalHour(int lane, SimulatorView.Shipment shipment, int now) {
        int t = shipment.dispatchHour();
        // the steady-state pipeline of hour 0 (dispatched before it) has no extra delay
        return t + shipment.scheduledTransit() + (t >= 0 ? realization.extraDelay(lane, t) : 0);
    }

    @Override
    public int transit(int lane, int t) {
        return DisruptionEffects.transit(
                layout.network().lanes().get(lane), effects.delay(lane, t), realization.extraDelay(lane, t));
    }
}
