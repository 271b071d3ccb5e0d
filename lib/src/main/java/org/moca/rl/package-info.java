/**
 * The reinforcement-learning baseline: PPO ({@link org.moca.rl.Ppo}, clipped surrogate, GAE, a separate value network,
 * entropy bonus, Adam) of a residual Gaussian policy around the nominal plan, trained on stable operation in
 * {@link org.moca.rl.SupplyChainEnv} and deployed without adaptation as {@link org.moca.rl.PpoPolicy} (the "RL"
 * method of DESIGN.md §5).
 *
 * <p>The pieces are small and separately tested: {@link org.moca.rl.Gae} (advantages),
 * {@link org.moca.rl.ClippedSurrogate} (the objective and the per-sample weights of its gradient, which
 * {@link org.moca.policy.GaussianPolicy#weightedNll} turns into a parameter gradient), {@link org.moca.rl.ValueFunction}
 * (the critic). Configuration lives in {@link org.moca.rl.PpoConfig} and {@link org.moca.rl.EnvConfig}.
 */
package org.moca.rl;
