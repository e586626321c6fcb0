package org.relgrad.ica;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/**
 * Linear ICA baseline: symmetric (parallel) FastICA with the logcosh contrast, g(y) = tanh(y)
 * (Hyvärinen 1999; same fixed-point iteration as scikit-learn's {@code FastICA(algorithm="parallel",
 * fun="logcosh")}).
 *
 * <p>Steps: centre X; whiten with the eigen-decomposition of the covariance, Z = Xc E diag(d^-1/2) E^T; iterate
 * W &larr; E[g(W z) z^T] - diag(E[g'(W z)]) W followed by symmetric decorrelation W &larr; (W W^T)^{-1/2} W until
 * max_i | |&lt;w_i^new, w_i^old&gt;| - 1 | &lt; tol. Recovered sources are S = (X - mean) U with U = K W^T.
 */
public final class FastIca {

    /**
     * @param sources    recovered sources, [N, D], unit variance (order and sign arbitrary)
     * @param unmixing   U, [D, D]: {@code sources = (x - mean) U}
     * @param mean       column means of the input
     * @param whitening  K, [D, D]: whitened data {@code z = (x - mean) K}
     * @param rotation   W, [D, D] orthogonal: {@code sources = z W^T}
     */
    public record Result(double[][] sources, double[][] unmixing, double[] mean, double[][] whitening,
            double[][] rotation, int iterations, boolean converged) {

        /** Applies the learned unmixing to new rows {@code x} ([M, D]). */
        public double[][] transform(double[][] x) {
            double[][] xc = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                xc[i] = new double[mean.length];
                for (int j = 0; j < mean.length; j++) {
                    xc[i][j] = x[i][j] - mean[j];
                }
            }
            return IcaMath.matmul(xc, unmixing);
        }
    }

    private int maxIterations = 200;
    private double tolerance = 1e-4;
    private long seed = 0;

    public FastIca maxIterations(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1");
        }
        this.maxIterations = maxIterations;
        return this;
    }

    public FastIca tolerance(double tolerance) {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0");
        }
        this.tolerance = tolerance;
        return this;
    }

    public FastIca seed(long seed) {
        this.seed = seed;
        return this;
    }

    public Result fit(INDArray x) {
        return fit(IcaMath.fromNd(x));
    }

    /** Fits on X [N, D] (N &gt; D, full-rank covariance) and returns D recovered components. */
    public Result fit(double[][] x) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 samples");
        }
        int d = x[0].length;
        double[] mean = IcaMath.columnMeans(x);
        double[][] xc = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xc[i][j] = x[i][j] - mean[j];
            }
        }
        IcaMath.Eigen cov = IcaMath.symmetricEigen(IcaMath.covariance(x));
        double top = cov.values()[0];
        double bottom = cov.values()[d - 1];
        if (!(bottom > 1e-12 * Math.max(top, Double.MIN_NORMAL))) {
            throw new IllegalArgumentException("covariance is (numerically) singular; eigenvalues "
                    + java.util.Arrays.toString(cov.values()));
        }
        double[][] k = IcaMath.spectralFunction(cov, lam -> 1 / Math.sqrt(lam)); // symmetric (ZCA) whitening
        double[][] z = IcaMath.matmul(xc, k);

        Random rng = new Random(seed);
        double[][] w = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                w[i][j] = rng.nextGaussian();
            }
        }
        w = symmetricDecorrelation(w);

        int it = 0;
        boolean converged = false;
        double[] gy = new double[d];
        while (it < maxIterations) {
            it++;
            // W1 = E[g(Wz) z^T] - diag(E[g'(Wz)]) W
            double[][] egz = new double[d][d];
            double[] egp = new double[d];
            for (double[] zi : z) {
                for (int c = 0; c < d; c++) {
                    double y = 0;
                    double[] wc = w[c];
                    for (int j = 0; j < d; j++) {
                        y += wc[j] * zi[j];
                    }
                    double t = Math.tanh(y);
                    gy[c] = t;
                    egp[c] += 1 - t * t;
                }
                for (int c = 0; c < d; c++) {
                    double g = gy[c];
                    double[] row = egz[c];
                    for (int j = 0; j < d; j++) {
                        row[j] += g * zi[j];
                    }
                }
            }
            double[][] w1 = new double[d][d];
            for (int c = 0; c < d; c++) {
                for (int j = 0; j < d; j++) {
                    w1[c][j] = egz[c][j] / n - egp[c] / n * w[c][j];
                }
            }
            w1 = symmetricDecorrelation(w1);
            double lim = 0;
            for (int c = 0; c < d; c++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += w1[c][j] * w[c][j];
                }
                lim = Math.max(lim, Math.abs(Math.abs(dot) - 1));
            }
            w = w1;
            if (lim < tolerance) {
                converged = true;
                break;
            }
        }
        double[][] s = IcaMath.matmul(z, IcaMath.transpose(w));
        double[][] unmixing = IcaMath.matmul(k, IcaMath.transpose(w));
        return new Result(s, unmixing, mean, k, w, it, converged);
    }

    /** W &larr; (W W^T)^{-1/2} W. */
    static double[][] symmetricDecorrelation(double[][] w) {
        IcaMath.Eigen e = IcaMath.symmetricEigen(IcaMath.matmul(w, IcaMath.transpose(w)));
        double[][] inv = IcaMath.spectralFunction(e, lam -> 1 / Math.sqrt(Math.max(lam, 1e-300)));
        return IcaMath.matmul(inv, w);
    }
}
