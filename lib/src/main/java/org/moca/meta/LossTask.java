package org.moca.meta;

import java.util.Objects;

/**
 * A meta-learning task given by its losses: adapt on {@code support}, evaluate (and, for MAML, differentiate) the
 * adapted parameters on {@code query}. The generalization of {@link LearningTask} (whose support and query sets are
 * {@link ImitationLoss}es) to any {@link TaskLoss}, e.g. the twin's rollout objective from the onset state (support)
 * and from a few hours later (query).
 *
 * @param support the loss the inner loop minimizes
 * @param query   the loss of the adapted parameters
 */
public record LossTask(TaskLoss support, TaskLoss query) {
    public LossTask {
        Objects.requireNonNull(support, "support");
        Objects.requireNonNull(query, "query");
    }
}
