package org.moca.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moca.graph.ReferenceNetworks;

/** {@link ActionCodec#backward} against central differences of a random linear functional of the decoded controls. */
class ActionCodecBackwardTest {

    private final NetworkIndex layout = new NetworkIndex(ReferenceNetworks.circularElectronicsNd());
    private final ActionCodec codec = new ActionCodec(layout);

    private static double dot(Controls w, Controls c) {
        double s = 0;
        for (int i = 0; i < w.procurement().length; i++) s += w.procurement()[i] * c.procurement()[i];
        for (int i = 0; i < w.utilization().length; i++) s += w.utilization()[i] * c.utilization()[i];
        for (int i = 0; i < w.release().length; i++) s += w.release()[i] * c.release()[i];
        for (int i = 0; i < w.modeShares().length; i++)
            for (int j = 0; j < w.modeShares()[i].length; j++) s += w.modeShares()[i][j] * c.modeShares()[i][j];
        for (int i = 0; i < w.routing().length; i++)
            for (int j = 0; j < w.routing()[i].length; j++) s += w.routing()[i][j] * c.routing()[i][j];
        return s;
    }

    private Controls randomCotangent(SplittableRandom rng) {
        Controls w = Controls.zeros(layout);
        for (double[] xs : new double[][] {w.procurement(), w.utilization(), w.release()})
            for (int i = 0; i < xs.length; i++) xs[i] = rng.nextGaussian();
        for (double[][] xss : new double[][][] {w.modeShares(), w.routing()})
            for (double[] xs : xss) for (int i = 0; i < xs.length; i++) xs[i] = rng.nextGaussian();
        return w;
    }

    /** 0 strictly inside, 1 or 2 at a clamp or the floor, for every decoded value: the decoder's kinks. */
    private static String pattern(Controls c) {
        StringBuilder b = new StringBuilder();
        for (double[] xs : new double[][] {c.procurement(), c.utilization(), c.release()})
            for (double v : xs) b.append(v == 0 ? 1 : v == 1 ? 2 : 0);
        for (double[][] xss : new double[][][] {c.modeShares(), c.routing()})
            for (double[] xs : xss) for (double v : xs) b.append(v == 0 ? 1 : v == 1 ? 2 : 0);
        return b.toString();
    }

    @Test
    void backwardMatchesCentralDifferencesAwayFromKinks() {
        SplittableRandom rng = new SplittableRandom(21);
        int checked = 0, flat = 0;
        double[] g = new double[codec.dimension()];
        for (int trial = 0; trial < 30; trial++) {
            double[] a = new double[codec.dimension()];
            for (int i = 0; i < a.length; i++) a[i] = 3 * rng.nextGaussian(); // some clamp, some hit the floor
            Controls w = randomCotangent(rng);
            codec.backward(a, w, g);
            String kinks = pattern(codec.decode(a));
            for (int i = 0; i < a.length; i++) {
                double h = 1e-6, keep = a[i];
                a[i] = keep + h;
                Controls up = codec.decode(a);
                a[i] = keep - h;
                Controls down = codec.decode(a);
                a[i] = keep;
                if (!pattern(up).equals(kinks) || !pattern(down).equals(kinks)) continue;
                double fd = (dot(w, up) - dot(w, down)) / (2 * h);
                assertEquals(fd, g[i], 1e-7 * Math.max(1, Math.abs(fd)), "trial " + trial + " entry " + i);
                checked++;
                if (g[i] == 0) flat++;
            }
        }
        assertTrue(checked > 20 * codec.dimension(), "checked " + checked);
        assertTrue(flat > 0 && flat < checked / 2, "clamped entries pass nothing, the others something: " + flat);
    }

    @Test
    void aClampedUnitAndAShareAtTheFloorPassNothing() {
        double[] a = new double[codec.dimension()];
        a[0] = 50; // procurement of the first supplier clamped at 1
        Controls w = randomCotangent(new SplittableRandom(22));
        double[] g = new double[codec.dimension()];
        codec.backward(a, w, g);
        assertEquals(0.0, g[0]);
        // the first split with several lanes: one lane's logit far below the others puts its share at the floor
        int k = layout.suppliers.length + layout.processors.length;
        for (var ms : layout.modes) if (ms.length > 1) k += ms.length;
        k += layout.shipSlots.length;
        int slot = 0;
        while (layout.shipLanes[slot].length < 2) slot++;
        a[k] = -40;
        codec.backward(a, w, g);
        assertEquals(0.0, codec.decode(a).routing()[slot][0]);
        assertEquals(0.0, g[k], 1e-15); // only through the others' normalization, times its own q ~ e^-40
    }

    @Test
    void rejectsMisshapedCotangents() {
        Controls w = Controls.zeros(new NetworkIndex(TinyChains.loop()));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> codec.backward(new double[codec.dimension()], w, new double[codec.dimension()]));
        assertTrue(e.getMessage().contains("entries"), e.getMessage());
    }
}
