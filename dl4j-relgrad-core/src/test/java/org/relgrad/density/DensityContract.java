package org.relgrad.density;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of a factorised {@link BaseDensity}, checked against a 1-D closed form written in plain Java by each
 * subclass: log-density, its gradient by finite differences, normalisation by quadrature, and sampling by moments,
 * a Kolmogorov–Smirnov distance to the closed-form CDF and reproducibility.
 */
abstract class DensityContract {

    protected abstract BaseDensity density();

    /** log p(x) of one dimension, independent closed form. */
    protected abstract double logPdf1(double x);

    /** P(X ≤ x) of one dimension, independent closed form (or accurate approximation). */
    protected abstract double cdf1(double x);

    protected abstract double variance();

    /** E[(X − μ)^4], for the standard error of the sample variance. */
    protected abstract double fourthCentralMoment();

    /** Half-width of the quadrature interval: the density is negligible (< 1e-15) beyond it. */
    protected double quadratureHalfWidth() {
        return 40;
    }

    static INDArray matrix(double[][] z) {
        return Nd4j.createFromArray(z);
    }

    static double[][] randomPoints(int b, int d, long seed, double scale) {
        Random r = new Random(seed);
        double[][] z = new double[b][d];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < d; j++) {
                double v = scale * r.nextGaussian();
                // keep away from 0 so finite differences never straddle a kink
                z[i][j] = Math.abs(v) < 0.05 ? v + Math.copySign(0.1, v) : v;
            }
        }
        z[0][0] = 30;
        if (b > 1) {
            z[1][d - 1] = -25;
        }
        return z;
    }

    double expectedLogProb(double[] row) {
        double s = 0;
        for (double x : row) {
            s += logPdf1(x);
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // log-density

    @Test
    void logProbMatchesClosedFormAndSumsOverDimensions() {
        for (int d : new int[] {1, 2, 5}) {
            double[][] z = randomPoints(7, d, 100 + d, 2.0);
            INDArray lp = density().logProb(matrix(z));
            assertArrayEquals(new long[] {7}, lp.shape(), "logProb of [B, D] must have shape [B]");
            assertEquals(DataType.DOUBLE, lp.dataType());
            for (int i = 0; i < z.length; i++) {
                double e = expectedLogProb(z[i]);
                assertEquals(e, lp.getDouble(i), 1e-12 * Math.max(1, Math.abs(e)), "D=" + d + ", row " + i);
            }
        }
    }

    @Test
    void logProbOfSingleRowHasShapeOne() {
        INDArray lp = density().logProb(matrix(new double[][] {{0.5, -1.5, 2.0}}));
        assertArrayEquals(new long[] {1}, lp.shape());
        assertEquals(logPdf1(0.5) + logPdf1(-1.5) + logPdf1(2.0), lp.getDouble(0), 1e-12);
    }

    @Test
    void logProbAtExtremePointsIsFiniteAndExact() {
        double[][] z = {{-1e3, 1e3}, {-1e6, 0.0}, {1e-300, -1e-300}};
        double[] lp = density().logProb(matrix(z)).toDoubleVector();
        for (int i = 0; i < z.length; i++) {
            double e = expectedLogProb(z[i]);
            assertTrue(Double.isFinite(lp[i]), "row " + i + " gave " + lp[i]);
            assertEquals(e, lp[i], 1e-12 * Math.max(1, Math.abs(e)), "row " + i);
        }
    }

    @Test
    void logProbInFloatMatchesClosedForm() {
        double[][] z = randomPoints(6, 4, 7, 3.0);
        INDArray zf = matrix(z).castTo(DataType.FLOAT);
        double[][] zr = zf.castTo(DataType.DOUBLE).toDoubleMatrix();
        INDArray lp = density().logProb(zf);
        assertArrayEquals(new long[] {6}, lp.shape());
        for (int i = 0; i < zr.length; i++) {
            double e = expectedLogProb(zr[i]);
            assertEquals(e, lp.getDouble(i), 1e-5 * Math.max(1, Math.abs(e)), "row " + i);
        }
    }

    @Test
    void logProbLeavesInputUntouched() {
        double[][] z = randomPoints(5, 3, 9, 2.0);
        INDArray in = matrix(z);
        INDArray copy = in.dup();
        density().logProb(in);
        density().gradLogProb(in);
        assertEquals(copy, in);
    }

    @Test
    void gradLogProbMatchesFiniteDifferencesOfLogProb() {
        int b = 6, d = 3;
        double[][] z = randomPoints(b, d, 21, 2.5);
        INDArray g = density().gradLogProb(matrix(z));
        assertArrayEquals(new long[] {b, d}, g.shape(), "gradLogProb of [B, D] must have shape [B, D]");
        for (int j = 0; j < d; j++) {
            double[][] zp = new double[b][];
            double[][] zm = new double[b][];
            double[] h = new double[b];
            for (int i = 0; i < b; i++) {
                zp[i] = z[i].clone();
                zm[i] = z[i].clone();
                h[i] = 1e-6 * Math.max(1, Math.abs(z[i][j]));
                zp[i][j] += h[i];
                zm[i][j] -= h[i];
            }
            double[] lpp = density().logProb(matrix(zp)).toDoubleVector();
            double[] lpm = density().logProb(matrix(zm)).toDoubleVector();
            for (int i = 0; i < b; i++) {
                double fd = (lpp[i] - lpm[i]) / (zp[i][j] - zm[i][j]);
                assertEquals(fd, g.getDouble(i, j), 1e-6 * Math.max(1, Math.abs(fd)),
                        "d/dz[" + i + "," + j + "] at z=" + z[i][j]);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // normalisation

    /** Composite Simpson weights on an odd number of equally spaced nodes. */
    static double simpsonWeight(int k, int nodes, double h) {
        if (k == 0 || k == nodes - 1) {
            return h / 3;
        }
        return (k % 2 == 1 ? 4 : 2) * h / 3;
    }

    @Test
    void oneDimensionalDensityIntegratesToOne() {
        double half = quadratureHalfWidth();
        int nodes = 2 * (int) Math.round(half / 1e-3) + 1; // step 1e-3, 0 is a node (kinks fall on it)
        double h = 2 * half / (nodes - 1);
        double[] x = new double[nodes];
        for (int k = 0; k < nodes; k++) {
            x[k] = -half + k * h;
        }
        double[] lp = density().logProb(Nd4j.create(x, new long[] {nodes, 1}, 'c')).toDoubleVector();
        double integral = 0;
        for (int k = 0; k < nodes; k++) {
            integral += simpsonWeight(k, nodes, h) * Math.exp(lp[k]);
        }
        assertEquals(1.0, integral, 1e-4);
        // an unnormalised or mis-scaled density would also shift its variance: check the second moment too
        double m2 = 0;
        for (int k = 0; k < nodes; k++) {
            m2 += simpsonWeight(k, nodes, h) * x[k] * x[k] * Math.exp(lp[k]);
        }
        assertEquals(variance(), m2, 1e-4 * variance());
    }

    @Test
    void twoDimensionalDensityIntegratesToOnePerDimension() {
        // the D·log(normaliser) term must scale with D: integrate the joint density over a 2-D grid
        // (tail mass beyond ±30 is below 1e-13 for all three densities)
        double half = 30;
        int n1 = 2 * (int) Math.round(half / 0.05) + 1;
        double h = 2 * half / (n1 - 1);
        double[] v = new double[2 * n1 * n1];
        for (int a = 0; a < n1; a++) {
            for (int c = 0; c < n1; c++) {
                v[2 * (a * n1 + c)] = -half + a * h;
                v[2 * (a * n1 + c) + 1] = -half + c * h;
            }
        }
        double[] lp = density().logProb(Nd4j.create(v, new long[] {(long) n1 * n1, 2}, 'c')).toDoubleVector();
        double integral = 0;
        for (int a = 0; a < n1; a++) {
            for (int c = 0; c < n1; c++) {
                integral += simpsonWeight(a, n1, h) * simpsonWeight(c, n1, h) * Math.exp(lp[a * n1 + c]);
            }
        }
        assertEquals(1.0, integral, 1e-4);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // sampling

    static final int N = 200_000;

    @Test
    void samplesHaveTheoreticalMeanVarianceAndDistribution() {
        int dims = 2;
        INDArray s = density().sample(N, dims, new Random(12345));
        assertArrayEquals(new long[] {N, dims}, s.shape());
        assertEquals(DataType.DOUBLE, s.dataType(), "samples are documented as double precision");
        double[] flat = s.dup('c').data().asDouble(); // (toDoubleMatrix is far too slow for 200k rows)
        double[][] m = new double[N][dims];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < dims; j++) {
                m[i][j] = flat[i * dims + j];
            }
        }
        double var = variance();
        double seMean = Math.sqrt(var / N);
        double seVar = Math.sqrt((fourthCentralMoment() - var * var) / N);
        for (int j = 0; j < dims; j++) {
            double[] col = new double[N];
            double sum = 0;
            for (int i = 0; i < N; i++) {
                col[i] = m[i][j];
                assertTrue(Double.isFinite(col[i]), "non-finite sample " + col[i]);
                sum += col[i];
            }
            double mean = sum / N;
            double ss = 0;
            for (double x : col) {
                ss += (x - mean) * (x - mean);
            }
            double sampleVar = ss / (N - 1);
            assertEquals(0.0, mean, 5 * seMean, "column " + j + " mean");
            assertEquals(var, sampleVar, 5 * seVar, "column " + j + " variance");

            // Kolmogorov–Smirnov distance to the closed-form CDF (1% critical value 1.63/sqrt(N))
            Arrays.sort(col);
            double ks = 0;
            for (int i = 0; i < N; i++) {
                double f = cdf1(col[i]);
                ks = Math.max(ks, Math.max(Math.abs(f - (double) i / N), Math.abs(f - (double) (i + 1) / N)));
            }
            assertTrue(ks < 1.63 / Math.sqrt(N), "column " + j + ": KS distance " + ks);
        }
        // the two columns are independent draws, not copies
        double cov = 0;
        for (int i = 0; i < N; i++) {
            cov += m[i][0] * m[i][1];
        }
        assertEquals(0.0, cov / N, 5 * var / Math.sqrt(N), "columns correlated");
    }

    @Test
    void sameSeedGivesIdenticalSamplesAndOtherSeedsDiffer() {
        INDArray a = density().sample(1000, 3, new Random(99));
        INDArray b = density().sample(1000, 3, new Random(99));
        INDArray c = density().sample(1000, 3, new Random(100));
        assertArrayEquals(a.data().asDouble(), b.data().asDouble(), 0.0);
        assertFalse(Arrays.equals(a.data().asDouble(), c.data().asDouble()));
    }

    @Test
    void densitiesAreValueObjects() {
        assertEquals(density(), density());
        assertEquals(density().hashCode(), density().hashCode());
    }
}
