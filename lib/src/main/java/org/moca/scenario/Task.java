package org.moca.scenario;

import java.util.Objects;

/**
 * A learning task built from a scenario: the hours whose expert-labelled experience forms the support set (what is
 * knowable at onset, used to adapt) and the hours that form the query set (used to evaluate the adapted policy).
 *
 * @param scenario    the scenario
 * @param supportFrom first support hour (inclusive)
 * @param supportTo   last support hour (exclusive)
 * @param queryFrom   first query hour (inclusive)
 * @param queryTo     last query hour (exclusive)
 */
public record Task(Scenario scenario, int supportFrom, int supportTo, int queryFrom, int queryTo) {
    public Task {
        Objects.requireNonNull(scenario, "scenario");
        if (supportFrom < 0 || supportTo <= supportFrom)
            throw new IllegalArgumentException("support hours [" + supportFrom + ", " + supportTo + ") are empty");
        if (queryFrom < 0 || queryTo <= queryFrom)
            throw new IllegalArgumentException("query hours [" + queryFrom + ", " + queryTo + ") are empty");
        if (supportTo > scenario.horizon() || queryTo > scenario.horizon()) {
            throw new IllegalArgumentException("task hours exceed the scenario's horizon " + scenario.horizon());
        }
    }

    /** The protocol's task: support = the first {@code supportHours} hours after onset, query = the rest of the window. */
    public static Task atOnset(Scenario s, int supportHours, int windowHours) {
        return new Task(
                s,
                s.onset(),
                s.onset() + supportHours,
                s.onset() + supportHours,
                Math.min(s.horizon(), s.onset() + windowHours));
    }
}
