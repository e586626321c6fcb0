package org.relgrad.linalg;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dense LAPACK routines (LU, inverse, solve, QR) run on a host copy through the OpenBLAS that ND4J's CPU backend
 * is built on.
 *
 * <p>ND4J 1.0.0-M2.1's own {@code matrixInverse} is about 1000x slower than LAPACK and its {@code getri} is a stub,
 * so every O(D^3) factorisation in this library goes through here. Working on a column-major copy costs O(D^2) and
 * keeps the routines independent of the active ND4J backend (CPU or CUDA).
 *
 * <p>All calls run on one dedicated thread with a large stack: multi-threaded OpenBLAS LU overflows a default 1 MB
 * Java thread stack (a SIGSEGV that kills the JVM) from D ≈ 100 on.
 */
public final class HostLapack {
    private static final AtomicLong FACTORIZATIONS = new AtomicLong();
    private static final long LAPACK_STACK_BYTES = 256L << 20;
    private static final String LAPACK_THREAD = "relgrad-lapack";
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, LAPACK_THREAD, LAPACK_STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    private HostLapack() {
    }

    /**
     * How many O(D³) factorisations (LU, QR) this process has run: lets tests and benchmarks prove that a training
     * step does none.
     */
    public static long factorizationCount() {
        return FACTORIZATIONS.get();
    }

    /**
     * Why this process's LAPACK cannot be trusted, or null when its known-answer check passed; the check
     * ({@link LapackSelfCheck}) runs once, at the first call.
     */
    public static String problem() {
        return Checked.PROBLEM;
    }

    /** Lazily, thread-safely, once. */
    private static final class Checked {
        // the task must not be code of this class: its thread would wait for this class's initialisation
        static final String PROBLEM = org.relgrad.util.Futures.join(EXECUTOR.submit(HostLapack::selfCheck),
                "LAPACK self-check");
    }

    /** The known-answer check by raw LAPACK calls, on the LAPACK thread. */
    private static String selfCheck() {
        double[] a = LapackSelfCheck.luTestMatrix();
        int n = LapackSelfCheck.LU_SIZE;
        int[] pivots = new int[n];
        openblas.LAPACKE_dgetrf(openblas.LAPACK_COL_MAJOR, n, n, a, n, pivots);
        double logDet = 0;
        for (int k = 0; k < n; k++) {
            logDet += Math.log(Math.abs(a[k * n + k]));
        }
        int m = LapackSelfCheck.QR_SIZE;
        double[] q = orthogonalFactor(m, gaussian(m, new java.util.Random(1)));
        return LapackSelfCheck.problem(logDet, q, kernels());
    }

    private static String kernels() {
        String chosen = System.getenv(LapackSelfCheck.CORETYPE_VARIABLE);
        return chosen == null ? "chosen by OpenBLAS for this CPU" : LapackSelfCheck.CORETYPE_VARIABLE + "=" + chosen;
    }

    /** The known-answer check's verdict as an exception: wrong numbers must not leave this class. */
    private static void requireCorrectLapack() {
        String problem = problem();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** Runs {@code call} on the large-stack LAPACK thread and rethrows what it throws. */
    static <T> T onLapackThread(Callable<T> call) {
        requireCorrectLapack();
        if (LAPACK_THREAD.equals(Thread.currentThread().getName())) {
            try {
                return call.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return org.relgrad.util.Futures.join(EXECUTOR.submit(call), "LAPACK");
    }

    private static INDArray checkedSquare(INDArray a) {
        if (a.rank() != 2 || a.rows() != a.columns()) {
            throw new IllegalArgumentException("Expected a square matrix, got shape " + java.util.Arrays.toString(a.shape()));
        }
        return a;
    }

    /** Column-major double copy of a square matrix. */
    static double[] toColumnMajor(INDArray a) {
        checkedSquare(a);
        return (a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE)).dup('f').data().asDouble();
    }

    /**
     * LU factorisation with partial pivoting of a square matrix, in double precision.
     *
     * @return the factorisation; {@link LuFactors#isSingular()} tells whether A is singular to working precision
     */
    public static LuFactors lu(INDArray a) {
        double[] lu = toColumnMajor(a);
        int n = (int) a.rows();
        double norm1 = 0;
        for (int j = 0; j < n; j++) {
            double column = 0;
            for (int i = 0; i < n; i++) {
                column += Math.abs(lu[j * n + i]);
            }
            norm1 = Math.max(norm1, column);
        }
        int[] pivots = new int[n];
        FACTORIZATIONS.incrementAndGet();
        int info = onLapackThread(() -> openblas.LAPACKE_dgetrf(openblas.LAPACK_COL_MAJOR, n, n, lu, n, pivots));
        if (info < 0) {
            throw new IllegalStateException("LAPACKE_dgetrf: illegal argument " + (-info));
        }
        return new LuFactors(n, lu, pivots, norm1);
    }

    /** log|det A| by LU; -infinity when A is singular to working precision. O(D^3). */
    public static double logAbsDet(INDArray a) {
        return lu(a).logAbsDet();
    }

    /**
     * A^{-1} by LU (getrf + getri) in the precision of {@code a} (float or double), as a new array of its data type.
     * Throws {@link ArithmeticException} if A is singular.
     */
    public static INDArray inverse(INDArray a) {
        checkedSquare(a);
        int n = (int) a.rows();
        int[] pivots = new int[n];
        FACTORIZATIONS.incrementAndGet();
        if (a.dataType() == DataType.FLOAT) {
            float[] m = a.dup('f').data().asFloat();
            int info = onLapackThread(() -> {
                int i = openblas.LAPACKE_sgetrf(openblas.LAPACK_COL_MAJOR, n, n, m, n, pivots);
                if (i == 0 && singularPivot(n, k -> m[k * n + k], Math.ulp(1.0f))) {
                    i = n;
                }
                return i != 0 ? i : openblas.LAPACKE_sgetri(openblas.LAPACK_COL_MAJOR, n, m, n, pivots);
            });
            checkInverse(info);
            return Nd4j.create(m, new long[] {n, n}, 'f');
        }
        double[] m = toColumnMajor(a);
        int info = onLapackThread(() -> {
            int i = openblas.LAPACKE_dgetrf(openblas.LAPACK_COL_MAJOR, n, n, m, n, pivots);
            if (i == 0 && singularPivot(n, k -> m[k * n + k], Math.ulp(1.0))) {
                i = n;
            }
            return i != 0 ? i : openblas.LAPACKE_dgetri(openblas.LAPACK_COL_MAJOR, n, m, n, pivots);
        });
        checkInverse(info);
        INDArray out = Nd4j.create(m, new long[] {n, n}, 'f');
        return a.dataType() == DataType.DOUBLE ? out : out.castTo(a.dataType());
    }

    /**
     * Singular to working precision: a non-finite pivot, or |u_kk| ≤ min(n, 16)·ε·max|u_jj|. Exactly singular input
     * rarely leaves an exact zero pivot, only rounding-sized ones.
     */
    static boolean singularPivot(int n, java.util.function.IntToDoubleFunction pivot, double eps) {
        double max = 0;
        for (int k = 0; k < n; k++) {
            double u = Math.abs(pivot.applyAsDouble(k));
            if (!Double.isFinite(u)) {
                return true;
            }
            max = Math.max(max, u);
        }
        // min(n, 16): rounding-sized pivots of exactly singular input grow with n, but so does the honest spread
        // of pivots of well-conditioned matrices (an orthogonal 8192 x 8192 float W has pivots below 8192·ε·max)
        double threshold = Math.min(n, 16) * eps * max;
        for (int k = 0; k < n; k++) {
            if (Math.abs(pivot.applyAsDouble(k)) <= threshold) {
                return true;
            }
        }
        return false;
    }

    private static void checkInverse(int info) {
        if (info > 0) {
            throw new ArithmeticException("Matrix is singular (zero pivot " + info + ")");
        }
        if (info < 0) {
            throw new IllegalStateException("LAPACK getrf/getri: illegal argument " + (-info));
        }
    }

    /**
     * A Haar-distributed random orthogonal matrix: Q of the QR factorisation of a standard Gaussian matrix, with the
     * signs of R's diagonal moved into Q so the distribution is uniform.
     */
    public static double[] randomOrthogonal(int n, java.util.Random rng) {
        double[] a = gaussian(n, rng);
        FACTORIZATIONS.incrementAndGet();
        return onLapackThread(() -> orthogonalFactor(n, a));
    }

    private static double[] gaussian(int n, java.util.Random rng) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    /** Q of A = QR, column signs set so R has a positive diagonal; overwrites and returns {@code a}. */
    private static double[] orthogonalFactor(int n, double[] a) {
        double[] tau = new double[n];
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
