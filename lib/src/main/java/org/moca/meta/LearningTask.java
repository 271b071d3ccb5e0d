package org.moca.meta;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One imitation task for meta-learning: a support set to adapt on and a query set to evaluate the adapted policy,
 * each a matrix of states ({@code n x stateDim}) with the expert's actions ({@code n x actionDim}).
 * The arrays are treated as read-only by every learner.
 */
public record LearningTask(
        INDArray supportStates, INDArray supportActions, INDArray queryStates, INDArray queryActions) {

    public LearningTask {
        check("supportStates", supportStates);
        check("supportActions", supportActions);
        check("queryStates", queryStates);
        check("queryActions", queryActions);
        if (supportStates.rows() != supportActions.rows()) {
            throw new IllegalArgumentException("supportStates and supportActions must have the same rows, got "
                    + supportStates.rows() + " and " + supportActions.rows());
        }
        if (queryStates.rows() != queryActions.rows()) {
            throw new IllegalArgumentException("queryStates and queryActions must have the same rows, got "
                    + queryStates.rows() + " and " + queryActions.rows());
        }
        if (supportStates.columns() != queryStates.columns() || supportActions.columns() != queryActions.columns()) {
            throw new IllegalArgumentException("support and query must have the same state and action widths");
        }
    }

    /** A task from plain Java arrays (rows are samples), stored in {@code type}. */
    public static LearningTask of(
            double[][] supportStates,
            double[][] supportActions,
            double[][] queryStates,
            double[][] queryActions,
            DataType type) {
        return new LearningTask(
                Nd4j.createFromArray(supportStates).castTo(type),
                Nd4j.createFromArray(supportActions).castTo(type),
                Nd4j.createFromArray(queryStates).castTo(type),
                Nd4j.createFromArray(queryActions).castTo(type));
    }

    /** This task in another precision (itself if already there). */
    public LearningTask castTo(DataType type) {
        if (supportStates.dataType() == type
                && supportActions.dataType() == type
                && queryStates.dataType() == type
                && queryActions.dataType() == type) {
            return this;
        }
        return new LearningTask(
                supportStates.castTo(type),
                supportActions.castTo(type),
                queryStates.castTo(type),
                queryActions.castTo(type));
    }

    private static void check(String name, INDArray a) {
        Objects.requireNonNull(a, name);
        if (a.rank() != 2 || a.rows() < 1) {
            throw new IllegalArgumentException(
                    name + " must be a non-empty n x width matrix, got shape " + Arrays.toString(a.shape()));
        }
    }
}
