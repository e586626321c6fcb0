package org.relgrad.ica;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Mean correlation coefficient (MCC) between true and recovered sources: the mean absolute correlation
 * after the best one-to-one matching of components (Hungarian algorithm maximising the total |corr|).
 * Invariant to permutation, scaling and sign flips of the recovered components (Spearman variant: to any
 * strictly monotone element-wise transform).
 */
public final class Mcc {

    private Mcc() {
    }

    /** Result of a matching: the MCC, the per-component |corr| and {@code matching[trueComp] = recoveredComp}. */
    public record Match(double mcc, double[] absCorrelations, int[] matching) {
    }

    /** Pearson MCC; {@code trueSources} is [N, D], {@code recovered} is [N, D'] with D' &ge; D. */
    public static double mcc(double[][] trueSources, double[][] recovered) {
        return match(trueSources, recovered, false).mcc();
    }

    /** Spearman (rank) MCC. */
    public static double mccSpearman(double[][] trueSources, double[][] recovered) {
        return match(trueSources, recovered, true).mcc();
    }

    public static double mcc(INDArray trueSources, INDArray recovered) {
        return mcc(IcaMath.fromNd(trueSources), IcaMath.fromNd(recovered));
    }

    public static Match match(double[][] trueSources, double[][] recovered, boolean spearman) {
        double[][] c = correlationMatrix(trueSources, recovered, spearman);
        double[][] abs = new double[c.length][];
        for (int i = 0; i < c.length; i++) {
            abs[i] = new double[c[i].length];
            for (int j = 0; j < c[i].length; j++) {
                abs[i][j] = Math.abs(c[i][j]);
            }
        }
        int[] m = Hungarian.maximize(abs);
        double[] per = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            per[i] = abs[i][m[i]];
        }
        return new Match(Arrays.stream(per).average().orElse(Double.NaN), per, m);
    }

    /**
     * Cross-correlation matrix {@code C[i][j] = corr(a[:, i], b[:, j])}. A constant column correlates 0 with
     * everything.
     */
    public static double[][] correlationMatrix(double[][] a, double[][] b, boolean spearman) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("row count mismatch: " + a.length + " vs " + b.length);
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("need at least 2 samples");
        }
        if (a[0].length > b[0].length) {
            throw new IllegalArgumentException(
                    "fewer recovered components (" + b[0].length + ") than true ones (" + a[0].length + ")");
        }
        double[][] za = standardizedColumns(spearman ? ranks(a) : a);
        double[][] zb = standardizedColumns(spearman ? ranks(b) : b);
        int n = a.length;
        double[][] c = new double[za.length][zb.length];
        for (int i = 0; i < za.length; i++) {
            for (int j = 0; j < zb.length; j++) {
                double s = 0;
                double[] x = za[i];
                double[] y = zb[j];
                for (int k = 0; k < n; k++) {
                    s += x[k] * y[k];
                }
                c[i][j] = Math.max(-1, Math.min(1, s));
            }
        }
        return c;
    }

    /** Columns of x as rows, centred and scaled to unit norm (all-zero for a constant column). */
    private static double[][] standardizedColumns(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[][] z = new double[d][n];
        for (int j = 0; j < d; j++) {
            double mu = 0;
            for (int k = 0; k < n; k++) {
                mu += x[k][j];
            }
            mu /= n;
            double ss = 0;
            for (int k = 0; k < n; k++) {
                double v = x[k][j] - mu;
                z[j][k] = v;
                ss += v * v;
            }
            double norm = Math.sqrt(ss);
            if (!(norm > 1e-300) || !Double.isFinite(norm)) {
                if (!Double.isFinite(norm)) {
                    throw new IllegalArgumentException("non-finite values in column " + j);
                }
                Arrays.fill(z[j], 0);
                continue;
            }
            for (int k = 0; k < n; k++) {
                z[j][k] /= norm;
            }
        }
        return z;
    }

    /** Column-wise ranks (1-based, ties get their average rank). */
    static double[][] ranks(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[][] r = new double[n][d];
        Integer[] idx = new Integer[n];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < n; k++) {
                idx[k] = k;
            }
            final int col = j;
            Arrays.sort(idx, (p, q) -> Double.compare(x[p][col], x[q][col]));
            int k = 0;
            while (k < n) {
                int e = k;
                while (e + 1 < n && x[idx[e + 1]][col] == x[idx[k]][col]) {
                    e++;
                }
                double avg = (k + e) / 2.0 + 1;
                for (int t = k; t <= e; t++) {
                    r[idx[t]][col] = avg;
                }
                k = e + 1;
            }
        }
        return r;
    }
}
