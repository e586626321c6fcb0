package org.relgrad.examples.lab.baseline;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.data.InMemoryExampleSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FullCovarianceGaussianTest {

    /** x = μ + (z1, ρ z1 + √(1−ρ²) z2) ⊙ σ: a correlated 2-D Gaussian far from the origin. */
    private static INDArray sample(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            double z1 = r.nextGaussian();
            double z2 = r.nextGaussian();
            x[i][0] = 100 + 3 * z1;
            x[i][1] = -7 + 0.5 * (0.8 * z1 + 0.6 * z2);
        }
        return Nd4j.createFromArray(x).castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
    }

    @Test
    void fitIsTheSampleMeanAndBiasedCovarianceAndLogProbTheClosedForm() {
        INDArray x = sample(5000, 1);
        FullCovarianceGaussian g = FullCovarianceGaussian.fit(new InMemoryExampleSource(x, "test"));
        double[] m = new double[2];
        for (int i = 0; i < 5000; i++) {
            m[0] += x.getDouble(i, 0) / 5000;
            m[1] += x.getDouble(i, 1) / 5000;
        }
        double a = 0;
        double b = 0;
        double d = 0;
        for (int i = 0; i < 5000; i++) {
            double u = x.getDouble(i, 0) - m[0];
            double v = x.getDouble(i, 1) - m[1];
            a += u * u / 5000;
            b += u * v / 5000;
            d += v * v / 5000;
        }
        assertEquals(m[0], g.mean().getDouble(0), 1e-9);
        assertEquals(m[1], g.mean().getDouble(1), 1e-9);
        assertEquals(a, g.covariance().getDouble(0, 0), 1e-9 * a);
        assertEquals(b, g.covariance().getDouble(0, 1), 1e-9 * Math.abs(a));
        assertEquals(d, g.covariance().getDouble(1, 1), 1e-9 * d);
        // log N(p) with the 2x2 inverse and determinant written out
        double det = a * d - b * b;
        double[][] points = {{100, -7}, {95.5, -6.2}, {104, -8}};
        INDArray lp = g.logProb(Nd4j.createFromArray(points));
        for (int k = 0; k < points.length; k++) {
            double u = points[k][0] - m[0];
            double v = points[k][1] - m[1];
            double quad = (d * u * u - 2 * b * u * v + a * v * v) / det;
            assertEquals(-Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quad, lp.getDouble(k), 1e-9);
        }
    }

    @Test
    void testLogLikelihoodApproachesMinusTheEntropy() {
        FullCovarianceGaussian g = FullCovarianceGaussian.fit(new InMemoryExampleSource(sample(20000, 2), "train"));
        double mean = g.logProb(sample(20000, 3)).meanNumber().doubleValue();
        // covariance of the generator: [[9, 1.2], [1.2, 0.25]], det = 9·0.25·(1 − 0.64)
        double entropy = Math.log(2 * Math.PI * Math.E) + 0.5 * Math.log(9 * 0.25 * 0.36);
        assertEquals(-entropy, mean, 0.03);
    }

    @Test
    void collinearFeaturesHaveNoGaussianDensity() {
        INDArray x = sample(100, 4);
        INDArray collinear = Nd4j.hstack(x, x.getColumn(0).reshape(100, 1).mul(2));
        assertThrows(IllegalArgumentException.class,
                () -> FullCovarianceGaussian.fit(new InMemoryExampleSource(collinear, "c")));
    }
}
