package org.moca.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.moca.baseline.HeuristicConfig;
import org.moca.baseline.HeuristicPolicy;
import org.moca.baseline.NoActionPolicy;
import org.moca.opt.MpcConfig;
import org.moca.opt.MpcExpertPolicy;
import org.moca.opt.OraclePolicy;
import org.moca.opt.WindowLpConfig;
import org.moca.scenario.RecoveryPolicy;
import org.moca.sim.RecoveryCriteria;

/** The policies the command line can name without training: a map from name to factory (no if/else chain). */
final class Policies {

    private Policies() {}

    private static final Map<String, Supplier<RecoveryPolicy>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("no-action", NoActionPolicy::new);
        FACTORIES.put("heuristic", () -> new HeuristicPolicy(HeuristicConfig.defaults()));
        FACTORIES.put("mpc", () -> new MpcExpertPolicy(MpcConfig.defaults(), RecoveryCriteria.defaults()));
        FACTORIES.put("oracle", () -> new OraclePolicy(WindowLpConfig.defaults(), RecoveryCriteria.defaults()));
    }

    static RecoveryPolicy create(String name) {
        Supplier<RecoveryPolicy> f = FACTORIES.get(name);
        if (f == null)
            throw new IllegalArgumentException("--policy " + name + ": expected one of " + FACTORIES.keySet());
        return f.get();
    }

    /** For picocli's completion candidates and help. */
    static final class Names extends ArrayList<String> {
        Names() {
            super(List.copyOf(FACTORIES.keySet()));
        }
    }
}
