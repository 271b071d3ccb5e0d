package org.moca.opt;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraintProto;
import com.google.ortools.linearsolver.MPModelProto;
import com.google.ortools.linearsolver.MPModelRequest;
import com.google.ortools.linearsolver.MPSolutionResponse;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverResponseStatus;
import com.google.ortools.linearsolver.MPVariableProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The one place where the workbench talks to an LP solver: a sparse linear program {@code max c·x, lo <= x <= hi,
 * rlo <= A x <= rhi} built column by column and row by row, solved by OR-Tools' {@code MPSolver} with the backend of a
 * {@link SolverConfig}. The model is OR-Tools' own model format ({@code MPModelProto}), handed to
 * {@link MPSolver#solveWithProto}: one native call per solve instead of one per coefficient, and the only way to keep
 * HiGHS from printing its banner to standard output on every solve ({@code output_flag=false} reaches it only there).
 *
 * <p><b>Lexicographic objectives</b> ({@link #maximizeSecondary}): the first optimum, less a tiny tolerance, becomes a
 * constraint, and a secondary objective picks one plan among the (often many) optimal ones. Running time: building is O(non-zeros); each solve is the backend's.
 */
final class LinearProgram {

    static {
        loadNatives();
    }

    private static final String PDLP_PARAMETERS = "termination_criteria { simple_optimality_criteria {"
            + " eps_optimal_absolute: 1e-9 eps_optimal_relative: 1e-9 } }";

    private final SolverConfig config;
    private double[] lo = new double[64], hi = new double[64], obj = new double[64];
    private int columns;
    private final List<Row> rows = new ArrayList<>();
    private double[] solution;

    /** One constraint {@code lo <= Σ coef·x[idx] <= hi}; coefficients are added in any order, repeats summed. */
    static final class Row {
        private double lo;
        private final double hi;
        private int[] idx = new int[4];
        private double[] coef = new double[4];
        private int n;

        private Row(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
        }

        /** Adds {@code c} to the coefficient of column {@code j}. */
        Row add(int j, double c) {
            if (n == idx.length) {
                idx = Arrays.copyOf(idx, 2 * n);
                coef = Arrays.copyOf(coef, 2 * n);
            }
            idx[n] = j;
            coef[n++] = c;
            return this;
        }
    }

    LinearProgram(SolverConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    private static void loadNatives() {
        try {
            Loader.loadNativeLibraries();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new IllegalStateException(
                    "OR-Tools has no native library for this platform (os.name=" + System.getProperty("os.name")
                            + ", os.arch=" + System.getProperty("os.arch") + "): its Maven artifacts ship Linux, macOS"
                            + " and Windows x86-64 and Linux/macOS arm64; build with -Dortools.platform=<one of"
                            + " linux-x86-64, linux-aarch64, darwin-x86-64, darwin-aarch64, win32-x86-64>",
                    e);
        }
    }

    /** A new column with bounds and objective coefficient; returns its index. */
    int variable(double lower, double upper, double objective) {
        if (columns == lo.length) {
            lo = Arrays.copyOf(lo, 2 * columns);
            hi = Arrays.copyOf(hi, 2 * columns);
            obj = Arrays.copyOf(obj, 2 * columns);
        }
        lo[columns] = lower;
        hi[columns] = upper;
        obj[columns] = objective;
        return columns++;
    }

    /** A new row {@code lower <= a·x <= upper} (use infinities for one-sided rows). */
    Row row(double lower, double upper) {
        Row r = new Row(lower, upper);
        rows.add(r);
        return r;
    }

    int columns() {
        return columns;
    }

    int rows() {
        return rows.size();
    }

    double objectiveCoefficient(int j) {
        return obj[j];
    }

    /** Replaces the objective (one coefficient per column so far). */
    void setObjective(double[] c) {
        if (c.length != columns)
            throw new IllegalArgumentException("objective has " + c.length + " entries, expected " + columns);
        obj = Arrays.copyOf(c, lo.length);
    }

    /**
     * The lexicographic second stage: keeps the current objective c at least {@code z - slack} with {@code slack =
     * tolerance × max(1, |z|)} ({@code z} its optimum from the last {@link #maximize}), then maximizes {@code secondary}.
     * Whatever slack it allows, the second stage spends on its own objective, so it starts tiny; a backend that calls
     * the kept row infeasible within its own tolerances gets the slack raised a hundredfold, up to 1e-5 relative (then
     * the failure is thrown). (The exact alternative, fixing the optimal face by complementary slackness, needs the row
     * duals, and OR-Tools 9.14's HiGHS backend returns the row activities in their place.)
     *
     * @return the relative slack that was used
     */
    double maximizeSecondary(double z, double[] secondary, double tolerance, String what) {
        Row keep = row(z - tolerance * Math.max(1, Math.abs(z)), Double.POSITIVE_INFINITY);
        for (int j = 0; j < columns; j++) if (obj[j] != 0) keep.add(j, obj[j]);
        setObjective(secondary);
        for (double tol = tolerance; ; tol *= 100) {
            keep.lo = z - tol * Math.max(1, Math.abs(z));
            try {
                maximize(what);
                return tol;
            } catch (IllegalStateException e) {
                if (tol * 100 > 1e-5) throw e;
            }
        }
    }

    /**
     * Maximizes the current objective and keeps the solution.
     *
     * @param what names the LP in the error (scenario, hour, stage)
     * @return the optimal objective value
     * @throws IllegalStateException naming {@code what}, the backend and the solver's status when it ends without an
     *                               optimum
     */
    double maximize(String what) {
        MPModelProto.Builder model = MPModelProto.newBuilder().setMaximize(true);
        for (int j = 0; j < columns; j++) {
            model.addVariable(MPVariableProto.newBuilder()
                    .setLowerBound(lo[j])
                    .setUpperBound(hi[j])
                    .setObjectiveCoefficient(obj[j]));
        }
        for (Row r : rows) model.addConstraint(proto(r));
        MPModelRequest.Builder request = MPModelRequest.newBuilder()
                .setModel(model)
                .setSolverType(solverType(config.backend()))
                .setSolverTimeLimitSeconds(config.timeLimitSeconds())
                .setEnableInternalSolverOutput(false);
        if (config.backend() == LpBackend.HIGHS) request.setSolverSpecificParameters("output_flag=false");
        // PDLP's default stopping rule (1e-6 relative gap) is looser than the simplex backends' optimum; tighten it so
        // that every backend's optimum agrees to 1e-7 relative (the differential test)
        if (config.backend() == LpBackend.PDLP) request.setSolverSpecificParameters(PDLP_PARAMETERS);
        MPSolutionResponse r = MPSolver.solveWithProto(request.build());
        boolean optimal = r.getStatus() == MPSolverResponseStatus.MPSOLVER_OPTIMAL
                // PDLP reports FEASIBLE when it stops at its tolerances, which is its notion of optimal
                || (config.backend() == LpBackend.PDLP && r.getStatus() == MPSolverResponseStatus.MPSOLVER_FEASIBLE);
        if (!optimal || r.getVariableValueCount() != columns) {
            throw new IllegalStateException(what + ": the LP solver " + config.backend() + " ended in state "
                    + r.getStatus() + (r.getStatusStr().isEmpty() ? "" : " (" + r.getStatusStr() + ")")
                    + " instead of an optimum (" + columns + " columns, " + rows.size() + " rows)");
        }
        solution = new double[columns];
        for (int j = 0; j < columns; j++) solution[j] = r.getVariableValue(j);
        return r.getObjectiveValue();
    }

    /** Value of column j in the last solution. */
    double value(int j) {
        if (solution == null) throw new IllegalStateException("the LP has not been solved");
        return solution[j];
    }

    private static MPConstraintProto proto(Row r) {
        MPConstraintProto.Builder c =
                MPConstraintProto.newBuilder().setLowerBound(r.lo).setUpperBound(r.hi);
        boolean increasing = true;
        for (int i = 1; i < r.n && increasing; i++) increasing = r.idx[i] > r.idx[i - 1];
        if (increasing) {
            for (int i = 0; i < r.n; i++)
                if (r.coef[i] != 0) c.addVarIndex(r.idx[i]).addCoefficient(r.coef[i]);
            return c.build();
        }
        // a row must name each variable once: sort (column, position) pairs and sum repeats
        long[] key = new long[r.n];
        for (int i = 0; i < r.n; i++) key[i] = ((long) r.idx[i] << 32) | i;
        Arrays.sort(key);
        int i = 0;
        while (i < r.n) {
            int j = (int) (key[i] >>> 32);
            double sum = 0;
            while (i < r.n && (int) (key[i] >>> 32) == j) sum += r.coef[(int) key[i++]];
            if (sum != 0) c.addVarIndex(j).addCoefficient(sum);
        }
        return c.build();
    }

    private static MPModelRequest.SolverType solverType(LpBackend b) {
        return switch (b) {
            case HIGHS -> MPModelRequest.SolverType.HIGHS_LINEAR_PROGRAMMING;
            case GLOP -> MPModelRequest.SolverType.GLOP_LINEAR_PROGRAMMING;
            case CLP -> MPModelRequest.SolverType.CLP_LINEAR_PROGRAMMING;
            case PDLP -> MPModelRequest.SolverType.PDLP_LINEAR_PROGRAMMING;
        };
    }
}
