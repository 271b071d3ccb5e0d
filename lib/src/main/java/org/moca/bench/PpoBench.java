package org.moca.bench;

import java.util.List;
import java.util.Locale;
import org.moca.experiment.Testbed;
import org.moca.graph.ReferenceNetworks;
import org.moca.rl.EnvConfig;
import org.moca.rl.Ppo;
import org.moca.rl.PpoConfig;
import org.moca.rl.PpoPolicy;
import org.moca.rl.SupplyChainEnv;
import org.moca.scenario.Episode;
import org.moca.scenario.EpisodeRunner;
import org.moca.scenario.RecoveryPolicy;
import org.moca.scenario.ScenarioFamilies;
import org.moca.sim.EpisodeMetrics;

/**
 * Trains the PPO baseline on the reference network's stable family and prints: training wall time per 1,000
 * environment steps, the held-out stable-regime return of PPO against no-action (same episodes), and on held-out stable
 * and black-swan episodes the recovery counts within 48 h and 36 h, unmet demand and cost in the window of the trained
 * policy, deployed without adaptation, against no-action.
 * Asserts nothing.
 *
 * <p>Usage ({@code OMP_NUM_THREADS=1}): {@code PpoBench [iterations=40] [seed=1] [episodes=30]}. The defaults of
 * {@link PpoConfig} (rollouts of 960 steps), a pool of 64 stable training episodes, and {@code episodes} held-out
 * stable and black-swan episodes.
 */
public final class PpoBench {

    private PpoBench() {}

    public static void main(String[] args) {
        int iterations = 40;
        long seed = 1;
        int episodes = 30;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) throw new IllegalArgumentException("expected key=value, got " + a);
            switch (kv[0]) {
                case "iterations" -> iterations = Integer.parseInt(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                case "episodes" -> episodes = Integer.parseInt(kv[1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown key " + kv[0] + "; expected iterations, seed or episodes");
            }
        }
        Testbed testbed = Testbed.of(ReferenceNetworks.circularElectronicsNd());
        List<Episode> pool = testbed.episodes(ScenarioFamilies.stable(), 64, seed);
        List<Episode> stableTest = testbed.episodes(ScenarioFamilies.stable(), episodes, seed + 1000);
        List<Episode> blackSwan = testbed.episodes(ScenarioFamilies.blackSwan(), episodes, seed + 2000);
        EnvConfig envConfig = EnvConfig.defaults();
        PpoConfig config = PpoConfig.defaults().withSeed(seed);
        System.out.printf(
                Locale.ROOT,
                "OMP_NUM_THREADS=%s, PPO %s, env %s%n",
                System.getenv("OMP_NUM_THREADS"),
                config,
                envConfig);

        Ppo ppo = new Ppo(config, envConfig, testbed.layout());
        long steps = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            Ppo.Iteration it = ppo.train(pool, 1).get(0);
            steps += it.steps();
            if ((i + 1) % 10 == 0 || i == 0) {
                System.out.printf(
                        Locale.ROOT,
                        "iteration %3d: %6d steps, training return %8.4f, value loss %.5f, clipped %.2f, KL %.4f%n",
                        it.index(),
                        steps,
                        it.meanReturn(),
                        it.valueLoss(),
                        it.clipFraction(),
                        it.approxKl());
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "training: %d iterations, %d environment steps in %.1f s = %.2f s per 1,000 steps%n",
                iterations,
                steps,
                seconds,
                1000 * seconds / Math.max(1, steps));

        PpoPolicy trained = PpoPolicy.deterministic(ppo.policy());
        double ppoReturn = 0, noActionReturn = 0;
        for (Episode e : stableTest) {
            SupplyChainEnv env = new SupplyChainEnv(e, envConfig);
            double[] nominal = env.nominalAction();
            noActionReturn += env.episodeReturn(s -> nominal) / stableTest.size();
            trained.reset(e);
            ppoReturn += new SupplyChainEnv(e, envConfig).episodeReturn(trained::action);
        }
        ppoReturn /= stableTest.size();
        System.out.printf(
                Locale.ROOT,
                "held-out stable (%d episodes): mean return PPO %.4f, no-action %.4f%n",
                stableTest.size(),
                ppoReturn,
                noActionReturn);

        EpisodeRunner runner = testbed.runner();
        for (List<Episode> family : List.of(stableTest, blackSwan)) {
            for (RecoveryPolicy policy : List.of(trained, new org.moca.baseline.NoActionPolicy())) {
                int within48 = 0, within36 = 0;
                double unmet = 0, cost = 0;
                for (Episode e : family) {
                    EpisodeMetrics m = runner.run(e, policy).metrics();
                    if (m.recovered()) within48++;
                    if (m.recoveredEarly()) within36++;
                    unmet += m.unmetDemand() / family.size();
                    cost += m.cost() / family.size();
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-10s (%d episodes), %-9s: recovered within 48 h %2d, within 36 h %2d, "
                                + "mean unmet demand in window %.1f, mean cost in window %.0f%n",
                        family.get(0).scenario().family(),
                        family.size(),
                        policy.name(),
                        within48,
                        within36,
                        unmet,
                        cost);
            }
        }
    }
}
