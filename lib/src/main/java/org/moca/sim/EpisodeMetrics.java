package org.moca.sim;

/**
 * The metrics of one episode (see {@link RecoveryMetrics} for the definitions). Window sums run over
 * [onset, onset + window).
 *
 * @param baseline         pre-onset mean service s̄
 * @param hitHour          hour the disruption hit service, -1 if it never did
 * @param timeToRecover    hours from onset to recovery, 0 if service never dropped, -1 if not recovered in the episode
 * @param recovered        recovered within the window (48 h)
 * @param recoveredEarly   recovered within the early window (36 h)
 * @param demand           demand in the window
 * @param fulfilled        units delivered in the window (current demand and backlog)
 * @param unmetDemand      demand of window hours not served in their hour
 * @param resilienceLoss   area between baseline and service over the window (hours)
 * @param circularity      circularity score of the window's lane flows
 * @param virginShare      virgin / (virgin + recovered) mass over the window
 * @param leakage          tracked mass to landfill in the window (kg)
 * @param cost             cost in the window
 * @param strandedInventory stranded tracked mass at the window's end (kg)
 * @param preOnsetDip      whether the trailing mean fell below the threshold before the onset (noise that could mimic
 *                         a hit; the health check flags families where it happens)
 */
public record EpisodeMetrics(
        double baseline,
        int hitHour,
        int timeToRecover,
        boolean recovered,
        boolean recoveredEarly,
        double demand,
        double fulfilled,
        double unmetDemand,
        double resilienceLoss,
        double circularity,
        double virginShare,
        double leakage,
        double cost,
        double strandedInventory,
        boolean preOnsetDip) {}
