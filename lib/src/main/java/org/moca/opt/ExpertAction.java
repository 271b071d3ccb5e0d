package org.moca.opt;

import java.util.Objects;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;

/**
 * Expert actions for imitation: the simulator's action vector of an expert's controls, through the exact inverse of the
 * action decoder ({@link ActionCodec#encode}). Controls that come from a {@link WindowPlan} are already projected onto
 * the valid range (ratios clamped to [0, 1], shares clamped at 0 and renormalized; see {@link WindowPlan}), so
 * {@code codec.decode(action(c))} reproduces {@code c} to rounding; {@link #project} does the same for controls from
 * elsewhere.
 */
public final class ExpertAction {

    private final ActionCodec codec;

    public ExpertAction(ActionCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The action vector whose decoding is {@code controls}. */
    public double[] action(Controls controls) {
        return codec.encode(controls);
    }

    /** The action vector of the first hour of a plan (what the MPC expert applies). */
    public double[] action(WindowPlan plan) {
        return action(plan.controls(0));
    }

    /**
     * The nearest valid controls in the simple sense the codec needs: every rate clamped to [0, 1] (NaN to 0), every
     * share vector clamped at 0 and renormalized (equal shares when all are 0).
     */
    public static Controls project(Controls c) {
        double[][] modes = new double[c.modeShares().length][];
        for (int i = 0; i < modes.length; i++) modes[i] = WindowPlan.shares(c.modeShares()[i]);
        double[][] routing = new double[c.routing().length][];
        for (int i = 0; i < routing.length; i++) routing[i] = WindowPlan.shares(c.routing()[i]);
        return new Controls(unit(c.procurement()), unit(c.utilization()), modes, unit(c.release()), routing);
    }

    private static double[] unit(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) out[i] = xs[i] > 0 ? Math.min(1, xs[i]) : 0;
        return out;
    }
}
