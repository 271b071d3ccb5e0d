/**
 * Continual learning during a recovery window: the memory a learner keeps of recent experience.
 *
 * <p>{@link org.moca.replay.ReplayBuffer} is the interface; {@link org.moca.replay.TemporalPrioritizedReplayBuffer}
 * is proportional prioritized replay (Schaul et al., 2016) over a sum/min tree, with stable ids and an age decay that
 * favours recent experience without overflowing. Randomness always comes in as a {@link java.util.SplittableRandom}.
 */
package org.moca.replay;
