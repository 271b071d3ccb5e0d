/**
 * Non-learning reference policies: {@link org.moca.baseline.NoActionPolicy} (keep the nominal controls, the floor),
 * {@link org.moca.baseline.HeuristicPolicy} (the rules a planner would write: switch to backup supply, send returns to
 * processors with spare capacity, prioritise remanufacturing during shortages) and
 * {@link org.moca.baseline.BackupRulePolicy} (the one-decision probe: nominal plan plus every virgin supplier at full
 * rate once a disruption is observed; a test family it passes does not measure recovery policies).
 */
package org.moca.baseline;
