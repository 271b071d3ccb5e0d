package org.moca.opt;

import java.util.List;
import java.util.Objects;
import org.moca.graph.SupplyNetwork;
import org.moca.sim.Disruption;
import org.moca.sim.DisruptionEffects;
import org.moca.sim.NetworkIndex;
import org.moca.sim.SimConfig;
import org.moca.sim.SimulatorView;

/**
 * The expected-value model of the hours ahead under assumed disruptions: mean demand (optionally with a safety margin), mean yields and inflows, and lead
 * times stretched by the expected extra delay {@code delayProbability × meanExtraDelay} of the simulator's noise model.
 * The disruptions are whatever the planner assumes (the MPC expert: the observed ones, with an end from its prior).
 */
public final class ExpectedForecast implements WindowForecast {

    private final NetworkIndex layout;
    private final DisruptionEffects.Window effects;
    private final int from;
    private final int[] markets;
    private final int[] processors;
    private final double expectedExtraDelay;
    private final double meanExtraDelay;
    private final double demandMultiplier;

    /**
     * @param layout      the network's layout
     * @param assumed     the disruptions assumed, with assumed ends
     * @param from        first absolute hour forecast
     * @param hours       number of hours forecast
     * @param noise       the simulator's noise settings (only the delay model's mean is used)
     * @param demandSafety plan for {@code (1 + demandSafety) ×} mean demand, >= 0: a plan that meets the mean exactly keeps no
     *                    buffer, and noisy demand then leaves service short in about every other hour
     */
    public ExpectedForecast(
            NetworkIndex layout, List<Disruption> assumed, int from, int hours, SimConfig noise, double demandSafety) {
        this.layout = Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(noise, "noise");
        this.effects = new DisruptionEffects(layout.network(), assumed).window(from, hours);
        this.from = from;
        this.markets = layout.markets();
        this.processors = layout.processors();
        this.expectedExtraDelay = noise.delayProbability() * noise.meanExtraDelay();
        this.meanExtraDelay = noise.meanExtraDelay();
        if (!(demandSafety >= 0)) throw new IllegalArgumentException("demandSafety must be >= 0, got " + demandSafety);
        this.demandMultiplier = 1 + demandSafety;
    }

    @Override
    public double capacityFactor(int facility, int t) {
        return effects.capacity(facility, t - from);
    }

    @Override
    public double yieldFactor(int processorOrdinal, int mode, int t) {
        return effects.yieldFactor(processors[processorOrdinal], t - from);
    }

    @Override
    public double demand(int marketOrdinal, int t) {
        int f = markets[marketOrdinal];
        return layout.network().facilities().get(f).demand() * demandMultiplier * effects.demand(f, t - from);
    }

    @Override
    public double inflowFactor(int collectionOrdinal, int t) {
        return 1;
    }

    /**
     * What an operator expects of a shipment in transit: its scheduled arrival (dispatch + scheduled transit) plus the
     * mean extra delay of the noise model, {@code round(delayProbability × meanExtraDelay)}; for a shipment already past
     * its scheduled arrival (late), {@code now + round(meanExtraDelay - 1)}: the extra delay is 1 plus a geometric
     * number of hours, memoryless, so having lasted this long it expects the same remaining time again.
     */
    @Override
    public int arrivalHour(int lane, SimulatorView.Shipment shipment, int now) {
        int scheduled = shipment.dispatchHour() + shipment.scheduledTransit();
        if (scheduled >= now) return scheduled + (int) Math.round(expectedExtraDelay);
        return now + (int) Math.round(meanExtraDelay - 1);
    }

    @Override
    public int transit(int lane, int t) {
        SupplyNetwork net = layout.network();
        double lead = net.lanes().get(lane).leadTime() * (1 + effects.delay(lane, t - from)) + expectedExtraDelay;
        return Math.max(1, (int) Math.round(lead));
    }
}
