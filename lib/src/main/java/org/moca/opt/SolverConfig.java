package org.moca.opt;

import java.util.Objects;

/**
 * Which LP solver the planners use and how long it may run.
 *
 * @param backend          the OR-Tools backend ({@link LpBackend})
 * @param timeLimitSeconds wall-clock limit of one solve in seconds, {@code > 0}; a solve that hits it throws (a plan
 *                         that is not optimal is not the plan this workbench documents)
 */
public record SolverConfig(LpBackend backend, double timeLimitSeconds) {

    public SolverConfig {
        Objects.requireNonNull(backend, "backend");
        if (!(timeLimitSeconds > 0))
            throw new IllegalArgumentException("timeLimitSeconds must be > 0, got " + timeLimitSeconds);
    }

    /** HiGHS, at most one hour per solve. */
    public static SolverConfig defaults() {
        return new SolverConfig(LpBackend.HIGHS, 3600);
    }

    /** This config with another backend. */
    public SolverConfig withBackend(LpBackend b) {
        return new SolverConfig(b, timeLimitSeconds);
    }

    /** This config with another time limit. */
    public SolverConfig withTimeLimitSeconds(double seconds) {
        return new SolverConfig(backend, seconds);
    }
}
