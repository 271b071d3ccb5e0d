package org.moca.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Which control breaks: one policy's decoded controls per hour of an episode, beside the nominal plan and what an expert
 * would do in the same state. The expert is a <em>shadow</em>: at every hour from onset it is asked for its controls in
 * the state the policy's own trajectory reached (it never acts), so the comparison is decision by decision, not two
 * diverging trajectories.
 *
 * <p>Rows: {@code hour, control, policy, nominal, expert} for every hour from onset and every scalar control
 * ({@link Controls#names}).
 */
public final class ControlDiagnostics {

    /**
     * The trace and the episode's result.
     *
     * @param controls the per-hour, per-control table
     * @param result   the policy's episode
     */
    public record Trace(Table controls, EpisodeRunner.Result result) {}

    private ControlDiagnostics() {}

    /** Runs {@code policy} on {@code episode} and records its controls beside the nominal plan and the shadow expert. */
    public static Trace run(Testbed bed, Episode episode, RecoveryPolicy policy, RecoveryPolicy shadowExpert) {
        Objects.requireNonNull(shadowExpert, "shadowExpert");
        List<String> names = Controls.names(bed.layout());
        double[] nominal = episode.nominal().flatten();
        IntColumn hour = IntColumn.create("hour");
        StringColumn control = StringColumn.create("control");
        DoubleColumn mine = DoubleColumn.create("policy"), plan = DoubleColumn.create("nominal");
        DoubleColumn expert = DoubleColumn.create("expert");
        shadowExpert.reset(episode);
        int onset = episode.scenario().onset();
        EpisodeRunner.Result r = bed.runner().run(episode, policy, (view, observed, chosen) -> {
            if (view.hour() < onset) return;
            double[] p = chosen.flatten(), x = shadowExpert.act(view, observed).flatten();
            for (int k = 0; k < names.size(); k++) {
                hour.append(view.hour());
                control.append(names.get(k));
                mine.append(p[k]);
                plan.append(nominal[k]);
                expert.append(x[k]);
            }
        });
        return new Trace(Table.create("controls", hour, control, mine, plan, expert), r);
    }

    /**
     * The controls where the policy or the expert leave the nominal plan somewhere (by more than {@code tolerance}),
     * each as series for a small-multiples plot: control -> {policy, nominal, expert} per hour.
     */
    public static Map<String, Map<String, double[]>> panels(Table controls, double tolerance) {
        Map<String, List<double[]>> byControl = new LinkedHashMap<>();
        for (int i = 0; i < controls.rowCount(); i++) {
            byControl
                    .computeIfAbsent(controls.stringColumn("control").get(i), k -> new ArrayList<>())
                    .add(new double[] {
                        controls.doubleColumn("policy").getDouble(i),
                        controls.doubleColumn("nominal").getDouble(i),
                        controls.doubleColumn("expert").getDouble(i)
                    });
        }
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        byControl.forEach((name, hours) -> {
            boolean moves = hours.stream()
                    .anyMatch(v -> Math.abs(v[0] - v[1]) > tolerance || Math.abs(v[2] - v[1]) > tolerance);
            if (!moves) return;
            Map<String, double[]> series = new LinkedHashMap<>();
            String[] keys = {"policy", "nominal", "expert"};
            for (int s = 0; s < 3; s++) {
                final int col = s;
                series.put(keys[s], hours.stream().mapToDouble(v -> v[col]).toArray());
            }
            out.put(name, series);
        });
        return out;
    }
}
