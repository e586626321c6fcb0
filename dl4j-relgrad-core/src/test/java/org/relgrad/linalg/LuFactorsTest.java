package org.relgrad.linalg;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import org.relgrad.testutil.Dense;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relgrad.testutil.Dense.det;
import static org.relgrad.testutil.Dense.gaussian;
import static org.relgrad.testutil.Dense.maxAbs;
import static org.relgrad.testutil.Dense.maxAbsDiff;
import static org.relgrad.testutil.Dense.mul;
import static org.relgrad.testutil.Dense.read;
import static org.relgrad.testutil.Dense.toFloatPrecision;
import static org.relgrad.testutil.Dense.transpose;

class LuFactorsTest {

    // ---------------------------------------------------------------------------------------------------------------
    // determinant

    @Test
    void signAndLogAbsDetMatchGaussianElimination() {
        int negatives = 0;
        for (int n = 1; n <= 50; n++) {
            double[][] a = gaussian(n, n, new Random(500 + n));
            Dense.Det expected = det(a);
            LuFactors lu = HostLapack.lu(Nd4j.createFromArray(a));
            assertEquals(n, lu.n());
            assertFalse(lu.isSingular(), "n=" + n);
            assertEquals(expected.sign(), lu.signOfDet(), "sign of det, n=" + n);
            assertEquals(expected.logAbs(), lu.logAbsDet(), 1e-10, "log|det|, n=" + n);
            if (expected.sign() < 0) {
                negatives++;
            }
        }
        assertTrue(negatives > 5 && negatives < 45, "test matrices should cover both signs: " + negatives);
    }

    @Test
    void signOfHandPickedMatrices() {
        assertEquals(-1, HostLapack.lu(Nd4j.createFromArray(new double[][] {{0, 1}, {1, 0}})).signOfDet());
        assertEquals(1, HostLapack.lu(Nd4j.createFromArray(new double[][] {{-1, 0}, {0, -1}})).signOfDet());
        assertEquals(-1, HostLapack.lu(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}})).signOfDet());
        assertEquals(1, HostLapack.lu(Nd4j.createFromArray(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}))
                .signOfDet()); // cyclic permutation: even
        assertEquals(-1, HostLapack.lu(Nd4j.createFromArray(new double[][] {{-5}})).signOfDet());
        assertEquals(1, HostLapack.lu(Nd4j.createFromArray(new double[][] {{5}})).signOfDet());
    }

    @Test
    void signOfTransposedAndFloatInputs() {
        for (int n = 2; n <= 20; n++) {
            double[][] a = toFloatPrecision(gaussian(n, n, new Random(900 + n)));
            int expected = det(a).sign();
            assertEquals(expected, HostLapack.lu(Nd4j.createFromArray(a).transpose()).signOfDet(), "transpose n=" + n);
            assertEquals(expected, HostLapack.lu(Nd4j.createFromArray(a).castTo(DataType.FLOAT)).signOfDet(),
                    "float n=" + n);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // singular matrices

    private static void assertSingular(INDArray a, String what) {
        LuFactors lu = HostLapack.lu(a);
        assertAll(what,
                () -> assertTrue(lu.isSingular(), what + ": isSingular()"),
                () -> assertEquals(Double.NEGATIVE_INFINITY, lu.logAbsDet(), what + ": logAbsDet"),
                () -> assertEquals(Double.NEGATIVE_INFINITY, HostLapack.logAbsDet(a), what + ": HostLapack.logAbsDet"),
                () -> assertEquals(0, lu.signOfDet(), what + ": signOfDet"),
                () -> assertThrows(ArithmeticException.class, () -> HostLapack.inverse(a), what + ": inverse"),
                () -> assertThrows(ArithmeticException.class,
                        () -> lu.solveRight(Nd4j.ones(DataType.DOUBLE, 1, a.rows())), what + ": solveRight"));
    }

    @Test
    void zeroAndRankDeficientIntegerMatricesAreSingular() {
        assertSingular(Nd4j.zeros(DataType.DOUBLE, 3, 3), "zero matrix");
        assertSingular(Nd4j.createFromArray(new double[][] {{1, 2}, {2, 4}}), "[[1,2],[2,4]]");
        assertSingular(Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0, 0, 0}, {4, 5, 6}}), "zero row");
        assertSingular(Nd4j.createFromArray(new double[][] {{1, 1, 5}, {2, 2, 7}, {3, 3, 9}}).castTo(DataType.FLOAT),
                "float duplicate column");
    }

    @Test
    void rankOneTwoByTwoMatrixIsSingular() {
        // det [[0.9, 0.9], [0.7, 0.7]] = 0 exactly, but elimination leaves u22 = 0.7 − (0.7/0.9)·0.9 ≈ 1e-16 ≠ 0
        assertSingular(Nd4j.createFromArray(new double[][] {{0.9, 0.9}, {0.7, 0.7}}), "[[0.9,0.9],[0.7,0.7]]");
    }

    @Test
    void matrixWithDuplicateColumnIsSingular() {
        for (int n : new int[] {2, 3, 5, 10, 30}) {
            double[][] a = gaussian(n, n, new Random(300 + n));
            for (int i = 0; i < n; i++) {
                a[i][n - 1] = a[i][0]; // last column duplicates the first
            }
            assertSingular(Nd4j.createFromArray(a), "duplicate column, n=" + n);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // solveRight

    @Test
    void solveRightSatisfiesXATimesEqualsB() {
        for (int n : new int[] {1, 2, 4, 20, 50}) {
            double[][] a = gaussian(n, n, new Random(100 + n));
            LuFactors lu = HostLapack.lu(Nd4j.createFromArray(a));
            for (int rows : new int[] {1, 3, 7}) {
                double[][] b = gaussian(rows, n, new Random(200 + 10 * n + rows));
                INDArray x = lu.solveRight(Nd4j.createFromArray(b));
                assertEquals(DataType.DOUBLE, x.dataType());
                assertArrayEquals(new long[] {rows, n}, x.shape());
                double[][] xa = mul(read(x), a);
                assertTrue(maxAbsDiff(xa, b) < 1e-10 * Math.max(1, maxAbs(read(x)) * n),
                        "X·A = B, n=" + n + ", rows=" + rows + ", error " + maxAbsDiff(xa, b));
            }
        }
    }

    @Test
    void solveRightWithFloatAndViewRightHandSides() {
        int n = 9, rows = 4;
        double[][] a = gaussian(n, n, new Random(31));
        for (int i = 0; i < n; i++) {
            a[i][i] += 3 * Math.sqrt(n); // well conditioned, so float accuracy is meaningful
        }
        LuFactors lu = HostLapack.lu(Nd4j.createFromArray(a));
        double[][] b = toFloatPrecision(gaussian(rows, n, new Random(32)));

        INDArray xf = lu.solveRight(Nd4j.createFromArray(b).castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, xf.dataType());
        assertTrue(maxAbsDiff(mul(read(xf), a), b) < 1e-5, "float right-hand side");

        // B given as the transpose of an [n, rows] matrix: a non-contiguous view
        INDArray bView = Nd4j.createFromArray(transpose(b)).transpose();
        assertArrayEquals(new long[] {rows, n}, bView.shape());
        INDArray xv = lu.solveRight(bView);
        assertTrue(maxAbsDiff(mul(read(xv), a), b) < 1e-10, "view right-hand side");

        // the factorisation is reusable: a second solve gives the same answer
        INDArray again = lu.solveRight(Nd4j.createFromArray(b));
        assertTrue(maxAbsDiff(read(again), read(xv)) < 1e-14);
    }

    @Test
    void solveRightOnFactorsOfATransposedView() {
        int n = 6;
        double[][] a = gaussian(n, n, new Random(41));
        LuFactors lu = HostLapack.lu(Nd4j.createFromArray(a).transpose());
        double[][] b = gaussian(2, n, new Random(42));
        double[][] x = read(lu.solveRight(Nd4j.createFromArray(b)));
        assertTrue(maxAbsDiff(mul(x, transpose(a)), b) < 1e-10);
    }

    @Test
    void reciprocalConditionMatchesClosedForms() {
        // diagonal: kappa_1 = max|d| / min|d|
        INDArray diag = Nd4j.diag(Nd4j.createFromArray(1.0, -1e-3, 0.5));
        assertEquals(1e-3, HostLapack.lu(diag).reciprocalCondition(), 1e-15);
        // rotation: ||R||_1 = ||R^-1||_1 = |cos| + |sin|
        double t = 0.3;
        INDArray rot = Nd4j.createFromArray(new double[][] {{Math.cos(t), -Math.sin(t)}, {Math.sin(t), Math.cos(t)}});
        double s = Math.abs(Math.cos(t)) + Math.abs(Math.sin(t));
        assertEquals(1 / (s * s), HostLapack.lu(rot).reciprocalCondition(), 1e-12);
        assertEquals(0.0, HostLapack.lu(Nd4j.ones(DataType.DOUBLE, 3, 3)).reciprocalCondition());
    }
}
