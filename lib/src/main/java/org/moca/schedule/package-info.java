/**
 * Learning-rate schedules chosen online from the scores they obtain.
 *
 * <p>{@link org.moca.schedule.LearningRateScheduler} is the interface; {@link org.moca.schedule.SimulatedAnnealingScheduler}
 * is Metropolis simulated annealing in log learning rate. The author calls his version "quantum-inspired annealing";
 * it is classical simulated annealing (a Gaussian random-walk proposal and Boltzmann acceptance), and is named so here.
 */
package org.moca.schedule;
