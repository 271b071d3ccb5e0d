package org.moca.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SumMinTreeTest {

    /** Differential test: the tree against a plain array after every one of many random sets and clears. */
    @Test
    void agreesWithBruteForceOnRandomOperations() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : new int[] {1, 2, 3, 7, 8, 33, 100}) {
            SumMinTree tree = new SumMinTree(n);
            double[] values = new double[n];
            boolean[] occupied = new boolean[n];
            for (int op = 0; op < 2000; op++) {
                int i = random.nextInt(n);
                if (random.nextInt(5) == 0) {
                    tree.clear(i);
                    values[i] = 0;
                    occupied[i] = false;
                } else {
                    double v = Math.exp(random.nextDouble(-20, 20));
                    tree.set(i, v);
                    values[i] = v;
                    occupied[i] = true;
                }
                checkAgainst(tree, values, occupied, random);
            }
            tree.rebuild(values, occupied);
            checkAgainst(tree, values, occupied, random);
        }
    }

    private static void checkAgainst(SumMinTree tree, double[] values, boolean[] occupied, SplittableRandom random) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (occupied[i]) min = Math.min(min, values[i]);
            assertEquals(occupied[i], tree.occupied(i));
            assertEquals(values[i], tree.get(i));
        }
        assertEquals(sum, tree.sum(), 1e-12 * sum);
        assertEquals(min, tree.min());
        if (sum > 0) {
            double u = random.nextDouble() * tree.sum();
            int found = tree.find(u);
            assertTrue(values[found] > 0, "find returned an empty leaf");
            double before = 0;
            for (int i = 0; i < found; i++) before += values[i];
            double slack = 1e-9 * sum;
            assertTrue(
                    before <= u + slack && u < before + values[found] + slack,
                    "u=" + u + " not in the interval of leaf " + found);
        }
    }

    @Test
    void findNeverReturnsAnEmptyLeafEvenAtTheTopOfTheRange() {
        SumMinTree tree = new SumMinTree(5);
        tree.set(1, 0.1);
        tree.set(2, 0.2);
        assertEquals(2, tree.find(Math.nextDown(tree.sum())));
        assertEquals(2, tree.find(tree.sum()));
        assertEquals(1, tree.find(0.0));
    }

    @Test
    void emptyTreeRefusesToSampleAndRejectsBadValues() {
        SumMinTree tree = new SumMinTree(4);
        assertThrows(IllegalStateException.class, () -> tree.find(0));
        assertThrows(IllegalArgumentException.class, () -> tree.set(0, -1));
        assertThrows(IllegalArgumentException.class, () -> tree.set(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> tree.set(0, Double.POSITIVE_INFINITY));
        assertThrows(IndexOutOfBoundsException.class, () -> tree.set(4, 1));
        assertFalse(tree.occupied(0));
    }
}
