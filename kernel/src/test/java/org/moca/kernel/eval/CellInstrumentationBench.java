package org.moca.kernel.eval;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the kernel's class-file rewrite ({@link CellInstrumenter}: an interrupt poll at every loop back-edge, the
 * price of stopping {@code while (true) {}} without {@code Thread.stop}) costs: the rewrite itself per class, and
 * loops run plain and rewritten, interleaved round by round in one JVM (same load for both), median of 20 rounds
 * after 5 of warm-up. A bench, not a test: nothing here is asserted about time.
 *
 * <pre>
 * mvn -B -q -pl kernel -am package -DskipTests
 * java -cp kernel/target/test-classes:kernel/target/kernelspec/java/moca-kernel.jar \
 *     org.moca.kernel.eval.CellInstrumentationBench
 * </pre>
 */
public final class CellInstrumentationBench {
    private static final int ROUNDS = 25;
    private static final int WARM_UP_ROUNDS = 5;

    private CellInstrumentationBench() {}

    /** The loops timed, compiled by javac like a cell's class; loaded twice (plain and rewritten). */
    public static final class Workloads {
        private Workloads() {}

        /** A tight arithmetic loop: where a poll per iteration costs most. */
        public static long sumSquares(int n) {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += (long) i * i;
            }
            return s;
        }

        /** A dot product over arrays. */
        public static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        /** A loop around a costly call. */
        public static double sines(int n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.sin(i);
            }
            return s;
        }

        /** An iterator over boxed values (a collection loop in a notebook). */
        public static long boxed(List<Integer> xs) {
            long s = 0;
            for (Integer x : xs) {
                s += x;
            }
            return s;
        }

        /** Nested loops. */
        public static long nested(int n) {
            long s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    s += (i ^ j) & 7;
                }
            }
            return s;
        }
    }

    /** Defines {@link Workloads} from the given bytes, under its own name, in a loader of its own. */
    private static final class OneClassLoader extends ClassLoader {
        private final String name;
        private final byte[] classFile;

        OneClassLoader(String name, byte[] classFile) {
            super(CellInstrumentationBench.class.getClassLoader());
            this.name = name;
            this.classFile = classFile.clone();
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(className)) {
                if (className.equals(name)) {
                    Class<?> c = findLoadedClass(className);
                    return c != null ? c : defineClass(className, classFile, 0, classFile.length);
                }
                return super.loadClass(className, resolve);
            }
        }
    }

    private record Case(String method, Class<?>[] types, Object[] args) {}

    /**
     * Prints the rewrite's cost per class and the plain/rewritten time of each loop.
     *
     * @param args unused
     */
    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        String name = Workloads.class.getName();
        byte[] plain;
        try (InputStream in = CellInstrumentationBench.class.getResourceAsStream(
                name.substring(name.lastIndexOf('.') + 1) + ".class")) {
            if (in == null) {
                throw new IOException("no class file for " + name + " (run from compiled test classes)");
            }
            plain = in.readAllBytes();
        }
        CellInstrumenter instrumenter = new CellInstrumenter(true);
        byte[] woven = plain;
        for (int i = 0; i < 2000; i++) {
            woven = instrumenter.instrument(name, plain);
        }
        long[] rewrite = new long[201];
        for (int i = 0; i < rewrite.length; i++) {
            long t = System.nanoTime();
            instrumenter.instrument(name, plain);
            rewrite[i] = System.nanoTime() - t;
        }
        Arrays.sort(rewrite);
        System.out.printf(
                "rewrite: %d -> %d bytes, median %.1f us per class (after 2000 warm-up rewrites)%n",
                plain.length, woven.length, rewrite[rewrite.length / 2] / 1e3);

        Class<?> p = new OneClassLoader(name, plain).loadClass(name);
        Class<?> w = new OneClassLoader(name, woven).loadClass(name);
        double[] x = new double[1_000_000];
        double[] y = new double[1_000_000];
        List<Integer> xs = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 13;
            y[i] = i % 7;
            xs.add(i % 100);
        }
        List<Case> cases = List.of(
                new Case("sumSquares", new Class<?>[] {int.class}, new Object[] {50_000_000}),
                new Case("dot", new Class<?>[] {double[].class, double[].class}, new Object[] {x, y}),
                new Case("sines", new Class<?>[] {int.class}, new Object[] {2_000_000}),
                new Case("boxed", new Class<?>[] {List.class}, new Object[] {xs}),
                new Case("nested", new Class<?>[] {int.class}, new Object[] {4000}));
        System.out.printf("%-11s %10s %10s %7s%n", "loop", "plain ms", "woven ms", "ratio");
        for (Case c : cases) {
            Method mp = p.getMethod(c.method(), c.types());
            Method mw = w.getMethod(c.method(), c.types());
            long[] tp = new long[ROUNDS - WARM_UP_ROUNDS];
            long[] tw = new long[ROUNDS - WARM_UP_ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = System.nanoTime();
                Object rp = invoke(mp, c.args());
                long t1 = System.nanoTime();
                Object rw = invoke(mw, c.args());
                long t2 = System.nanoTime();
                if (!rp.equals(rw)) {
                    throw new IllegalStateException(c.method() + ": the rewritten loop computed " + rw + ", not " + rp);
                }
                if (r >= WARM_UP_ROUNDS) {
                    tp[r - WARM_UP_ROUNDS] = t1 - t0;
                    tw[r - WARM_UP_ROUNDS] = t2 - t1;
                }
            }
            Arrays.sort(tp);
            Arrays.sort(tw);
            double mp50 = tp[tp.length / 2] / 1e6;
            double mw50 = tw[tw.length / 2] / 1e6;
            System.out.printf("%-11s %10.2f %10.2f %7.2f%n", c.method(), mp50, mw50, mw50 / mp50);
        }
        System.out.printf(
                "load average %.2f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static Object invoke(Method m, Object[] args) throws IllegalAccessException {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(m.getName() + " failed", e.getCause());
        }
    }
}
