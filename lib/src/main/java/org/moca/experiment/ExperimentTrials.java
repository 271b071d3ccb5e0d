package org.moca.experiment;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.moca.sim.RecoveryCriteria;

/**
 * The {@link TrialEngine.Work} of an {@link ExperimentRunner}: computes a (method, seed) trial with a
 * {@link TrialWorker}. It travels as the configuration's canonical JSON; in another JVM (a Spark executor) it rebuilds
 * the workbench's default experts and one worker per configuration, shared by every trial that JVM runs, so that the
 * methods of a seed share their training there as they do locally. Experts other than the defaults cannot travel:
 * serializing such a work fails with a message that says so.
 */
public final class ExperimentTrials implements TrialEngine.Work<TrialSpec, TrialOutput> {
    private static final long serialVersionUID = 1L;

    /** Workers of the configurations this JVM has run trials of, newest last (at most two kept). */
    private static final Map<String, TrialWorker> WORKERS = new LinkedHashMap<>(4, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrialWorker> eldest) {
            return size() > 2;
        }
    };

    private final String name;
    private final String configJson;
    private final boolean defaultExperts;
    private transient TrialWorker worker;

    /** The work of {@code worker}'s experiment, computed by {@code worker} in this JVM. */
    public ExperimentTrials(TrialWorker worker) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.name = worker.config().name();
        this.configJson = worker.config().toJson();
        this.defaultExperts =
                RecoveryCriteria.defaults().equals(worker.experts().defaultsUnder());
    }

    @Override
    public TrialOutput run(TrialSpec trial) throws IOException {
        return worker().run(trial);
    }

    /**
     * This JVM's worker: the one it was made with, or (after travelling) the JVM's shared one for the config, which
     * keeps every seed's context (a parallel engine interleaves the seeds).
     */
    private TrialWorker worker() {
        TrialWorker w = worker;
        if (w != null) return w;
        synchronized (WORKERS) {
            w = WORKERS.computeIfAbsent(configJson, json -> {
                ExperimentConfig config = ExperimentConfig.fromJson(json, name + "/run-config.json");
                return new TrialWorker(
                        config,
                        ExperimentRunner.Experts.defaults(RecoveryCriteria.defaults()),
                        config.seeds().size());
            });
        }
        worker = w;
        return w;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        if (!defaultExperts)
            throw new NotSerializableException("experiment " + name + ": its experts are not the workbench's defaults"
                    + " (test doubles, or an MPC with other settings), which another JVM cannot rebuild; run it on the"
                    + " local engine");
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
    }
}
