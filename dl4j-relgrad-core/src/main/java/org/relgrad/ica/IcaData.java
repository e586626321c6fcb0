package org.relgrad.ica;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Synthetic data for identifiable nonlinear ICA with an observed auxiliary variable (segment-wise
 * nonstationary sources, as in time-contrastive learning / Gresele et al. 2020, eq. 4).
 *
 * <p>For segment {@code u in 0..S-1} and component {@code j}, a scale {@code lambda[u][j]} is drawn log-uniform in
 * [{@link #MIN_SCALE}, {@link #MAX_SCALE}] and (optionally) a mean {@code mu[u][j]} uniform in [-{@link #MEAN_RANGE},
 * {@link #MEAN_RANGE}]; then {@code s_j = mu[u][j] + Laplace(0, lambda[u][j])}. Rows are ordered by segment
 * (segment 0 first, {@code perSegment} rows each).
 *
 * <p>Mixing f: {@code h_0 = s; h_k = leakyReLU_0.2(h_{k-1} A_k)} for k &lt; L, and {@code x = h_{L-1} A_L} (last
 * layer linear). Each {@code A_k = Q1 diag(sigma) Q2} with random orthogonal Q1, Q2 and singular values
 * log-uniform in [{@link #MIN_SINGULAR}, {@link #MAX_SINGULAR}], so {@code cond(A_k) <= 4} and f is a bijection
 * with an exact inverse ({@link #unmix}). With {@code mixingLayers = 1} the mixing is linear.
 *
 * <p>Everything is a deterministic function of the arguments (including the seed).
 */
public final class IcaData {

    public static final double MIN_SCALE = 0.25;
    public static final double MAX_SCALE = 4.0;
    public static final double MEAN_RANGE = 1.0;
    public static final double MIN_SINGULAR = 0.5;
    public static final double MAX_SINGULAR = 2.0;
    public static final double LEAKY_SLOPE = 0.2;

    private final double[][] sources;
    private final double[][] observations;
    private final int[] labels;
    private final int segments;
    private final double[][] scales;
    private final double[][] means;
    private final double[][][] mixing; // A_k
    private final double[][][] inverses; // A_k^{-1} = Q2^T diag(1/sigma) Q1^T

    private IcaData(double[][] sources, int[] labels, int segments, double[][] scales, double[][] means,
            double[][][] mixing, double[][][] inverses) {
        this.sources = sources;
        this.labels = labels;
        this.segments = segments;
        this.scales = scales;
        this.means = means;
        this.mixing = mixing;
        this.inverses = inverses;
        this.observations = mix(sources);
    }

    /** Scale-modulated (zero-mean) Laplace sources. */
    public static IcaData generate(int dims, int segments, int perSegment, int mixingLayers, long seed) {
        return generate(dims, segments, perSegment, mixingLayers, false, seed);
    }

    /**
     * @param dims          D &ge; 1, source and observation dimension
     * @param segments      S &ge; 1, number of segments (values of the auxiliary variable u)
     * @param perSegment    samples per segment (N = S * perSegment)
     * @param mixingLayers  L &ge; 1 layers of the mixing MLP (1 = linear mixing)
     * @param segmentMeans  also modulate the per-segment means
     * @param seed          RNG seed
     */
    public static IcaData generate(int dims, int segments, int perSegment, int mixingLayers, boolean segmentMeans,
            long seed) {
        return generate(dims, segments, perSegment, mixingLayers, segmentMeans, false, MIN_SCALE, MAX_SCALE, seed);
    }

    /**
     * As above, with the shape of the per-segment source distribution ({@code gaussian}: normal instead of Laplace)
     * and the range of the log-uniform per-segment scales. Gaussian sources with mildly modulated scales have nearly
     * Gaussian marginals, which no unconditional method can unmix, while the segment structure still identifies them.
     */
    public static IcaData generate(int dims, int segments, int perSegment, int mixingLayers, boolean segmentMeans,
            boolean gaussian, double minScale, double maxScale, long seed) {
        if (!(minScale > 0 && maxScale >= minScale)) {
            throw new IllegalArgumentException("Scales must satisfy 0 < min <= max, got " + minScale + ", " + maxScale);
        }
        if (dims < 1 || segments < 1 || perSegment < 1 || mixingLayers < 1) {
            throw new IllegalArgumentException("dims, segments, perSegment and mixingLayers must be >= 1");
        }
        long total = (long) segments * perSegment;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many samples: " + total);
        }
        Random rng = new Random(seed);
        double[][] scales = new double[segments][dims];
        double[][] means = new double[segments][dims];
        double logMin = Math.log(minScale);
        double logMax = Math.log(maxScale);
        for (int u = 0; u < segments; u++) {
            for (int j = 0; j < dims; j++) {
                scales[u][j] = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
                means[u][j] = segmentMeans ? MEAN_RANGE * (2 * rng.nextDouble() - 1) : 0.0;
            }
        }
        double[][][] mixing = new double[mixingLayers][][];
        double[][][] inverses = new double[mixingLayers][][];
        double sLogMin = Math.log(MIN_SINGULAR);
        double sLogMax = Math.log(MAX_SINGULAR);
        for (int k = 0; k < mixingLayers; k++) {
            double[][] q1 = IcaMath.randomOrthogonal(dims, rng);
            double[][] q2 = IcaMath.randomOrthogonal(dims, rng);
            double[] sigma = new double[dims];
            for (int j = 0; j < dims; j++) {
                sigma[j] = Math.exp(sLogMin + (sLogMax - sLogMin) * rng.nextDouble());
            }
            double[][] q1s = IcaMath.copy(q1);
            double[][] q2ts = IcaMath.transpose(q2);
            for (int i = 0; i < dims; i++) {
                for (int j = 0; j < dims; j++) {
                    q1s[i][j] *= sigma[j];
                    q2ts[i][j] /= sigma[j];
                }
            }
            mixing[k] = IcaMath.matmul(q1s, q2);
            inverses[k] = IcaMath.matmul(q2ts, IcaMath.transpose(q1));
        }
        int n = (int) total;
        double[][] s = new double[n][dims];
        int[] labels = new int[n];
        for (int u = 0, row = 0; u < segments; u++) {
            for (int t = 0; t < perSegment; t++, row++) {
                labels[row] = u;
                for (int j = 0; j < dims; j++) {
                    s[row][j] = means[u][j] + scales[u][j] * (gaussian ? rng.nextGaussian() : laplace(rng));
                }
            }
        }
        return new IcaData(s, labels, segments, scales, means, mixing, inverses);
    }

    /** Standard Laplace (scale 1, variance 2) by inversion. */
    private static double laplace(Random rng) {
        double v;
        do {
            v = rng.nextDouble() - 0.5; // (-0.5, 0.5)
        } while (v == -0.5);
        return -Math.signum(v) * Math.log(1 - 2 * Math.abs(v));
    }

    /** Applies the mixing f to rows of {@code s} ([M, D]). */
    public double[][] mix(double[][] s) {
        double[][] h = s;
        for (int k = 0; k < mixing.length; k++) {
            h = IcaMath.matmul(h, mixing[k]);
            if (k < mixing.length - 1) {
                for (double[] row : h) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = row[j] > 0 ? row[j] : LEAKY_SLOPE * row[j];
                    }
                }
            }
        }
        return h == s ? IcaMath.copy(s) : h;
    }

    /** Exact inverse f^{-1} applied to rows of {@code x} ([M, D]). */
    public double[][] unmix(double[][] x) {
        double[][] h = x;
        for (int k = inverses.length - 1; k >= 0; k--) {
            if (k < inverses.length - 1) {
                h = IcaMath.copy(h);
                for (double[] row : h) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = row[j] > 0 ? row[j] : row[j] / LEAKY_SLOPE;
                    }
                }
            }
            h = IcaMath.matmul(h, inverses[k]);
        }
        return h;
    }

    public int dims() {
        return sources[0].length;
    }

    public int size() {
        return sources.length;
    }

    public int segments() {
        return segments;
    }

    public int mixingLayers() {
        return mixing.length;
    }

    /** Sources s, [N, D] (a copy). */
    public double[][] sources() {
        return IcaMath.copy(sources);
    }

    /** Observations x = f(s), [N, D] (a copy). */
    public double[][] observations() {
        return IcaMath.copy(observations);
    }

    /** Segment labels u, length N (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** Per-segment Laplace scales, [S, D] (a copy). */
    public double[][] scales() {
        return IcaMath.copy(scales);
    }

    /** Per-segment means, [S, D] (zeros unless generated with segment means; a copy). */
    public double[][] means() {
        return IcaMath.copy(means);
    }

    /** Mixing matrix A_k (0-based layer index, a copy). */
    public double[][] mixingMatrix(int layer) {
        return IcaMath.copy(mixing[layer]);
    }

    /** cond_2(A_k) for each layer (computed from the matrices, not the drawn singular values). */
    public double[] conditionNumbers() {
        double[] c = new double[mixing.length];
        for (int k = 0; k < mixing.length; k++) {
            c[k] = IcaMath.conditionNumber(mixing[k]);
        }
        return c;
    }

    public INDArray sourcesArray() {
        return IcaMath.toNd(sources);
    }

    public INDArray observationsArray() {
        return IcaMath.toNd(observations);
    }

    /** One-hot segment labels, [N, S] DOUBLE. */
    public INDArray labelsOneHot() {
        double[] flat = new double[labels.length * segments];
        for (int i = 0; i < labels.length; i++) {
            flat[i * segments + labels[i]] = 1.0;
        }
        return Nd4j.create(flat, new long[] {labels.length, segments}, DataType.DOUBLE);
    }
}
