/**
 * Learned policies deployed into a disruption, and how they are trained for it.
 *
 * <p>{@link org.moca.agent.AdaptivePolicy} is the deployment protocol of DESIGN.md §5 for the MAML family and MOCA:
 * the expert labels the support hours, the policy adapts (K gradient steps or one hypernetwork pass), and MOCA keeps
 * adapting online from prioritized replay with an annealed rate under consolidation. Every component is a switch of
 * {@link org.moca.agent.AdaptationConfig}. {@link org.moca.agent.Training} makes labelled tasks from training episodes
 * ({@link org.moca.agent.Demonstrations}) and runs meta-training, multi-task pretraining and the hypernetwork's fit;
 * {@link org.moca.agent.ContinualRun} carries one policy through a stream of disruptions, and
 * {@link org.moca.agent.ContinualScores} holds the one definition of forgetting and of backward transfer.
 */
package org.moca.agent;
