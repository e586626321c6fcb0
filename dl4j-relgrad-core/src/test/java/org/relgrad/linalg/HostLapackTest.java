package org.relgrad.linalg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relgrad.testutil.Dense.det;
import static org.relgrad.testutil.Dense.fromColumnMajor;
import static org.relgrad.testutil.Dense.gaussian;
import static org.relgrad.testutil.Dense.maxAbsDiff;
import static org.relgrad.testutil.Dense.maxAbsDiffFromIdentity;
import static org.relgrad.testutil.Dense.mul;
import static org.relgrad.testutil.Dense.read;
import static org.relgrad.testutil.Dense.toFloatPrecision;
import static org.relgrad.testutil.Dense.transpose;

class HostLapackTest {

    private static final double TOL = 1e-10;

    /** A row-major double[][] as an 'f'-ordered ND4J array (the layout LAPACK uses). */
    private static INDArray fOrder(double[][] a, DataType type) {
        INDArray m = Nd4j.create(type, new long[] {a.length, a[0].length}, 'f');
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                m.putScalar(i, j, a[i][j]);
            }
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // log|det|

    @Test
    void logAbsDetMatchesGaussianEliminationForRandomDoubleMatrices() {
        for (int n = 1; n <= 50; n++) {
            double[][] a = gaussian(n, n, new Random(1000 + n));
            double expected = det(a).logAbs();
            assertEquals(expected, HostLapack.logAbsDet(Nd4j.createFromArray(a)), TOL, "c order, n=" + n);
            assertEquals(expected, HostLapack.logAbsDet(fOrder(a, DataType.DOUBLE)), TOL, "f order, n=" + n);
        }
    }

    /** Sizes where OpenBLAS switches to its blocked (level-3) code, where its AVX-512 kernels once went wrong. */
    @ParameterizedTest
    @ValueSource(ints = {64, 128, 300, 784})
    void logAbsDetAndInverseAreRightAtBlockedSizes(int n) {
        double[][] a = gaussian(n, n, new Random(3000 + n));
        for (int i = 0; i < n; i++) {
            a[i][i] += 3; // well conditioned, so the inverse check below is tight
        }
        assertEquals(det(a).logAbs(), HostLapack.logAbsDet(Nd4j.createFromArray(a)), 1e-9 * n, "n=" + n);
        double[][] inverse = read(HostLapack.inverse(Nd4j.createFromArray(a)));
        assertTrue(maxAbsDiffFromIdentity(mul(a, inverse)) <= 1e-10, "A A^-1, n=" + n);
    }

    @Test
    void logAbsDetMatchesGaussianEliminationForFloatMatrices() {
        for (int n : new int[] {1, 2, 3, 8, 17, 33, 50}) {
            double[][] a = toFloatPrecision(gaussian(n, n, new Random(2000 + n)));
            double expected = det(a).logAbs();
            INDArray af = Nd4j.createFromArray(a).castTo(DataType.FLOAT);
            assertEquals(expected, HostLapack.logAbsDet(af), TOL, "c order float, n=" + n);
            assertEquals(expected, HostLapack.logAbsDet(fOrder(a, DataType.FLOAT)), TOL, "f order float, n=" + n);
        }
    }

    @Test
    void logAbsDetOfNonContiguousViews() {
        for (int n : new int[] {1, 2, 5, 13, 40}) {
            Random r = new Random(3000 + n);
            // transpose of a c-ordered matrix: 'f' strides over the same buffer
            double[][] a = gaussian(n, n, r);
            INDArray at = Nd4j.createFromArray(a).transpose();
            assertEquals(det(transpose(a)).logAbs(), HostLapack.logAbsDet(at), TOL, "transpose, n=" + n);
            assertEquals(det(a).logAbs(), HostLapack.logAbsDet(at), TOL, "det(A^T) = det(A), n=" + n);

            // interior block of a larger matrix, in both orders
            double[][] big = gaussian(n + 3, n + 5, r);
            double[][] block = new double[n][n];
            for (int i = 0; i < n; i++) {
                block[i] = Arrays.copyOfRange(big[i + 1], 2, n + 2);
            }
            double expected = det(block).logAbs();
            for (INDArray host : new INDArray[] {Nd4j.createFromArray(big), fOrder(big, DataType.DOUBLE)}) {
                INDArray view = host.get(NDArrayIndex.interval(1, n + 1), NDArrayIndex.interval(2, n + 2));
                assertArrayEquals(new long[] {n, n}, view.shape());
                assertEquals(expected, HostLapack.logAbsDet(view), TOL, host.ordering() + " block, n=" + n);
                assertEquals(expected, HostLapack.logAbsDet(view.transpose()), TOL,
                        host.ordering() + " block transposed, n=" + n);
            }

            // every other column of an [n, 2n] matrix (stride 2)
            double[][] wide = gaussian(n, 2 * n, r);
            double[][] even = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    even[i][j] = wide[i][2 * j];
                }
            }
            INDArray strided = Nd4j.createFromArray(wide).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 2 * n));
            assertArrayEquals(new long[] {n, n}, strided.shape());
            assertEquals(det(even).logAbs(), HostLapack.logAbsDet(strided), TOL, "strided columns, n=" + n);

            // float views
            double[][] af = toFloatPrecision(a);
            INDArray ft = Nd4j.createFromArray(af).castTo(DataType.FLOAT).transpose();
            assertEquals(det(af).logAbs(), HostLapack.logAbsDet(ft), TOL, "float transpose, n=" + n);
            double[][] bigF = toFloatPrecision(big);
            double[][] blockF = new double[n][n];
            for (int i = 0; i < n; i++) {
                blockF[i] = Arrays.copyOfRange(bigF[i + 1], 2, n + 2);
            }
            INDArray fView = Nd4j.createFromArray(bigF).castTo(DataType.FLOAT)
                    .get(NDArrayIndex.interval(1, n + 1), NDArrayIndex.interval(2, n + 2));
            assertEquals(det(blockF).logAbs(), HostLapack.logAbsDet(fView), TOL, "float block, n=" + n);
        }
    }

    @Test
    void logAbsDetDoesNotOverflowOrUnderflow() {
        // det(1e10·A) overflows a double for n = 40 (≈ 1e400), det(1e-10·A) underflows; their logs are ordinary
        int n = 40;
        double[][] a = gaussian(n, n, new Random(4));
        double base = det(a).logAbs();
        for (double c : new double[] {1e10, 1e-10}) {
            double[][] s = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    s[i][j] = c * a[i][j];
                }
            }
            double expected = base + n * Math.log(c);
            assertEquals(expected, HostLapack.logAbsDet(Nd4j.createFromArray(s)), 1e-10 * Math.abs(expected),
                    "scale " + c);
        }
    }

    @Test
    void logAbsDetOfHandPickedMatrices() {
        assertEquals(Math.log(6), HostLapack.logAbsDet(Nd4j.createFromArray(new double[][] {{2, 0}, {0, -3}})), 1e-15);
        // [[1,2],[3,4]]: det = -2
        assertEquals(Math.log(2), HostLapack.logAbsDet(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}})),
                1e-15);
        assertEquals(0.0, HostLapack.logAbsDet(Nd4j.eye(7).castTo(DataType.DOUBLE)), 0.0);
    }

    @Test
    void logAbsDetAndInverseLeaveTheirArgumentUntouched() {
        double[][] a = gaussian(6, 6, new Random(5));
        for (INDArray m : new INDArray[] {fOrder(a, DataType.DOUBLE), Nd4j.createFromArray(a),
                fOrder(a, DataType.FLOAT)}) {
            INDArray copy = m.dup();
            HostLapack.logAbsDet(m);
            HostLapack.inverse(m);
            HostLapack.lu(m).solveRight(Nd4j.ones(DataType.DOUBLE, 2, 6));
            assertEquals(copy, m, m.ordering() + " " + m.dataType() + " argument was modified");
        }
    }

    @Test
    void nonSquareOrNonMatrixInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> HostLapack.logAbsDet(Nd4j.zeros(DataType.DOUBLE, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> HostLapack.inverse(Nd4j.zeros(DataType.DOUBLE, 4, 3)));
        // rank 3: rejected too (HostLapack.lu calls a.rows() before its own shape check, so ND4J's
        // IllegalStateException surfaces rather than the IllegalArgumentException of toColumnMajor)
        assertThrows(RuntimeException.class, () -> HostLapack.lu(Nd4j.zeros(DataType.DOUBLE, 2, 2, 2)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // inverse

    @Test
    void inverseTimesMatrixIsIdentityInDouble() {
        for (int n : new int[] {1, 2, 3, 7, 16, 33, 50}) {
            double[][] a = gaussian(n, n, new Random(6000 + n));
            for (INDArray m : new INDArray[] {Nd4j.createFromArray(a), fOrder(a, DataType.DOUBLE)}) {
                INDArray inv = HostLapack.inverse(m);
                assertEquals(DataType.DOUBLE, inv.dataType());
                assertArrayEquals(new long[] {n, n}, inv.shape());
                double[][] ai = read(inv);
                assertTrue(maxAbsDiffFromIdentity(mul(ai, a)) < 1e-9, "inv(A)·A, n=" + n);
                assertTrue(maxAbsDiffFromIdentity(mul(a, ai)) < 1e-9, "A·inv(A), n=" + n);
            }
        }
    }

    @Test
    void inverseOfFloatMatrixIsFloat() {
        for (int n : new int[] {1, 4, 20, 64}) {
            double[][] a = gaussian(n, n, new Random(7000 + n));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] = (i == j ? 1 : 0) + 0.3 * a[i][j] / Math.sqrt(n); // well conditioned
                }
            }
            a = toFloatPrecision(a);
            INDArray inv = HostLapack.inverse(Nd4j.createFromArray(a).castTo(DataType.FLOAT));
            assertEquals(DataType.FLOAT, inv.dataType());
            assertTrue(maxAbsDiffFromIdentity(mul(read(inv), a)) < 1e-5, "float inv(A)·A, n=" + n);
        }
    }

    @Test
    void inverseOfTransposedView() {
        int n = 12;
        double[][] a = gaussian(n, n, new Random(8));
        INDArray at = Nd4j.createFromArray(a).transpose();
        double[][] inv = read(HostLapack.inverse(at));
        assertTrue(maxAbsDiffFromIdentity(mul(inv, transpose(a))) < 1e-9);
    }

    @Test
    void inverseOfHandPickedMatrix() {
        // [[4,7],[2,6]]^{-1} = [[0.6,-0.7],[-0.2,0.4]]
        double[][] inv = read(HostLapack.inverse(Nd4j.createFromArray(new double[][] {{4, 7}, {2, 6}})));
        assertTrue(maxAbsDiff(new double[][] {{0.6, -0.7}, {-0.2, 0.4}}, inv) < 1e-15, Arrays.deepToString(inv));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // random orthogonal

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16, 100, 256, 784})
    void randomOrthogonalIsOrthogonal(int n) {
        double[] q = HostLapack.randomOrthogonal(n, new Random(42 + n));
        assertEquals(n * n, q.length);
        double[][] m = fromColumnMajor(q, n);
        assertTrue(maxAbsDiffFromIdentity(mul(transpose(m), m)) <= 1e-12, "Q^T Q, n=" + n);
        assertTrue(maxAbsDiffFromIdentity(mul(m, transpose(m))) <= 1e-12, "Q Q^T, n=" + n);
        assertEquals(0.0, det(m).logAbs(), 1e-11, "|det Q| = 1");
    }

    @Test
    void randomOrthogonalIsReproducibleFromTheSeed() {
        for (int n : new int[] {1, 5, 30}) {
            double[] a = HostLapack.randomOrthogonal(n, new Random(77));
            double[] b = HostLapack.randomOrthogonal(n, new Random(77));
            assertArrayEquals(a, b, 0.0, "same seed, n=" + n);
        }
        for (int n : new int[] {5, 30}) {
            double[] a = HostLapack.randomOrthogonal(n, new Random(77));
            double[] c = HostLapack.randomOrthogonal(n, new Random(78));
            assertFalse(Arrays.equals(a, c), "different seed, n=" + n);
        }
        // O(1) = {-1, +1}: both must occur over successive draws (one generator: the first draws of
        // java.util.Random for small consecutive seeds are strongly correlated, so don't reseed per draw)
        boolean plus = false, minus = false;
        Random r = new Random(2718);
        for (int k = 0; k < 40; k++) {
            double q = HostLapack.randomOrthogonal(1, r)[0];
            assertEquals(1.0, Math.abs(q), 1e-15);
            plus |= q > 0;
            minus |= q < 0;
        }
        assertTrue(plus && minus, "1x1 random orthogonal should be +1 or -1 at random");
    }

    @Test
    void randomOrthogonalIsHaarDistributed() {
        // Haar measure: every entry is symmetric about 0 with E[q_ij^2] = 1/n, and det = ±1 equally often.
        // Plain Householder QR without the sign fix has q_11 < 0 always, which these moments catch.
        int n = 3, draws = 4000;
        Random r = new Random(2024);
        double sum11 = 0, sumSq11 = 0, sumNn = 0;
        int negativeDet = 0;
        for (int k = 0; k < draws; k++) {
            double[][] m = fromColumnMajor(HostLapack.randomOrthogonal(n, r), n);
            sum11 += m[0][0];
            sumSq11 += m[0][0] * m[0][0];
            sumNn += m[n - 1][n - 1];
            if (det(m).sign() < 0) {
                negativeDet++;
            }
        }
        double se = Math.sqrt(1.0 / n / draws); // Var q_ij = 1/n
        assertEquals(0.0, sum11 / draws, 5 * se, "mean of q_11");
        assertEquals(0.0, sumNn / draws, 5 * se, "mean of q_nn");
        assertEquals(1.0 / n, sumSq11 / draws, 0.02, "mean of q_11^2");
        assertEquals(0.5, (double) negativeDet / draws, 5 * Math.sqrt(0.25 / draws), "fraction of det = -1");
    }
}
