package org.relgrad.linalg;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense LAPACK routines (LU, inverse, solve, QR) run on a host copy through the OpenBLAS that ND4J's CPU backend
 * is built on.
 *
 * <p>ND4J 1.0.0-M2.1's own {@code matrixInverse} is about 1000x slower than LAPACK and its {@code getri} is a stub,
 * so every O(D^3) factorisation in this library goes through here. Working on a column-major {@code double[]} copy
 * costs O(D^2) and keeps the routines independent of the active ND4J backend (CPU or CUDA).
 */
public final class HostLapack {
    private static final java.util.concurrent.atomic.AtomicLong FACTORIZATIONS = new java.util.concurrent.atomic.AtomicLong();

    private HostLapack() {
    }

    /**
     * How many O(D³) factorisations (LU, QR) this process has run: lets tests and benchmarks prove that a training
     * step does none.
     */
    public static long factorizationCount() {
        return FACTORIZATIONS.get();
    }

    /** Column-major double copy of a square matrix. */
    static double[] toColumnMajor(INDArray a) {
        if (a.rank() != 2 || a.rows() != a.columns()) {
            throw new IllegalArgumentException("Expected a square matrix, got shape " + java.util.Arrays.toString(a.shape()));
        }
        INDArray f = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
        if (f.ordering() != 'f' || f.isView()) {
            f = f.dup('f');
        }
        return f.data().asDouble();
    }

    static INDArray fromColumnMajor(double[] data, int n, DataType type) {
        INDArray out = Nd4j.create(data, new long[] {n, n}, 'f');
        return type == DataType.DOUBLE ? out : out.castTo(type);
    }

    /**
     * LU factorisation with partial pivoting of a square matrix.
     *
     * @return the factorisation; {@link LuFactors#isSingular()} tells whether A is singular to working precision
     */
    public static LuFactors lu(INDArray a) {
        double[] lu = toColumnMajor(a);
        int n = (int) a.rows();
        int[] pivots = new int[n];
        FACTORIZATIONS.incrementAndGet();
        int info = openblas.LAPACKE_dgetrf(openblas.LAPACK_COL_MAJOR, n, n, lu, n, pivots);
        if (info < 0) {
            throw new IllegalStateException("LAPACKE_dgetrf: illegal argument " + (-info));
        }
        return new LuFactors(n, lu, pivots);
    }

    /** log|det A| by LU; -infinity when A is exactly singular. O(D^3). */
    public static double logAbsDet(INDArray a) {
        return lu(a).logAbsDet();
    }

    /** A^{-1} by LU (getrf + getri), in the data type of {@code a}. Throws if A is singular. */
    public static INDArray inverse(INDArray a) {
        LuFactors f = lu(a);
        if (f.isSingular()) {
            throw new ArithmeticException("Matrix is singular");
        }
        double[] inv = f.factors().clone();
        int info = openblas.LAPACKE_dgetri(openblas.LAPACK_COL_MAJOR, f.n(), inv, f.n(), f.pivots().clone());
        if (info != 0) {
            throw new ArithmeticException("LAPACKE_dgetri failed, info=" + info);
        }
        return fromColumnMajor(inv, f.n(), a.dataType());
    }

    /**
     * A Haar-distributed random orthogonal matrix: Q of the QR factorisation of a standard Gaussian matrix, with the
     * signs of R's diagonal moved into Q so the distribution is uniform.
     */
    public static double[] randomOrthogonal(int n, java.util.Random rng) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        double[] tau = new double[n];
        FACTORIZATIONS.incrementAndGet();
        check(openblas.LAPACKE_dgeqrf(openblas.LAPACK_COL_MAJOR, n, n, a, n, tau), "dgeqrf");
        double[] rDiagSign = new double[n];
        for (int j = 0; j < n; j++) {
            rDiagSign[j] = a[j * n + j] < 0 ? -1.0 : 1.0;
        }
        check(openblas.LAPACKE_dorgqr(openblas.LAPACK_COL_MAJOR, n, n, n, a, n, tau), "dorgqr");
        for (int j = 0; j < n; j++) {
            if (rDiagSign[j] < 0) {
                for (int i = 0; i < n; i++) {
                    a[j * n + i] = -a[j * n + i];
                }
            }
        }
        return a;
    }

    private static void check(int info, String routine) {
        if (info != 0) {
            throw new IllegalStateException("LAPACKE_" + routine + " failed, info=" + info);
        }
    }
}
