package org.relgrad.linalg;

import java.util.Locale;
import java.util.Random;

/**
 * A known-answer check of the host LAPACK, run once per process before its first factorisation: the LU log|det| of a
 * fixed 128 x 128 matrix against Gaussian elimination written out in Java, and the orthogonality of a 256 x 256 QR
 * factor. Sizes are chosen to reach OpenBLAS's blocked (level-3) code paths, where the fault below lives.
 *
 * <p>Why: OpenBLAS 0.3.19 (the build nd4j-native 1.0.0-M2.1 is linked against) picks its AVX-512 kernels on newer
 * Xeons (seen on one with AVX-512 FP16/BF16), and there its blocked LU and QR return wrong factors without any error:
 * log|det| of a 128 x 128 matrix off by 41 nats, "orthogonal" 784 x 784 matrices with |QᵀQ − I| = 44, so
 * likelihoods, inverses and initial weights were silently wrong. Its matrix products are right. Choosing OpenBLAS's
 * Haswell kernels (environment variable {@value #CORETYPE_VARIABLE}={@value #WORKING_CORETYPE}, read when the library
 * loads) gives correct results on the same machine.
 */
final class LapackSelfCheck {
    static final String CORETYPE_VARIABLE = "OPENBLAS_CORETYPE";
    static final String WORKING_CORETYPE = "Haswell";
    static final int LU_SIZE = 128;
    static final int QR_SIZE = 256;

    private LapackSelfCheck() {
    }

    /** The fixed test matrix, column-major: standard Gaussian entries plus 3 on the diagonal (well conditioned). */
    static double[] luTestMatrix() {
        Random r = new Random(20_201_206L);
        int n = LU_SIZE;
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                a[j * n + i] = r.nextGaussian() + (i == j ? 3 : 0);
            }
        }
        return a;
    }

    /**
     * Null when LAPACK's answers are right; otherwise what is wrong and how to fix it.
     *
     * @param lapackLogAbsDet LAPACK's log|det| of {@link #luTestMatrix()}
     * @param q               LAPACK's orthogonal QR factor, {@link #QR_SIZE} square, column-major
     * @param coreName        the OpenBLAS kernel family in use, for the message
     */
    static String problem(double lapackLogAbsDet, double[] q, String coreName) {
        double expected = eliminationLogAbsDet(luTestMatrix(), LU_SIZE);
        double orthogonality = maxDeviationFromOrthogonal(q, QR_SIZE);
        boolean luWrong = !(Math.abs(lapackLogAbsDet - expected) <= 1e-8 * Math.abs(expected));
        boolean qrWrong = !(orthogonality <= 1e-10);
        if (!luWrong && !qrWrong) {
            return null;
        }
        return String.format(Locale.ROOT, "The OpenBLAS LAPACK in this process (kernels: %s) returns wrong "
                + "factorisations on this CPU (%s), so log-likelihoods, inverses and weight initialisations would be "
                + "wrong. Start the JVM with the environment variable %s=%s (the relgrad and relgrad-lab commands do "
                + "this themselves), e.g. '%s=%s java -jar relgrad.jar ...'.", coreName,
                (luWrong ? String.format(Locale.ROOT, "LU log|det| of a %d x %d test matrix %.6g instead of %.6g",
                        LU_SIZE, LU_SIZE, lapackLogAbsDet, expected) : "")
                        + (luWrong && qrWrong ? "; " : "")
                        + (qrWrong ? String.format(Locale.ROOT, "a %d x %d QR factor off orthogonal by %.3g", QR_SIZE,
                                QR_SIZE, orthogonality) : ""),
                CORETYPE_VARIABLE, WORKING_CORETYPE, CORETYPE_VARIABLE, WORKING_CORETYPE);
    }

    /** Gaussian elimination with partial pivoting, O(n³) in plain Java: the reference. */
    static double eliminationLogAbsDet(double[] columnMajor, int n) {
        double[][] m = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                m[i][j] = columnMajor[j * n + i];
            }
        }
        double logDet = 0;
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
                    p = i;
                }
            }
            double[] t = m[k];
            m[k] = m[p];
            m[p] = t;
            logDet += Math.log(Math.abs(m[k][k]));
            for (int i = k + 1; i < n; i++) {
                double f = m[i][k] / m[k][k];
                for (int j = k; j < n; j++) {
                    m[i][j] -= f * m[k][j];
                }
            }
        }
        return logDet;
    }

    /** max |QᵀQ − I| of a column-major n x n matrix. */
    static double maxDeviationFromOrthogonal(double[] q, int n) {
        double max = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += q[a * n + k] * q[b * n + k];
                }
                max = Math.max(max, Math.abs(dot - (a == b ? 1 : 0)));
            }
        }
        return Double.isNaN(max) ? Double.POSITIVE_INFINITY : max;
    }
}
