package org.moca.meta;

import java.util.Objects;
import org.moca.policy.GraphPolicy;
import org.moca.policy.GraphStructure;

/**
 * The imitation task loss of a {@link GraphPolicy} on one network as a {@link TaskLoss}: the Gaussian NLL of the
 * expert's actions ({@link GraphPolicy#loss}) at a flat parameter vector, so the graph policy's tasks go through the
 * same {@link LossTask} vocabulary as the MLP's. The network is part of the task: a meta-batch may mix networks of any
 * size, since the parameter vector is the same for all. Cost: one forward and backward per row.
 */
public final class GraphImitationLoss implements ArrayTaskLoss {

    private final GraphPolicy policy;
    private final GraphStructure graph;
    private final double[][] states;
    private final double[][] actions;

    /**
     * @param states  encoded states of {@code graph}'s network, one per row
     * @param actions the expert's action vectors in those states
     */
    public GraphImitationLoss(GraphPolicy policy, GraphStructure graph, double[][] states, double[][] actions) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.graph = Objects.requireNonNull(graph, "graph");
        this.states = Objects.requireNonNull(states, "states");
        this.actions = Objects.requireNonNull(actions, "actions");
        if (states.length == 0 || states.length != actions.length)
            throw new IllegalArgumentException("states and actions must have the same, positive number of rows, got "
                    + states.length + " and " + actions.length);
    }

    public GraphStructure graph() {
        return graph;
    }

    public int rows() {
        return states.length;
    }

    /** One loss per row (the per-sample losses of an empirical Fisher, {@link EwcConsolidation}). */
    public java.util.List<GraphImitationLoss> perRow() {
        java.util.List<GraphImitationLoss> rows = new java.util.ArrayList<>(states.length);
        for (int i = 0; i < states.length; i++)
            rows.add(new GraphImitationLoss(policy, graph, new double[][] {states[i]}, new double[][] {actions[i]}));
        return rows;
    }

    /** The loss at {@code theta} and, into {@code gradient} if non-null, its gradient ({@code double[]} form). */
    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        return policy.loss(theta, graph, states, actions, gradient);
    }
}
