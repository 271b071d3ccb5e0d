package org.moca.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.moca.scenario.Episode;
import org.moca.scenario.ObservedDisruption;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.Controls;
import org.moca.sim.SimulatorView;

/** The policies the command line can name: a map from name to factory (no if/else chain). */
final class Policies {

    private Policies() {}

    private static final Map<String, Supplier<RecoveryPolicy>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("no-action", NoAction::new);
    }

    static RecoveryPolicy create(String name) {
        Supplier<RecoveryPolicy> f = FACTORIES.get(name);
        if (f == null) throw new IllegalArgumentException("--policy " + name + ": expected one of " + FACTORIES.keySet());
        return f.get();
    }

    /** For picocli's completion candidates and help. */
    static final class Names extends ArrayList<String> {
        Names() {
            super(List.copyOf(FACTORIES.keySet()));
        }
    }

    /** Keeps the nominal (pre-disruption) controls. */
    private static final class NoAction implements RecoveryPolicy {
        private Controls nominal;

        @Override public String name() { return "no-action"; }

        @Override public void reset(Episode episode) { nominal = episode.nominal(); }

        @Override public Controls act(SimulatorView view, List<ObservedDisruption> observed) { return nominal; }
    }
}
