package org.moca.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaeTest {

    @Test
    void threeStepsByHand() {
        // gamma 0.9, lambda 0.5; r = (1, 0, 2), V(s) = (0.5, 1, -1), V(s') = (1, -1, 4), one episode.
        // delta_2 = 2 + 0.9*4 - (-1)   = 6.6          A_2 = 6.6
        // delta_1 = 0 + 0.9*(-1) - 1   = -1.9         A_1 = -1.9 + 0.45*6.6  = 1.07
        // delta_0 = 1 + 0.9*1 - 0.5    = 1.4          A_0 = 1.4 + 0.45*1.07  = 1.8815
        double[] a = Gae.advantages(
                new double[] {1, 0, 2}, new double[] {0.5, 1, -1}, new double[] {1, -1, 4}, new boolean[3], 0.9, 0.5);
        assertArrayEquals(new double[] {1.8815, 1.07, 6.6}, a, 1e-12);
    }

    @Test
    void anEpisodeEndStopsTheSumButStillBootstrapsTheStateReached() {
        // an episode ends after step 1 (a time limit) in state s'_1 with V = 3; step 2 starts the next episode.
        // delta_2 = 2 + 0.9*4 + 1 = 6.6 ; delta_1 = 0 + 0.9*3 - 1 = 1.7 -> A_1 = 1.7 (no 6.6 leaking in)
        // delta_0 = 1 + 0.9*1 - 0.5 = 1.4 -> A_0 = 1.4 + 0.45*1.7 = 2.165
        double[] a = Gae.advantages(
                new double[] {1, 0, 2},
                new double[] {0.5, 1, -1},
                new double[] {1, 3, 4},
                new boolean[] {false, true, false},
                0.9,
                0.5);
        assertArrayEquals(new double[] {2.165, 1.7, 6.6}, a, 1e-12);
        // a terminal state is V(s') = 0: then A_1 = 0 - 1
        double[] terminal = Gae.advantages(
                new double[] {1, 0, 2},
                new double[] {0.5, 1, -1},
                new double[] {1, 0, 4},
                new boolean[] {false, true, false},
                0.9,
                0.5);
        assertEquals(-1, terminal[1], 1e-12);
    }

    @Test
    void lambdaOneIsTheDiscountedReturnMinusBaseline() {
        double[] r = {1, 2, 3};
        double[] v = {0.3, -0.2, 0.7};
        double[] a = Gae.advantages(r, v, new double[] {-0.2, 0.7, 10}, new boolean[] {false, false, true}, 0.5, 1.0);
        assertEquals(1 + 0.5 * 2 + 0.25 * 3 + 0.125 * 10 - 0.3, a[0], 1e-12);
        assertEquals(2 + 0.5 * 3 + 0.25 * 10 + 0.2, a[1], 1e-12);
        assertEquals(3 + 0.5 * 10 - 0.7, a[2], 1e-12);
    }

    @Test
    void normalizeGivesZeroMeanUnitStd() {
        double[] a = {1, 2, 3, 6};
        Gae.normalize(a);
        double mean = (a[0] + a[1] + a[2] + a[3]) / 4;
        double var = 0;
        for (double x : a) var += (x - mean) * (x - mean);
        assertEquals(0, mean, 1e-12);
        assertEquals(1, var / 4, 1e-12);
        double[] flat = {2, 2};
        Gae.normalize(flat);
        assertArrayEquals(new double[] {0, 0}, flat, 0);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Gae.advantages(new double[2], new double[1], new double[2], new boolean[2], 0.9, 0.9));
        assertThrows(
                IllegalArgumentException.class,
                () -> Gae.advantages(new double[1], new double[1], new double[1], new boolean[1], 1.1, 0.9));
        assertThrows(
                IllegalArgumentException.class,
                () -> Gae.advantages(new double[1], new double[1], new double[1], new boolean[1], 0.9, -0.1));
    }
}
