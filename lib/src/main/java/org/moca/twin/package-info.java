/**
 * A differentiable twin of the simulator and the learning signals it gives: the gradient of the recovery objective
 * itself, not of an imitation loss.
 *
 * <ul>
 *   <li>{@link org.moca.twin.DifferentiableTwin}: the simulator's hour as a program with a reverse-mode adjoint (the
 *       exact piecewise-linear dynamics, differentiated along the branch each kink takes), so the gradient of an
 *       episode objective ({@link org.moca.twin.TwinObjective}: unmet demand, cost, recovery shortfall) with respect
 *       to every hour's action comes out of one backward pass; it starts from a {@link org.moca.twin.TwinState}.</li>
 *   <li>{@link org.moca.twin.RolloutLoss}: analytic policy gradients — a Gaussian policy's mean acting on the twin
 *       over a model rollout on the expert's forecast, the loss and its gradient with respect to the policy's flat
 *       parameters ({@link org.moca.twin.RolloutConfig}).</li>
 *   <li>{@link org.moca.twin.ServiceWeights}: the cheap alternative — expert labels weighted by how much the
 *       objective depends on them.</li>
 * </ul>
 *
 * <p>Layering: above {@code opt} (the forecast, the recovery target) and {@code policy}, below the learners.
 * What is differentiated, where the kinks are and what it costs: {@code docs/learning-signals.md}.
 */
package org.moca.twin;
