package org.relgrad.linalg;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/** Plain-Java reference linear algebra for the tests (no ND4J, no LAPACK). */
final class PlainLinearAlgebra {
    private PlainLinearAlgebra() {
    }

    /** log|det A| and sign(det A) by Gaussian elimination with partial pivoting. */
    record Det(double logAbs, int sign) {
    }

    static Det det(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double logAbs = 0;
        int sign = 1;
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[p][k])) {
                    p = i;
                }
            }
            if (a[p][k] == 0.0) {
                return new Det(Double.NEGATIVE_INFINITY, 0);
            }
            if (p != k) {
                double[] t = a[p];
                a[p] = a[k];
                a[k] = t;
                sign = -sign;
            }
            double piv = a[k][k];
            if (piv < 0) {
                sign = -sign;
            }
            logAbs += Math.log(Math.abs(piv));
            for (int i = k + 1; i < n; i++) {
                double l = a[i][k] / piv;
                if (l != 0) {
                    for (int j = k + 1; j < n; j++) {
                        a[i][j] -= l * a[k][j];
                    }
                }
            }
        }
        return new Det(logAbs, sign);
    }

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double v = a[i][p];
                for (int j = 0; j < m; j++) {
                    c[i][j] += v * b[p][j];
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] gaussian(int rows, int cols, Random r) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = r.nextGaussian();
            }
        }
        return a;
    }

    static double[][] toFloatPrecision(double[][] a) {
        double[][] f = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                f[i][j] = (float) a[i][j];
            }
        }
        return f;
    }

    /** Element values of any (view, any order, any type) rank-2 INDArray, read one by one. */
    static double[][] read(INDArray a) {
        double[][] m = new double[(int) a.rows()][(int) a.columns()];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                m[i][j] = a.getDouble(i, j);
            }
        }
        return m;
    }

    static double maxAbsDiffFromIdentity(double[][] m) {
        double e = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                e = Math.max(e, Math.abs(m[i][j] - (i == j ? 1 : 0)));
            }
        }
        return e;
    }

    static double maxAbsDiff(double[][] a, double[][] b) {
        double e = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                e = Math.max(e, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return e;
    }

    static double maxAbs(double[][] a) {
        double e = 0;
        for (double[] row : a) {
            for (double v : row) {
                e = Math.max(e, Math.abs(v));
            }
        }
        return e;
    }

    /** Column-major n×n array as rows. */
    static double[][] fromColumnMajor(double[] q, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = q[j * n + i];
            }
        }
        return m;
    }
}
