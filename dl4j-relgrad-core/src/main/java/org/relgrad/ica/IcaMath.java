package org.relgrad.ica;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

/**
 * Small dense linear-algebra helpers on row-major {@code double[][]} (pure Java; the matrices in the ICA
 * utilities are D x D with small D, or N x D data matrices). Package-private except for the INDArray bridges.
 */
public final class IcaMath {

    private IcaMath() {
    }

    /** Copies an [N, D] matrix into a DOUBLE INDArray. */
    public static INDArray toNd(double[][] m) {
        int n = m.length;
        int d = n == 0 ? 0 : m[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, flat, i * d, d);
        }
        return Nd4j.create(flat, new long[] {n, d}, DataType.DOUBLE);
    }

    /** Copies a rank-2 INDArray into a row-major double[][]. */
    public static double[][] fromNd(INDArray a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("expected a rank-2 array, got shape " + Arrays.toString(a.shape()));
        }
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        if (a[0].length != k) {
            throw new IllegalArgumentException("shape mismatch " + a[0].length + " vs " + k);
        }
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] ai = a[i];
            double[] ci = c[i];
            for (int p = 0; p < k; p++) {
                double v = ai[p];
                if (v == 0) {
                    continue;
                }
                double[] bp = b[p];
                for (int j = 0; j < m; j++) {
                    ci[j] += v * bp[j];
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        int n = a.length;
        int m = a[0].length;
        double[][] t = new double[m][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] identity(int n) {
        double[][] e = new double[n][n];
        for (int i = 0; i < n; i++) {
            e[i][i] = 1;
        }
        return e;
    }

    /** Column means of an [N, D] matrix. */
    static double[] columnMeans(double[][] x) {
        int d = x[0].length;
        double[] mu = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mu[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= x.length;
        }
        return mu;
    }

    /** Population covariance (divides by N) of an [N, D] matrix. */
    static double[][] covariance(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mu = columnMeans(x);
        double[][] c = new double[d][d];
        double[] r = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                r[j] = row[j] - mu[j];
            }
            for (int a = 0; a < d; a++) {
                double ra = r[a];
                for (int b = a; b < d; b++) {
                    c[a][b] += ra * r[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                c[a][b] /= n;
                c[b][a] = c[a][b];
            }
        }
        return c;
    }

    /** Eigen-decomposition of a symmetric matrix. */
    record Eigen(double[] values, double[][] vectors) {
        // vectors[:, k] is the eigenvector of values[k]; values sorted descending
    }

    /** Cyclic Jacobi eigenvalue algorithm for a symmetric matrix (only the upper triangle is trusted). */
    static Eigen symmetricEigen(double[][] sym) {
        int n = sym.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = i <= j ? sym[i][j] : sym[j][i];
            }
        }
        double[][] v = identity(n);
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = a[i][j] * a[i][j];
                    total += s;
                    if (i != j) {
                        off += s;
                    }
                }
            }
            if (off <= 1e-30 * Math.max(total, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // A <- A J (columns p, q)
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // A <- J^T A (rows p, q)
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) { // V <- V J
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        final double[][] fa = a;
        Arrays.sort(order, (x, y) -> Double.compare(fa[y][y], fa[x][x]));
        double[] vals = new double[n];
        double[][] vecs = new double[n][n];
        for (int k = 0; k < n; k++) {
            vals[k] = a[order[k]][order[k]];
            for (int i = 0; i < n; i++) {
                vecs[i][k] = v[i][order[k]];
            }
        }
        return new Eigen(vals, vecs);
    }

    /** E diag(f(lambda)) E^T for a symmetric matrix with eigen-decomposition (E, lambda). */
    static double[][] spectralFunction(Eigen e, java.util.function.DoubleUnaryOperator f) {
        int n = e.values().length;
        double[][] r = new double[n][n];
        for (int k = 0; k < n; k++) {
            double fk = f.applyAsDouble(e.values()[k]);
            for (int i = 0; i < n; i++) {
                double vik = e.vectors()[i][k] * fk;
                for (int j = 0; j < n; j++) {
                    r[i][j] += vik * e.vectors()[j][k];
                }
            }
        }
        return r;
    }

    /** Singular values (descending) of a square or tall matrix, via the eigenvalues of A^T A. */
    static double[] singularValues(double[][] a) {
        double[] ev = symmetricEigen(matmul(transpose(a), a)).values();
        double[] sv = new double[ev.length];
        for (int i = 0; i < ev.length; i++) {
            sv[i] = Math.sqrt(Math.max(ev[i], 0));
        }
        return sv;
    }

    static double conditionNumber(double[][] a) {
        double[] sv = singularValues(a);
        return sv[0] / sv[sv.length - 1];
    }

    /** Haar-ish random orthogonal matrix: modified Gram-Schmidt on a Gaussian matrix (with sign fix). */
    static double[][] randomOrthogonal(int n, Random rng) {
        while (true) {
            double[][] g = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    g[i][j] = rng.nextGaussian();
                }
            }
            // orthonormalise the columns
            boolean ok = true;
            for (int k = 0; k < n && ok; k++) {
                for (int p = 0; p < k; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += g[i][p] * g[i][k];
                    }
                    for (int i = 0; i < n; i++) {
                        g[i][k] -= dot * g[i][p];
                    }
                }
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    norm += g[i][k] * g[i][k];
                }
                norm = Math.sqrt(norm);
                if (norm < 1e-8) {
                    ok = false; // degenerate draw (probability ~0): redraw
                    break;
                }
                for (int i = 0; i < n; i++) {
                    g[i][k] /= norm;
                }
            }
            if (ok) {
                return g;
            }
        }
    }
}
