package org.relgrad.linalg;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relgrad.testutil.Dense.det;
import static org.relgrad.testutil.Dense.fromColumnMajor;

class LapackSelfCheckTest {

    /** Q = a product of Givens rotations, exactly orthogonal up to rounding; column-major. */
    private static double[] rotations(int n) {
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            q[i][i] = 1;
        }
        Random r = new Random(3);
        for (int step = 0; step < 4 * n; step++) {
            int a = r.nextInt(n);
            int b = (a + 1 + r.nextInt(n - 1)) % n;
            double t = r.nextDouble() * 2 * Math.PI;
            double c = Math.cos(t);
            double s = Math.sin(t);
            for (int k = 0; k < n; k++) {
                double x = q[k][a];
                double y = q[k][b];
                q[k][a] = c * x - s * y;
                q[k][b] = s * x + c * y;
            }
        }
        double[] out = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                out[j * n + i] = q[i][j];
            }
        }
        return out;
    }

    @Test
    void eliminationReferenceIsTheDeterminant() {
        // a permuted upper-triangular matrix: |det| is the product of its diagonal entries whatever the pivoting
        int n = 5;
        double[] diagonal = {2, -0.5, 7, 1e-3, 3};
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = diagonal[i];
            for (int j = i + 1; j < n; j++) {
                a[i][j] = i + 2.0 * j;
            }
        }
        double[] columnMajor = new double[n * n];
        int[] rowOrder = {3, 0, 4, 1, 2};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                columnMajor[j * n + i] = a[rowOrder[i]][j];
            }
        }
        double expected = 0;
        for (double d : diagonal) {
            expected += Math.log(Math.abs(d));
        }
        assertEquals(expected, LapackSelfCheck.eliminationLogAbsDet(columnMajor, n), 1e-12);
        // and on the check's own matrix, against the test utilities' independent elimination
        assertEquals(det(fromColumnMajor(LapackSelfCheck.luTestMatrix(), LapackSelfCheck.LU_SIZE)).logAbs(),
                LapackSelfCheck.eliminationLogAbsDet(LapackSelfCheck.luTestMatrix(), LapackSelfCheck.LU_SIZE), 1e-9);
    }

    @Test
    void orthogonalityMeasure() {
        assertTrue(LapackSelfCheck.maxDeviationFromOrthogonal(rotations(40), 40) < 1e-13);
        double[] twoI = new double[9];
        twoI[0] = twoI[4] = twoI[8] = 2;
        assertEquals(3.0, LapackSelfCheck.maxDeviationFromOrthogonal(twoI, 3), 0.0);
        double[] nan = rotations(3);
        nan[4] = Double.NaN;
        assertEquals(Double.POSITIVE_INFINITY, LapackSelfCheck.maxDeviationFromOrthogonal(nan, 3));
    }

    @Test
    void rightAnswersPassAndWrongOnesAreNamedWithTheFix() {
        int n = LapackSelfCheck.LU_SIZE;
        double right = det(fromColumnMajor(LapackSelfCheck.luTestMatrix(), n)).logAbs();
        double[] q = rotations(LapackSelfCheck.QR_SIZE);
        assertNull(LapackSelfCheck.problem(right, q, "test"));

        String lu = LapackSelfCheck.problem(right - 41, q, "test");
        assertNotNull(lu);
        assertTrue(lu.contains("LU log|det|") && !lu.contains("QR factor") && lu.contains("OPENBLAS_CORETYPE=Haswell"),
                lu);

        double[] bent = q.clone();
        bent[7] += 1e-6;
        String qr = LapackSelfCheck.problem(right, bent, "test");
        assertNotNull(qr);
        assertTrue(qr.contains("QR factor") && !qr.contains("LU log|det|"), qr);
        assertNotNull(LapackSelfCheck.problem(Double.NaN, q, "test"), "NaN is never right");
    }

    /** In this JVM (the build sets OPENBLAS_CORETYPE for tests) the real LAPACK passes, and every call may proceed. */
    @Test
    void theHostLapackOfTheTestsPasses() {
        assertNull(HostLapack.problem());
    }
}
