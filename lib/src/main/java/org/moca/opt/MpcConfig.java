package org.moca.opt;

import java.util.Objects;
import org.moca.sim.SimConfig;

/**
 * Settings of the rolling-horizon MPC expert.
 *
 * @param lookaheadHours      hours planned at each decision, at least 1
 * @param fineHours           the first {@code fineHours} of the lookahead are planned hour by hour, at least 1
 * @param blockHours          the rest in blocks of this many hours, at least 1
 * @param priorDurationHours  the prior on how long a disruption lasts: a disruption observed at its onset is assumed to
 *                            end {@code priorDurationHours} after its onset, at least 1 (see {@link MpcExpertPolicy})
 * @param minRemainingHours   a disruption still in force is assumed to last at least this many more hours, at least 1
 * @param demandSafety        the plan meets {@code (1 + demandSafety) ×} the mean demand forecast, in [0, 1], to keep a
 *                            buffer against demand noise (see {@link ExpectedForecast})
 * @param noise               the simulator's noise model the MPC knows (demand, yields and delays in expectation)
 * @param lp                  the window LP's objective
 */
public record MpcConfig(
        int lookaheadHours,
        int fineHours,
        int blockHours,
        int priorDurationHours,
        int minRemainingHours,
        double demandSafety,
        SimConfig noise,
        WindowLpConfig lp) {

    public MpcConfig {
        if (lookaheadHours < 1)
            throw new IllegalArgumentException("lookaheadHours must be >= 1, got " + lookaheadHours);
        if (fineHours < 1) throw new IllegalArgumentException("fineHours must be >= 1, got " + fineHours);
        if (blockHours < 1) throw new IllegalArgumentException("blockHours must be >= 1, got " + blockHours);
        if (priorDurationHours < 1)
            throw new IllegalArgumentException("priorDurationHours must be >= 1, got " + priorDurationHours);
        if (minRemainingHours < 1)
            throw new IllegalArgumentException("minRemainingHours must be >= 1, got " + minRemainingHours);
        if (!(demandSafety >= 0 && demandSafety <= 1))
            throw new IllegalArgumentException("demandSafety must be in [0, 1], got " + demandSafety);
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(lp, "lp");
    }

    /**
     * 48-hour lookahead, hourly for 12 hours and in 6-hour blocks after that; disruptions assumed to last 60 hours, then
     * as long again as they have lasted, at least 12 more hours; plans for 10% above mean demand; default noise and LP objective.
     */
    public static MpcConfig defaults() {
        return new MpcConfig(48, 12, 6, 60, 12, 0.1, SimConfig.defaults(), WindowLpConfig.defaults());
    }
}
