package org.moca.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.moca.bench.RolloutPretraining.Config;
import org.moca.bench.RolloutPretraining.Result;
import org.moca.bench.RolloutPretraining.Row;
import org.moca.bench.RolloutPretraining.Score;
import org.moca.infra.Progress;
import org.moca.infra.ProgressListener;
import tech.tablesaw.api.Table;

/**
 * {@link RolloutPretraining} as a library call: one row per reference and arm, scores that the rollout arms earn,
 * the same scores on a second run, a progress count that ends at its total, and the printed table of the bench's
 * {@code main} unchanged by the refactoring into {@link RolloutPretraining#run}.
 */
class RolloutPretrainingTest {

    /** One training and one held-out episode per family, 5 steps, the long imitation arm at 3x: seconds, not minutes. */
    private static final Config TINY =
            Config.defaults().withTrain(1).withEval(1).withSteps(5).withImitationStepFactor(3);

    private static Result result;
    private static Progress last;

    @BeforeAll
    static void runOnce() {
        AtomicReference<Progress> finished = new AtomicReference<>();
        result = RolloutPretraining.run(TINY, new ProgressListener() {
            @Override
            public void onProgress(Progress p) {}

            @Override
            public void onFinish(Progress p) {
                finished.set(p);
            }
        });
        last = finished.get();
    }

    @Test
    void oneRowPerReferenceAndArmInPrintOrder() {
        assertEquals(
                List.of(
                        RolloutPretraining.NO_ACTION,
                        RolloutPretraining.ORACLE,
                        RolloutPretraining.INITIALIZATION,
                        RolloutPretraining.ROLLOUT_THROUGH,
                        RolloutPretraining.ROLLOUT_STOPPED,
                        RolloutPretraining.IMITATION,
                        RolloutPretraining.SERVICE_WEIGHTED,
                        "imitation, 3x steps"),
                result.rows().stream().map(Row::name).toList());
        for (Row r : result.rows()) {
            assertEquals(r.name().startsWith("no-action") || r.name().startsWith("oracle"), r.reference(), r.name());
            // a reference is no policy the twin can roll: no model loss; every trained arm has one
            assertEquals(r.reference(), Double.isNaN(r.heldOut().modelLoss()), r.name());
            assertEquals(r.reference(), Double.isNaN(r.blackSwan().modelLoss()), r.name());
            assertTrue(r.heldOut().unmet() >= 0
                    && r.heldOut().recovered() >= 0
                    && r.heldOut().recovered() <= 1);
        }
        assertEquals(0, result.row(RolloutPretraining.INITIALIZATION).steps());
        assertEquals(5, result.row(RolloutPretraining.ROLLOUT_THROUGH).steps());
        assertEquals(15, result.row("imitation, 3x steps").steps());
        assertEquals(List.of(100, 64, 64, 43), result.policyLayers());
        assertEquals(TINY, result.config());
    }

    @Test
    void theRolloutArmsLowerTheRolloutObjectiveOnHeldOutStarts() {
        double init = result.row(RolloutPretraining.INITIALIZATION).heldOut().modelLoss();
        for (String arm : List.of(RolloutPretraining.ROLLOUT_THROUGH, RolloutPretraining.ROLLOUT_STOPPED)) {
            double trained = result.row(arm).heldOut().modelLoss();
            assertTrue(trained < 0.8 * init, arm + ": " + trained + " against the initialization's " + init);
        }
    }

    @Test
    void theSameConfigGivesTheSameScores() {
        Result again = RolloutPretraining.run(TINY, quiet());
        assertEquals(withoutTimings(result), withoutTimings(again));
    }

    @Test
    void progressEndsAtItsTotal() {
        assertEquals(last.total(), last.done(), "units counted " + last);
        // 20 per labelled episode, rollout steps x starts (5 + 5), imitation steps (5 + 5 + 15), 20 per scored
        // episode (8 rows x 2 families x 1 episode)
        assertEquals(20 + 10 + 25 + 20 * 16, last.total());
    }

    @Test
    void theTableAndTheTextHoldEveryRow() {
        Table t = result.toTable();
        assertEquals(8, t.rowCount());
        assertTrue(t.doubleColumn("held_out_model_loss").isMissing(0), "no-action has no model loss");
        assertEquals(
                result.row(RolloutPretraining.ROLLOUT_STOPPED).blackSwan().unmet(),
                t.doubleColumn("black_swan_unmet").get(4));
        List<String> lines = result.text().lines().toList();
        assertEquals(5 + 8, lines.size());
        assertTrue(lines.get(12).startsWith("imitation, 3x steps"), lines.get(12));
    }

    /**
     * The bench's printed table, as {@code main} printed it before it became {@link Result#text()}: the output of
     * {@code RolloutPretraining --train 2 --eval 2 --steps 5 --seed 1} at commit 532ce04, rebuilt here from its numbers.
     */
    @Test
    void textIsTheBenchTableOfBefore() {
        Config c = Config.defaults().withTrain(2).withEval(2).withSteps(5);
        double nan = Double.NaN;
        List<Row> rows = List.of(
                new Row(
                        RolloutPretraining.NO_ACTION,
                        true,
                        0,
                        0,
                        new Score(nan, 0.0, 54994, 1.0),
                        new Score(nan, 65.7, 30291, 0.0)),
                new Row(
                        RolloutPretraining.ORACLE,
                        true,
                        0,
                        0,
                        new Score(nan, 0.0, 47741, 1.0),
                        new Score(nan, 0.0, 67674, 1.0)),
                new Row(
                        RolloutPretraining.INITIALIZATION,
                        false,
                        0,
                        0.0,
                        new Score(2.0976, 80.6, 85158, 0.0),
                        new Score(1.8325, 62.4, 77554, 0.0)),
                new Row(
                        RolloutPretraining.ROLLOUT_THROUGH,
                        false,
                        5,
                        0.4,
                        new Score(0.4243, 7.6, 95078, 0.5),
                        new Score(0.7995, 17.8, 87184, 0.0)),
                new Row(
                        RolloutPretraining.ROLLOUT_STOPPED,
                        false,
                        5,
                        0.1,
                        new Score(0.4411, 8.8, 91571, 0.5),
                        new Score(0.7983, 17.5, 83778, 0.0)),
                new Row(
                        RolloutPretraining.IMITATION,
                        false,
                        5,
                        0.1,
                        new Score(1.6462, 67.1, 81658, 0.0),
                        new Score(2.0245, 66.8, 68953, 0.0)),
                new Row(
                        RolloutPretraining.SERVICE_WEIGHTED,
                        false,
                        5,
                        0.0,
                        new Score(1.3222, 49.1, 86127, 0.0),
                        new Score(1.9177, 62.0, 73917, 0.0)),
                new Row(
                        c.longImitationName(),
                        false,
                        50,
                        0.3,
                        new Score(2.4972, 87.0, 30662, 0.0),
                        new Score(2.9409, 101.7, 24720, 0.0)));
        String before = String.join(
                        System.lineSeparator(),
                        List.of(
                                "RolloutPretraining: 2 training episodes, 2 held-out per family, 5 Adam steps at 0.003000, policy [100, 64, 64, 43], float32, seed 1",
                                "",
                                "scores: rollout loss on the model (mean over episodes, at onset, 48 h); in the simulator: unmet demand and cost in the window (mean per episode), recovered within 48 h (share)",
                                "arm                           steps  train s | training family, held out                    | black swan (not tuned on)                   ",
                                "                                             | model loss    unmet       cost    recovered | model loss    unmet       cost    recovered",
                                "no-action (nominal plan)                     |                 0.0      54994         1.00 |                65.7      30291         0.00",
                                "oracle (perfect information)                 |                 0.0      47741         1.00 |                 0.0      67674         1.00",
                                "initialization                    0      0.0 |     2.0976     80.6      85158         0.00 |     1.8325     62.4      77554         0.00",
                                "rollout (through states)          5      0.4 |     0.4243      7.6      95078         0.50 |     0.7995     17.8      87184         0.00",
                                "rollout (states stopped)          5      0.1 |     0.4411      8.8      91571         0.50 |     0.7983     17.5      83778         0.00",
                                "imitation (oracle labels)         5      0.1 |     1.6462     67.1      81658         0.00 |     2.0245     66.8      68953         0.00",
                                "service-weighted imitation        5      0.0 |     1.3222     49.1      86127         0.00 |     1.9177     62.0      73917         0.00",
                                "imitation, 10x steps             50      0.3 |     2.4972     87.0      30662         0.00 |     2.9409    101.7      24720         0.00"))
                + System.lineSeparator();
        assertEquals(before, new Result(c, List.of(100, 64, 64, 43), rows).text());
    }

    @Test
    void configValidatesAndParsesNamingTheValue() {
        assertThrows(IllegalArgumentException.class, () -> Config.defaults().withSteps(0));
        assertThrows(IllegalArgumentException.class, () -> Config.defaults().withLearningRate(Double.NaN));
        IllegalArgumentException hidden = assertThrows(
                IllegalArgumentException.class, () -> Config.defaults().withHidden(List.of(64, 0)));
        assertTrue(hidden.getMessage().contains("[64, 0]"), hidden.getMessage());
        IllegalArgumentException number =
                assertThrows(IllegalArgumentException.class, () -> Config.parse(new String[] {"--steps", "x"}));
        assertTrue(
                number.getMessage().contains("--steps") && number.getMessage().contains("'x'"));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Config.parse(new String[] {"--step", "3"}));
        assertTrue(unknown.getMessage().contains("--step"), unknown.getMessage());
        Config parsed = Config.parse(new String[] {"--train", "2", "--seed", "7", "--imitation-factor", "4"});
        assertEquals(Config.defaults().withTrain(2).withSeed(7).withImitationStepFactor(4), parsed);
        assertEquals("imitation, 10x steps", Config.defaults().longImitationName());
        assertFalse(parsed.equals(Config.defaults()));
    }

    private static List<Row> withoutTimings(Result r) {
        List<Row> out = new ArrayList<>();
        for (Row row : r.rows())
            out.add(new Row(row.name(), row.reference(), row.steps(), 0, row.heldOut(), row.blackSwan()));
        return out;
    }

    private static ProgressListener quiet() {
        return p -> {};
    }
}
