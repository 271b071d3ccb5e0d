package org.moca.hyper;

import java.util.Objects;
import org.moca.policy.GaussianPolicy;
import org.moca.policy.ParameterLayout;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training pair for a {@link HeadHyperNetwork}: a task's context and the head delta that gradient adaptation
 * (MAML, ANIL) produced on that task.
 *
 * @param context   the task's context vector ({@link HeadHyperNetwork#context}), rank 1
 * @param headDelta adapted head minus base head, rank 1, length {@link ParameterLayout#headSize()}
 */
public record AdaptationExample(INDArray context, INDArray headDelta) {

    public AdaptationExample {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(headDelta, "headDelta");
        context = context.reshape(context.length());
        headDelta = headDelta.reshape(headDelta.length());
    }

    /** The pair for a task whose support set turned {@code base} into {@code adapted}. */
    public static AdaptationExample of(
            GaussianPolicy base, GaussianPolicy adapted, INDArray supportStates, INDArray supportActions) {
        ParameterLayout layout = base.layout();
        INDArray delta = layout.headView(adapted.parameterView()).sub(layout.headView(base.parameterView()));
        return new AdaptationExample(HeadHyperNetwork.context(supportStates, supportActions), delta);
    }
}
