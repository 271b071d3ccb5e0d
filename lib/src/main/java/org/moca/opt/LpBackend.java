package org.moca.opt;

/**
 * The LP algorithms the planners can run, all through Google OR-Tools' {@code MPSolver} (Perron and Furnon, OR-Tools;
 * Apache-2.0). They solve the same LP to the same optimal objective (the differential test checks 1e-7 relative);
 * they differ in speed and in which of several optimal plans a degenerate LP returns, which the window LP's
 * secondary objective removes ({@link WindowLpConfig#uniquePlan()}).
 */
public enum LpBackend {
    /** HiGHS' dual simplex (Huangfu and Hall 2018): the default, fastest on large windows. */
    HIGHS("HIGHS_LP"),
    /** Google's GLOP primal/dual simplex: fast on small LPs. */
    GLOP("GLOP"),
    /** COIN-OR's CLP simplex (Forrest et al.): fast on small LPs. */
    CLP("CLP"),
    /**
     * PDLP, a first-order primal-dual hybrid gradient method (Applegate et al. 2021): matrix-free, for LPs too large
     * for a factorization; its optimum is accurate to its tolerance (~1e-6 relative by default), not to round-off.
     */
    PDLP("PDLP");

    private final String solverId;

    LpBackend(String solverId) {
        this.solverId = solverId;
    }

    /** The OR-Tools solver id ({@code MPSolver.createSolver}). */
    public String solverId() {
        return solverId;
    }
}
