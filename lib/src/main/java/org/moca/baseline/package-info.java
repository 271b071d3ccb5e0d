/**
 * Non-learning reference policies: {@link org.moca.baseline.NoActionPolicy} (keep the nominal controls, the floor) and
 * {@link org.moca.baseline.HeuristicPolicy} (the rules a planner would write: switch to backup supply, send returns to
 * processors with spare capacity, prioritise remanufacturing during shortages).
 */
package org.moca.baseline;
