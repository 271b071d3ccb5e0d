package org.moca.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.graph.ReferenceNetworks;

class ActionCodecTest {

    private final NetworkIndex layout = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
    private final ActionCodec codec = new ActionCodec(layout);

    @Test
    void dimensionDerivesFromTheNetwork() {
        int d = layout.suppliers.length + layout.processors.length + layout.shipSlots.length;
        for (var ms : layout.modes) if (ms.length > 1) d += ms.length;
        for (var ls : layout.shipLanes) if (ls.length > 1) d += ls.length;
        assertEquals(d, codec.dimension());
        assertEquals(3 + 6 + 16 + (3 + 2 + 2 + 2) + (3 + 4 + 2), codec.dimension());
    }

    @Test
    void cutEntriesCountsClampedSigmoidsAndFlooredShares() {
        double[] x = new double[codec.dimension()];
        assertEquals(0, codec.cutEntries(x), "at zero every sigmoid is 1/2 and every share 1/n, above the floor");
        java.util.Arrays.fill(x, 50);
        assertEquals(
                3 + 6 + 16, codec.cutEntries(x), "every sigmoid clamped at 1; uniform shares stay above the floor");
        java.util.Arrays.fill(x, -50);
        assertEquals(3 + 6 + 16, codec.cutEntries(x), "clamped at 0 too");
        java.util.Arrays.fill(x, 0);
        int firstModeLogit = 3 + 6;
        x[firstModeLogit] = 50; // the first multi-mode processor's three logits: one dominant, two at the floor
        assertEquals(2, codec.cutEntries(x));
        x[firstModeLogit] = Math.log(0.5); // q = (1/3, 1/3, 1/3) scaled: shares 0.2, 0.4, 0.4, all above 0.01
        assertEquals(0, codec.cutEntries(x));
        x[3] = ActionCodec.unitInverse(0.999); // a sigmoid just inside (0, 1) is not cut
        assertEquals(0, codec.cutEntries(x));
        assertThrows(IllegalArgumentException.class, () -> codec.cutEntries(new double[3]));
    }

    @Test
    void decodeOfEncodeIsTheIdentityIncludingExactZerosAndOnes() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            Controls c = randomControls(rng);
            Controls back = codec.decode(codec.encode(c));
            assertClose(c.procurement(), back.procurement());
            assertClose(c.utilization(), back.utilization());
            assertClose(c.release(), back.release());
            for (int i = 0; i < c.modeShares().length; i++) assertClose(c.modeShares()[i], back.modeShares()[i]);
            for (int i = 0; i < c.routing().length; i++) assertClose(c.routing()[i], back.routing()[i]);
        }
    }

    @Test
    void decodedControlsAreAlwaysValid() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 200; trial++) {
            double[] a = new double[codec.dimension()];
            for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble(-50, 50);
            codec.decode(a).validate(layout);
        }
    }

    private Controls randomControls(SplittableRandom rng) {
        double[] p = unit(rng, layout.suppliers.length),
                u = unit(rng, layout.processors.length),
                r = unit(rng, layout.shipSlots.length);
        double[][] m = new double[layout.processors.length][];
        for (int i = 0; i < m.length; i++) m[i] = simplex(rng, layout.modes[i].length);
        double[][] g = new double[layout.shipSlots.length][];
        for (int i = 0; i < g.length; i++) g[i] = simplex(rng, layout.shipLanes[i].length);
        return new Controls(p, u, m, r, g);
    }

    private static double[] unit(SplittableRandom rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double k = rng.nextDouble();
            x[i] = k < 0.2 ? 0 : k < 0.4 ? 1 : rng.nextDouble();
        }
        return x;
    }

    private static double[] simplex(SplittableRandom rng, int n) {
        double[] x = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += x[i] = rng.nextDouble() < 0.3 ? 0 : rng.nextDouble();
        if (s == 0) {
            x[rng.nextInt(n)] = 1;
            return x;
        }
        for (int i = 0; i < n; i++) x[i] /= s;
        return x;
    }

    private static void assertClose(double[] want, double[] got) {
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-9);
    }

    @Test
    void meanOfControlsIsEntrywiseAndStaysValid() {
        Controls a = new Controls(
                new double[] {0, 1}, new double[] {1}, new double[][] {{1, 0}}, new double[] {0.5}, new double[][] {
                    {0, 0, 1}
                });
        Controls b = new Controls(
                new double[] {1, 1}, new double[] {0}, new double[][] {{0, 1}}, new double[] {0.1}, new double[][] {
                    {0.5, 0.5, 0}
                });
        Controls c = new Controls(
                new double[] {1, 0}, new double[] {0}, new double[][] {{0, 1}}, new double[] {0.3}, new double[][] {
                    {0.5, 0.5, 0}
                });
        Controls m = Controls.mean(java.util.List.of(a, b, c));
        assertArrayEquals(new double[] {2 / 3.0, 2 / 3.0}, m.procurement(), 1e-15);
        assertArrayEquals(new double[] {1 / 3.0}, m.utilization(), 1e-15);
        assertArrayEquals(new double[] {1 / 3.0, 2 / 3.0}, m.modeShares()[0], 1e-15);
        assertArrayEquals(new double[] {0.3}, m.release(), 1e-15);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, m.routing()[0], 1e-15);
        assertEquals(a, Controls.mean(java.util.List.of(a)));
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Controls.mean(java.util.List.of()));
        Controls odd = new Controls(
                new double[] {0}, new double[] {1}, new double[][] {{1, 0}}, new double[] {0.5}, new double[][] {
                    {0, 0, 1}
                });
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Controls.mean(java.util.List.of(a, odd)));
    }
}
