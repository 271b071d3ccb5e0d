package org.moca.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.KnownDisruptions;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.ActionCodec;
import org.moca.sim.Controls;
import org.moca.sim.StateEncoder;

/**
 * Expert demonstrations: encoded states and the expert's controls as action vectors ({@link ActionCodec#encode}, the
 * exact inverse of the decoder), hour by hour.
 *
 * @param states  one encoded state per recorded hour
 * @param actions the expert's action vector in that state
 * @param hours   the hour of each row
 */
public record Demonstrations(double[][] states, double[][] actions, int[] hours) {

    public Demonstrations {
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(hours, "hours");
        if (states.length != actions.length || states.length != hours.length) {
            throw new IllegalArgumentException("states, actions and hours must have the same length");
        }
    }

    public int size() {
        return states.length;
    }

    /** The rows whose hour is in [from, to). */
    public Demonstrations between(int from, int to) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < hours.length; i++) if (hours[i] >= from && hours[i] < to) rows.add(i);
        double[][] s = new double[rows.size()][], a = new double[rows.size()][];
        int[] h = new int[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            s[k] = states[rows.get(k)];
            a[k] = actions[rows.get(k)];
            h[k] = hours[rows.get(k)];
        }
        return new Demonstrations(s, a, h);
    }

    /**
     * Runs {@code actor} through the episode and has {@code labeller} label every state it visits in the hours [from,
     * to): the states are the actor's, the labels the expert's ({@link StateLabeller}). With the expert as actor these
     * are its demonstrations on its own trajectory; with a learner (or a mixture) as actor, DAgger's relabelled states
     * (Ross, Gordon and Bagnell 2011). The labeller is reset before the run, the actor by the runner.
     */
    public static Demonstrations labelled(
            EpisodeRunner runner, Episode episode, RecoveryPolicy actor, StateLabeller labeller, int from, int to) {
        return labelled(runner, episode, actor, labeller, from, to, StateEncoder.LAYOUT_VERSION);
    }

    /**
     * {@link #labelled(EpisodeRunner, Episode, RecoveryPolicy, StateLabeller, int, int)} with the states encoded in
     * {@code stateLayout} (1 or {@value StateEncoder#LAYOUT_VERSION}, {@link
     * StateEncoder#StateEncoder(org.moca.sim.NetworkIndex, int)}).
     */
    public static Demonstrations labelled(
            EpisodeRunner runner,
            Episode episode,
            RecoveryPolicy actor,
            StateLabeller labeller,
            int from,
            int to,
            int stateLayout) {
        StateEncoder encoder = new StateEncoder(episode.layout(), stateLayout);
        ActionCodec codec = new ActionCodec(episode.layout());
        List<double[]> s = new ArrayList<>(), a = new ArrayList<>();
        List<Integer> h = new ArrayList<>();
        labeller.reset(episode);
        runner.run(episode, actor, (view, observed, controls) -> {
            int t = view.hour();
            if (t < from || t >= to) return;
            s.add(KnownDisruptions.encode(encoder, view, observed));
            a.add(codec.encode(labeller.label(view, observed)));
            h.add(t);
        });
        return new Demonstrations(
                s.toArray(double[][]::new),
                a.toArray(double[][]::new),
                h.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@link #of(EpisodeRunner, Episode, RecoveryPolicy, int, int, int)} with one-hour labels: the expert's own controls. */
    public static Demonstrations of(EpisodeRunner runner, Episode episode, RecoveryPolicy expert, int from, int to) {
        return of(runner, episode, expert, from, to, 1);
    }

    /**
     * Runs {@code expert} through the episode and records its decisions on the hours [from, to) — the way the training
     * tasks are labelled (the oracle acting in its own trajectory). The label of hour t is the mean of the expert's
     * controls over hours [t, t + labelHours) ({@link Controls#mean}; fewer at the episode's end): an LP expert's hourly
     * controls are bang-bang wherever timing is a tie, and a smooth policy can only imitate the rate they sustain
     * (measured on 24 oracle-labelled training episodes: a 128-128 policy explains 25% of the label variance with
     * one-hour labels, 69% with 6-hour labels).
     */
    public static Demonstrations of(
            EpisodeRunner runner, Episode episode, RecoveryPolicy expert, int from, int to, int labelHours) {
        if (labelHours < 1) throw new IllegalArgumentException("labelHours must be >= 1, got " + labelHours);
        StateEncoder encoder = new StateEncoder(episode.layout());
        ActionCodec codec = new ActionCodec(episode.layout());
        List<double[]> s = new ArrayList<>();
        List<Controls> c = new ArrayList<>();
        List<Integer> h = new ArrayList<>();
        runner.run(episode, expert, (view, observed, controls) -> {
            int t = view.hour();
            if (t < from || t >= to + labelHours - 1) return;
            s.add(KnownDisruptions.encode(encoder, view, observed));
            c.add(controls.copy());
            h.add(t);
        });
        int n = (int) h.stream().filter(t -> t < to).count();
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++)
            a[i] = codec.encode(Controls.mean(c.subList(i, Math.min(c.size(), i + labelHours))));
        return new Demonstrations(
                s.subList(0, n).toArray(double[][]::new),
                a,
                h.subList(0, n).stream().mapToInt(Integer::intValue).toArray());
    }
}
