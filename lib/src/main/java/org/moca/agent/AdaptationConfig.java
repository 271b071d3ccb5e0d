package org.moca.agent;

/**
 * How a learned policy adapts once a disruption begins. Every MOCA component is a switch here, so the ablations are
 * configurations, not code.
 *
 * @param supportHours          rows of the first support set: with {@link OnsetSupport#OFF} the hours after onset whose
 *                              visited states the expert labels while the base policy acts; with
 *                              {@link OnsetSupport#PLAN} the hours of the onset plan whose predicted states it pairs
 *                              with the plan's labels
 * @param adaptation            how the support set changes the policy at onset + supportHours
 * @param online                keep adapting inside the window (MOCA)
 * @param onlineEvery           hours between two online updates
 * @param labelEvery            online: the expert labels every {@code labelEvery}-th hour (each label costs one MPC solve)
 * @param onlineSteps           SGD steps per online update
 * @param onlineBatch           samples per online SGD step
 * @param replay                draw online batches from the temporal prioritized replay buffer (else: the most recent
 *                              {@code onlineBatch} labelled hours)
 * @param importanceWeights     weight replayed samples by the buffer's importance weights. Off by default: the buffer's
 *                              weights undo its recency decay as well as its priorities, and MOCA wants the recency
 *                              bias inside a non-stationary window (measured: recovered-loss share +0.13 ± 0.08 without,
 *                              −0.06 ± 0.04 with, reduced reproduce run)
 * @param annealing             choose the online learning rate by simulated annealing (else: the inner learning rate)
 * @param consolidation         penalize the distance to the kept meta-learned parameters in every adaptation step
 * @param consolidationLambda   its weight (the author's 0.01)
 * @param replayAgeHorizon      age decay horizon of the replay buffer, in inserted samples
 * @param labelHours            a label is the expert's plan averaged over its first {@code labelHours} hours (an
 *                              expert that is a {@link org.moca.opt.PlanningPolicy}; others give their one-hour
 *                              controls). Training tasks must be labelled the same way (see
 *                              {@link Demonstrations#of(org.moca.scenario.EpisodeRunner, org.moca.scenario.Episode,
 *                              org.moca.scenario.RecoveryPolicy, int, int, int)})
 * @param onsetSupport          where the first support set comes from: the hours after onset (v1), or the expert's
 *                              plan at the onset hour, before the policy first acts ({@link OnsetSupport})
 * @param signal                the loss of every adaptation: imitation of the expert's labels, or the twin's rollout
 *                              objective from the observed state ({@link Signal}; ROLLOUT needs a
 *                              {@link RolloutSignalConfig} at the policy)
 * @param stateLayout           the state layout every state of the adaptation is encoded in, at deployment and in the
 *                              training tasks cut for it ({@link org.moca.sim.StateEncoder}): 2 (the default) the
 *                              factors known at the hour, 1 protocol v1's stale factors of the last simulated hour.
 *                              A meta-policy must be trained and deployed in the same layout
 */
public record AdaptationConfig(
        int supportHours,
        Adaptation adaptation,
        boolean online,
        int onlineEvery,
        int labelEvery,
        int onlineSteps,
        int onlineBatch,
        boolean replay,
        boolean importanceWeights,
        boolean annealing,
        boolean consolidation,
        double consolidationLambda,
        double replayAgeHorizon,
        int labelHours,
        OnsetSupport onsetSupport,
        Signal signal,
        int stateLayout) {

    /** The label horizon of the defaults and of {@link Training#tasks} without one. */
    public static final int DEFAULT_LABEL_HOURS = 6;

    /**
     * The onset support of {@link #maml()} and {@link #moca()}, chosen on validation seeds only
     * ({@code experiments/protocol-v2-validation.yaml}, seeds 11-12, 16 validation episodes): MAML adapted on the
     * observed state left 59.1 units unmet per episode, on the onset plan's predicted states 196.5 (docs/learning.md).
     */
    public static final OnsetSupport DEFAULT_ONSET_SUPPORT = OnsetSupport.OBSERVED;

    /**
     * Where the first support set comes from, and so when the policy first adapts (protocol v2, docs/learning.md).
     */
    public enum OnsetSupport {
        /**
         * Protocol v1: the base policy acts for {@code supportHours} after onset while the expert labels the visited
         * states; the policy adapts at onset + supportHours − 1. Kept to measure the blind start it imposes.
         */
        OFF,
        /**
         * At the onset hour, before acting: one support row, the observed state labelled with the expert's plan
         * averaged over {@code labelHours}.
         */
        OBSERVED,
        /**
         * At the onset hour, before acting: {@code supportHours} rows from the expert's plan made at onset — the states
         * its own model predicts for the plan's first hours (the differentiable twin rolled forward under the plan's
         * hourly controls and the MPC's forecast), each labelled with the plan's controls averaged over
         * {@code labelHours} from that hour. One plan, no waiting.
         */
        PLAN
    }

    /**
     * The loss a deployed policy adapts on, at onset and online (docs/learning-signals.md, "Deployment on the rollout
     * objective").
     */
    public enum Signal {
        /** The Gaussian NLL of the expert's labels (the MPC's plan averaged over {@code labelHours}). */
        IMITATION,
        /**
         * The differentiable twin's rollout objective ({@link org.moca.twin.RolloutLoss}): the policy's mean drives a
         * model rollout from the observed state on the expert's forecast of that hour (what is known then), and the
         * adaptation descends the rollout's unmet demand, cost and recovery shortfall itself. No label is solved for:
         * the expert's forecast is its model, not its LP. Online, the replayed rows are rollout starts (the state and
         * forecast of earlier hours), prioritized by their rollout loss.
         */
        ROLLOUT
    }

    /** What happens at the end of the support hours. */
    public enum Adaptation {
        /** Keep the base policy (e.g. PPO or a policy deployed without adaptation). */
        NONE,
        /** The meta-learner's K inner SGD steps on the support set. */
        GRADIENT,
        /** One forward pass of the hypernetwork from the support set (real-time path). */
        HYPERNETWORK
    }

    public AdaptationConfig {
        if (supportHours < 1) throw new IllegalArgumentException("supportHours must be >= 1, got " + supportHours);
        if (adaptation == null)
            throw new IllegalArgumentException("adaptation: expected NONE, GRADIENT or HYPERNETWORK");
        if (onlineEvery < 1) throw new IllegalArgumentException("onlineEvery must be >= 1 hour, got " + onlineEvery);
        if (labelEvery < 1) throw new IllegalArgumentException("labelEvery must be >= 1 hour, got " + labelEvery);
        if (onlineSteps < 1) throw new IllegalArgumentException("onlineSteps must be >= 1, got " + onlineSteps);
        if (onlineBatch < 1) throw new IllegalArgumentException("onlineBatch must be >= 1, got " + onlineBatch);
        if (!(consolidationLambda >= 0))
            throw new IllegalArgumentException("consolidationLambda must be >= 0, got " + consolidationLambda);
        if (!(replayAgeHorizon > 0))
            throw new IllegalArgumentException("replayAgeHorizon must be > 0, got " + replayAgeHorizon);
        if (labelHours < 1) throw new IllegalArgumentException("labelHours must be >= 1, got " + labelHours);
        if (onsetSupport == null) throw new IllegalArgumentException("onsetSupport: expected OFF, OBSERVED or PLAN");
        if (signal == null) throw new IllegalArgumentException("signal: expected IMITATION or ROLLOUT");
        org.moca.sim.StateEncoder.checkLayout(stateLayout, "stateLayout");
    }

    /** MAML at deployment: 6 support hours, K gradient steps, then fixed weights. */
    public static AdaptationConfig maml() {
        return new AdaptationConfig(
                6,
                Adaptation.GRADIENT,
                false,
                4,
                2,
                5,
                32,
                false,
                false,
                false,
                false,
                0.01,
                48,
                DEFAULT_LABEL_HOURS,
                DEFAULT_ONSET_SUPPORT,
                Signal.IMITATION,
                org.moca.sim.StateEncoder.LAYOUT_VERSION);
    }

    /**
     * MOCA: MAML plus online updates every 4 hours (labels every 2 hours) from prioritized replay, annealed rate,
     * consolidation.
     */
    public static AdaptationConfig moca() {
        return new AdaptationConfig(
                6,
                Adaptation.GRADIENT,
                true,
                4,
                2,
                5,
                32,
                true,
                false,
                true,
                true,
                0.01,
                48,
                DEFAULT_LABEL_HOURS,
                DEFAULT_ONSET_SUPPORT,
                Signal.IMITATION,
                org.moca.sim.StateEncoder.LAYOUT_VERSION);
    }

    /** Online cadence: an update every {@code onlineHours}, the expert labelling every {@code labelHoursApart}. */
    public AdaptationConfig withCadence(int onlineHours, int labelHoursApart) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineHours,
                labelHoursApart,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withLabelHours(int hours) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                hours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withSupportHours(int hours) {
        return new AdaptationConfig(
                hours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withAdaptation(Adaptation a) {
        return new AdaptationConfig(
                supportHours,
                a,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withOnline(boolean v) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                v,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withImportanceWeights(boolean v) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                v,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withReplay(boolean v) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                v,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withAnnealing(boolean v) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                v,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withConsolidation(boolean v) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                v,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                stateLayout);
    }

    public AdaptationConfig withOnsetSupport(OnsetSupport v) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                v,
                signal,
                stateLayout);
    }

    public AdaptationConfig withSignal(Signal v) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                v,
                stateLayout);
    }

    /**
     * The same adaptation with its states encoded in layout {@code v} (1: protocol v1's stale factors, to measure that
     * handicap; 2: the default).
     */
    public AdaptationConfig withStateLayout(int v) {
        return new AdaptationConfig(
                supportHours,
                adaptation,
                online,
                onlineEvery,
                labelEvery,
                onlineSteps,
                onlineBatch,
                replay,
                importanceWeights,
                annealing,
                consolidation,
                consolidationLambda,
                replayAgeHorizon,
                labelHours,
                onsetSupport,
                signal,
                v);
    }
}
