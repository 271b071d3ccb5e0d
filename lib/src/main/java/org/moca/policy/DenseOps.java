package org.moca.policy;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Allocation-free arithmetic on dense ND4J arrays: BLAS calls straight into OpenBLAS (the library ND4J's CPU backend
 * itself calls) and element-wise loops in Java over the arrays' native memory.
 *
 * <p><b>Why not ND4J ops.</b> In ND4J 1.0.0-M2.1 every executed op ({@code muli}, {@code mul(y, out)},
 * {@code Transforms.relu}, {@code sumNumber}, {@code Nd4j.gemm}, ...) allocates 1-5 KB of native memory (an op
 * context, a scalar buffer, a result) owned by a small Java object and freed only when the garbage collector
 * collects that object. The objects are tiny, so with a multi-gigabyte heap the collector runs rarely and the
 * process's resident memory climbs by hundreds of megabytes between collections (measured: 10^5 {@code muli(0.5)}
 * calls on 2 threads raise RSS by ~300 MB; a young generation that keeps growing makes a meta-training run look like
 * a leak). BLAS calls through javacpp pointers and Java loops over direct buffers allocate no native memory at all,
 * and they skip ND4J's per-op Java overhead (op object, validation, shape calculation), which dominates at 64 x 256.
 *
 * <p>Every array must be FLOAT or DOUBLE, all arrays of a call the same type; matrices are row-major ('c') and
 * contiguous (the caller makes them so, see {@link #dense}); vectors are contiguous.
 */
public final class DenseOps {
    private DenseOps() {}

    /** {@code a} itself if it is a contiguous row-major array, else a contiguous copy (allocates). */
    public static INDArray dense(INDArray a) {
        boolean contiguous = a.ordering() == 'c' && a.elementWiseStride() == 1;
        return contiguous ? a : a.dup('c');
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c} with {@code op(x)} = x or its transpose; the shapes are the stored
     * matrices' ({@code op(a)} is {@code m x k}, {@code op(b)} {@code k x n}, {@code c} {@code m x n}). O(m n k).
     */
    public static void gemm(
            INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c, double alpha, double beta) {
        int m = c.rows();
        int n = c.columns();
        int k = transposeA ? a.rows() : a.columns();
        long bRows = transposeB ? b.columns() : b.rows();
        long bCols = transposeB ? b.rows() : b.columns();
        long aRows = transposeA ? a.columns() : a.rows();
        if (aRows != m || bRows != k || bCols != n) {
            throw new IllegalArgumentException("gemm shapes do not match: op(a) " + aRows + " x " + k + ", op(b) "
                    + bRows + " x " + bCols + ", c " + m + " x " + n);
        }
        int ta = transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int lda = a.columns();
        int ldb = b.columns();
        DataType type = typeOf(a, b, c);
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(
                    openblas_nolapack.CblasRowMajor,
                    ta,
                    tb,
                    m,
                    n,
                    k,
                    (float) alpha,
                    floats(a),
                    lda,
                    floats(b),
                    ldb,
                    (float) beta,
                    floats(c),
                    n);
        } else {
            openblas_nolapack.cblas_dgemm(
                    openblas_nolapack.CblasRowMajor,
                    ta,
                    tb,
                    m,
                    n,
                    k,
                    alpha,
                    doubles(a),
                    lda,
                    doubles(b),
                    ldb,
                    beta,
                    doubles(c),
                    n);
        }
    }

    /**
     * Column sums {@code out = 1^T a} of an {@code m x n} matrix into a vector of length n, as one GEMV (a GEMM with
     * a single row runs OpenBLAS's packing for nothing). O(m n).
     */
    public static void columnSums(INDArray a, INDArray ones, INDArray out) {
        int m = a.rows();
        int n = a.columns();
        if (ones.length() != m || out.length() != n) {
            throw new IllegalArgumentException("columnSums of " + m + " x " + n + " needs " + m + " ones and " + n
                    + " outputs, got " + ones.length() + " and " + out.length());
        }
        int trans = openblas_nolapack.CblasTrans;
        if (typeOf(a, ones, out) == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemv(
                    openblas_nolapack.CblasRowMajor,
                    trans,
                    m,
                    n,
                    1f,
                    floats(a),
                    n,
                    floats(ones),
                    1,
                    0f,
                    floats(out),
                    1);
        } else {
            openblas_nolapack.cblas_dgemv(
                    openblas_nolapack.CblasRowMajor,
                    trans,
                    m,
                    n,
                    1.0,
                    doubles(a),
                    n,
                    doubles(ones),
                    1,
                    0.0,
                    doubles(out),
                    1);
        }
    }

    /** Every row of the {@code m x n} matrix {@code out} set to the vector {@code row} (length n). O(m n). */
    public static void broadcastRow(INDArray row, INDArray out) {
        int n = out.columns();
        int m = out.rows();
        if (row.length() != n) {
            throw new IllegalArgumentException("row must have length " + n + ", got " + row.length());
        }
        if (typeOf(row, out, out) == DataType.FLOAT) {
            FloatBuffer r = floatBuffer(row, n);
            FloatBuffer o = floatBuffer(out, m * n);
            for (int i = 0, at = 0; i < m; i++) {
                for (int j = 0; j < n; j++, at++) {
                    o.put(at, r.get(j));
                }
            }
        } else {
            DoubleBuffer r = doubleBuffer(row, n);
            DoubleBuffer o = doubleBuffer(out, m * n);
            for (int i = 0, at = 0; i < m; i++) {
                for (int j = 0; j < n; j++, at++) {
                    o.put(at, r.get(j));
                }
            }
        }
    }

    /** {@code out = y + alpha x} (same length; one pass instead of a copy and an axpy). O(n). */
    public static void axpyInto(double alpha, INDArray x, INDArray y, INDArray out) {
        int n = sameLength(x, y);
        sameLength(x, out);
        if (typeOf(x, y, out) == DataType.FLOAT) {
            FloatBuffer a = floatBuffer(x, n);
            FloatBuffer b = floatBuffer(y, n);
            FloatBuffer o = floatBuffer(out, n);
            float f = (float) alpha;
            for (int i = 0; i < n; i++) {
                o.put(i, b.get(i) + f * a.get(i));
            }
        } else {
            DoubleBuffer a = doubleBuffer(x, n);
            DoubleBuffer b = doubleBuffer(y, n);
            DoubleBuffer o = doubleBuffer(out, n);
            for (int i = 0; i < n; i++) {
                o.put(i, b.get(i) + alpha * a.get(i));
            }
        }
    }

    /** {@code dst = src} (same length). O(n). */
    public static void copy(INDArray src, INDArray dst) {
        int n = sameLength(src, dst);
        if (typeOf(src, dst, dst) == DataType.FLOAT) {
            openblas_nolapack.cblas_scopy(n, floats(src), 1, floats(dst), 1);
        } else {
            openblas_nolapack.cblas_dcopy(n, doubles(src), 1, doubles(dst), 1);
        }
    }

    /** {@code y += alpha x} (same length). O(n). */
    public static void axpy(double alpha, INDArray x, INDArray y) {
        int n = sameLength(x, y);
        if (typeOf(x, y, y) == DataType.FLOAT) {
            openblas_nolapack.cblas_saxpy(n, (float) alpha, floats(x), 1, floats(y), 1);
        } else {
            openblas_nolapack.cblas_daxpy(n, alpha, doubles(x), 1, doubles(y), 1);
        }
    }

    /** {@code x *= alpha}. O(n). */
    public static void scale(INDArray x, double alpha) {
        int n = Math.toIntExact(x.length());
        if (typeOf(x, x, x) == DataType.FLOAT) {
            openblas_nolapack.cblas_sscal(n, (float) alpha, floats(x), 1);
        } else {
            openblas_nolapack.cblas_dscal(n, alpha, doubles(x), 1);
        }
    }

    /** Element-wise {@code out = x * y} (same length; {@code out} may be {@code x} or {@code y}). O(n). */
    public static void mul(INDArray x, INDArray y, INDArray out) {
        int n = sameLength(x, y);
        sameLength(x, out);
        // one loop per precision over local buffers: through the Elements abstraction the JIT neither vectorizes
        // nor hoists the buffer checks (measured 10x slower, as slow as a 64 x 256 x 256 GEMM)
        if (typeOf(x, y, out) == DataType.FLOAT) {
            FloatBuffer a = floatBuffer(x, n);
            FloatBuffer b = floatBuffer(y, n);
            FloatBuffer o = floatBuffer(out, n);
            for (int i = 0; i < n; i++) {
                o.put(i, a.get(i) * b.get(i));
            }
        } else {
            DoubleBuffer a = doubleBuffer(x, n);
            DoubleBuffer b = doubleBuffer(y, n);
            DoubleBuffer o = doubleBuffer(out, n);
            for (int i = 0; i < n; i++) {
                o.put(i, a.get(i) * b.get(i));
            }
        }
    }

    /** The rectifier in place, {@code z = max(z, 0)}, and its derivative {@code d = [z > 0]}. O(n). */
    public static void reluWithDerivative(INDArray z, INDArray derivative) {
        int n = sameLength(z, derivative);
        if (typeOf(z, derivative, derivative) == DataType.FLOAT) {
            FloatBuffer h = floatBuffer(z, n);
            FloatBuffer d = floatBuffer(derivative, n);
            for (int i = 0; i < n; i++) {
                float v = h.get(i);
                h.put(i, Math.max(v, 0f));
                d.put(i, v > 0 ? 1f : 0f);
            }
        } else {
            DoubleBuffer h = doubleBuffer(z, n);
            DoubleBuffer d = doubleBuffer(derivative, n);
            for (int i = 0; i < n; i++) {
                double v = h.get(i);
                h.put(i, Math.max(v, 0.0));
                d.put(i, v > 0 ? 1.0 : 0.0);
            }
        }
    }

    /**
     * Adam's fused moment and parameter update, element-wise:
     * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= step m / (sqrt(v) + eps)}. O(n).
     */
    static void adamUpdate(
            INDArray params,
            INDArray gradient,
            INDArray m,
            INDArray v,
            double beta1,
            double beta2,
            double step,
            double eps) {
        int n = sameLength(params, gradient);
        sameLength(params, m);
        sameLength(params, v);
        typeOf(params, m, v);
        if (typeOf(params, gradient, gradient) == DataType.FLOAT) {
            FloatBuffer p = floatBuffer(params, n);
            FloatBuffer g = floatBuffer(gradient, n);
            FloatBuffer mm = floatBuffer(m, n);
            FloatBuffer vv = floatBuffer(v, n);
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float c1 = (float) (1 - beta1);
            float c2 = (float) (1 - beta2);
            float s = (float) step;
            float e = (float) eps;
            for (int i = 0; i < n; i++) {
                float gi = g.get(i);
                float mi = b1 * mm.get(i) + c1 * gi;
                float vi = b2 * vv.get(i) + c2 * gi * gi;
                mm.put(i, mi);
                vv.put(i, vi);
                p.put(i, p.get(i) - s * mi / ((float) Math.sqrt(vi) + e));
            }
        } else {
            DoubleBuffer p = doubleBuffer(params, n);
            DoubleBuffer g = doubleBuffer(gradient, n);
            DoubleBuffer mm = doubleBuffer(m, n);
            DoubleBuffer vv = doubleBuffer(v, n);
            for (int i = 0; i < n; i++) {
                double gi = g.get(i);
                double mi = beta1 * mm.get(i) + (1 - beta1) * gi;
                double vi = beta2 * vv.get(i) + (1 - beta2) * gi * gi;
                mm.put(i, mi);
                vv.put(i, vi);
                p.put(i, p.get(i) - step * mi / (Math.sqrt(vi) + eps));
            }
        }
    }

    /**
     * Read/write access to the elements of a contiguous array, in storage order, as doubles whatever the precision.
     * Convenient for small or rarely run loops; hot loops over large arrays get a per-precision method here.
     */
    public static Elements elements(INDArray a) {
        int n = Math.toIntExact(a.length());
        if (a.dataType() == DataType.FLOAT) {
            return new FloatElements(floatBuffer(a, n), n);
        }
        if (a.dataType() == DataType.DOUBLE) {
            return new DoubleElements(doubleBuffer(a, n), n);
        }
        throw new IllegalArgumentException("array must be FLOAT or DOUBLE, got " + a.dataType());
    }

    private static FloatBuffer floatBuffer(INDArray a, int n) {
        Pointer p = a.data().addressPointer();
        return new FloatPointer(p).capacity(n).limit(n).asBuffer();
    }

    private static DoubleBuffer doubleBuffer(INDArray a, int n) {
        Pointer p = a.data().addressPointer();
        return new DoublePointer(p).capacity(n).limit(n).asBuffer();
    }

    /** The elements of one array as doubles, whatever its precision (bimorphic, so the JIT inlines both). */
    public abstract static sealed class Elements permits FloatElements, DoubleElements {
        private final int length;

        Elements(int length) {
            this.length = length;
        }

        public final int length() {
            return length;
        }

        public abstract double get(int i);

        public abstract void set(int i, double value);
    }

    static final class FloatElements extends Elements {
        private final FloatBuffer buffer;

        FloatElements(FloatBuffer buffer, int length) {
            super(length);
            this.buffer = buffer;
        }

        @Override
        public double get(int i) {
            return buffer.get(i);
        }

        @Override
        public void set(int i, double value) {
            buffer.put(i, (float) value);
        }
    }

    static final class DoubleElements extends Elements {
        private final DoubleBuffer buffer;

        DoubleElements(DoubleBuffer buffer, int length) {
            super(length);
            this.buffer = buffer;
        }

        @Override
        public double get(int i) {
            return buffer.get(i);
        }

        @Override
        public void set(int i, double value) {
            buffer.put(i, value);
        }
    }

    private static FloatPointer floats(INDArray a) {
        return new FloatPointer(a.data().addressPointer());
    }

    private static DoublePointer doubles(INDArray a) {
        return new DoublePointer(a.data().addressPointer());
    }

    private static DataType typeOf(INDArray a, INDArray b, INDArray c) {
        DataType type = a.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("arrays must be FLOAT or DOUBLE, got " + type);
        }
        if (b.dataType() != type || c.dataType() != type) {
            throw new IllegalArgumentException(
                    "arrays must share one data type, got " + a.dataType() + ", " + b.dataType() + ", " + c.dataType());
        }
        return type;
    }

    private static int sameLength(INDArray a, INDArray b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException(
                    "arrays must have the same length, got " + a.length() + " and " + b.length());
        }
        return Math.toIntExact(a.length());
    }
}
