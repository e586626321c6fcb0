package org.relgrad.testutil;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/** Plain-Java dense linear algebra, independent of ND4J and LAPACK, for expected values in tests. */
public final class Dense {
    private Dense() {
    }

    public static double[][] of(INDArray a) {
        INDArray m = a.rank() == 1 ? a.reshape(1, a.length()) : a;
        return m.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    public static double[] row(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    public static double[][] mul(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        if (a[0].length != k) {
            throw new IllegalArgumentException("shape mismatch");
        }
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

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** log|det A| by Gaussian elimination with partial pivoting. */
    public static double logAbsDet(double[][] a) {
        return det(a).logAbs();
    }

    /** log|det A| and sign(det A) by Gaussian elimination with partial pivoting. */
    public record Det(double logAbs, int sign) {
    }

    public static Det det(double[][] a0) {
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

    public static double[][] gaussian(int rows, int cols, Random r) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = r.nextGaussian();
            }
        }
        return a;
    }

    public static double[][] toFloatPrecision(double[][] a) {
        double[][] f = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                f[i][j] = (float) a[i][j];
            }
        }
        return f;
    }

    /** Element values of any (view, any order, any type) rank-2 INDArray, read one by one. */
    public static double[][] read(INDArray a) {
        double[][] m = new double[(int) a.rows()][(int) a.columns()];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                m[i][j] = a.getDouble(i, j);
            }
        }
        return m;
    }

    public static double maxAbsDiffFromIdentity(double[][] m) {
        double e = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                e = Math.max(e, Math.abs(m[i][j] - (i == j ? 1 : 0)));
            }
        }
        return e;
    }

    /** Column-major n×n array as rows. */
    public static double[][] fromColumnMajor(double[] q, int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = q[j * n + i];
            }
        }
        return m;
    }

    public static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    public static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] r : a) {
            for (double v : r) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }
}
