package org.relgrad.ica;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IcaDataTest {

    @Test
    void deterministicInTheSeed() {
        IcaData a = IcaData.generate(4, 10, 50, 3, true, 42);
        IcaData b = IcaData.generate(4, 10, 50, 3, true, 42);
        IcaData c = IcaData.generate(4, 10, 50, 3, true, 43);
        assertTrue(java.util.Arrays.deepEquals(a.sources(), b.sources()));
        assertTrue(java.util.Arrays.deepEquals(a.observations(), b.observations()));
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(java.util.Arrays.deepEquals(a.sources(), c.sources()));
        assertFalse(java.util.Arrays.deepEquals(a.mixingMatrix(0), c.mixingMatrix(0)));
    }

    @Test
    void shapesAndLabels() {
        IcaData d = IcaData.generate(5, 40, 25, 2, 7);
        assertEquals(1000, d.size());
        assertEquals(5, d.dims());
        assertEquals(40, d.segments());
        assertEquals(2, d.mixingLayers());
        assertArrayEquals(new long[] {1000, 5}, d.sourcesArray().shape());
        assertArrayEquals(new long[] {1000, 5}, d.observationsArray().shape());
        INDArray oh = d.labelsOneHot();
        assertArrayEquals(new long[] {1000, 40}, oh.shape());
        int[] labels = d.labels();
        assertEquals(1000, labels.length);
        for (int i = 0; i < labels.length; i++) {
            assertEquals(i / 25, labels[i]); // segment-contiguous rows
            assertEquals(1.0, oh.getDouble(i, labels[i]));
            assertEquals(1.0, oh.getRow(i).sumNumber().doubleValue());
        }
        assertArrayEquals(new double[] {25, 25}, new double[] {oh.sum(0).getDouble(0), oh.sum(0).getDouble(39)});
        assertEquals(d.observations()[17][3], d.observationsArray().getDouble(17, 3), 0);
        for (double[] row : d.observations()) {
            for (double v : row) {
                assertTrue(Double.isFinite(v));
            }
        }
    }

    @Test
    void segmentModulationIsVisible() {
        int perSegment = 2000;
        IcaData d = IcaData.generate(3, 8, perSegment, 2, true, 11);
        double[][] s = d.sources();
        double[][] scales = d.scales();
        double[][] means = d.means();
        for (int j = 0; j < 3; j++) {
            double minVar = Double.POSITIVE_INFINITY;
            double maxVar = 0;
            for (int u = 0; u < 8; u++) {
                assertTrue(scales[u][j] >= IcaData.MIN_SCALE && scales[u][j] <= IcaData.MAX_SCALE);
                assertTrue(Math.abs(means[u][j]) <= IcaData.MEAN_RANGE);
                double mu = 0;
                double ss = 0;
                for (int t = 0; t < perSegment; t++) {
                    mu += s[u * perSegment + t][j];
                }
                mu /= perSegment;
                for (int t = 0; t < perSegment; t++) {
                    double v = s[u * perSegment + t][j] - mu;
                    ss += v * v;
                }
                double var = ss / perSegment;
                double expected = 2 * scales[u][j] * scales[u][j]; // Laplace variance 2 b^2
                assertEquals(1.0, var / expected, 0.2, "segment " + u + " comp " + j);
                assertEquals(means[u][j], mu, 0.15 * scales[u][j] + 0.02);
                minVar = Math.min(minVar, var);
                maxVar = Math.max(maxVar, var);
            }
            assertTrue(maxVar / minVar > 4, "variance ratio across segments " + maxVar / minVar);
        }
        // without segment means the means are exactly zero
        for (double[] row : IcaData.generate(3, 8, 10, 2, 11).means()) {
            assertArrayEquals(new double[3], row, 0);
        }
    }

    @Test
    void mixingIsWellConditionedAndExactlyInvertible() {
        IcaData d = IcaData.generate(5, 20, 100, 3, 5);
        for (double c : d.conditionNumbers()) {
            assertTrue(c >= 1 && c <= IcaData.MAX_SINGULAR / IcaData.MIN_SINGULAR + 1e-9, "cond " + c);
        }
        double[][] s = d.sources();
        double[][] back = d.unmix(d.observations());
        for (int i = 0; i < s.length; i++) {
            assertArrayEquals(s[i], back[i], 1e-9);
        }
        // the MLP is not secretly linear: leaky ReLU bends it
        double[][] two = {{1, 0, 0, 0, 0}, {-1, 0, 0, 0, 0}};
        double[][] fx = d.mix(two);
        double[][] f0 = d.mix(new double[1][5]);
        boolean odd = true;
        for (int j = 0; j < 5; j++) {
            odd &= Math.abs(fx[0][j] + fx[1][j] - 2 * f0[0][j]) < 1e-9;
        }
        assertFalse(odd, "f should not be affine");
    }

    @Test
    void observationsNeverCollapse() {
        // bi-Lipschitz lower bound: |f(a) - f(b)| >= slope^(L-1) * sigmaMin^L * |a - b|
        int layers = 2;
        IcaData d = IcaData.generate(4, 10, 60, layers, 3);
        double[][] s = d.sources();
        double[][] x = d.observations();
        double bound = Math.pow(IcaData.LEAKY_SLOPE, layers - 1) * Math.pow(IcaData.MIN_SINGULAR, layers);
        double minRatio = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            for (int k = i + 1; k < s.length; k++) {
                double ds = 0;
                double dx = 0;
                for (int j = 0; j < 4; j++) {
                    ds += (s[i][j] - s[k][j]) * (s[i][j] - s[k][j]);
                    dx += (x[i][j] - x[k][j]) * (x[i][j] - x[k][j]);
                }
                assertTrue(dx > 0, "observations " + i + " and " + k + " collapse");
                minRatio = Math.min(minRatio, Math.sqrt(dx / ds));
            }
        }
        assertTrue(minRatio >= bound * (1 - 1e-9), "min |dx|/|ds| " + minRatio + " < " + bound);
    }

    @Test
    void singleLayerIsLinearMixing() {
        IcaData d = IcaData.generate(3, 2, 20, 1, 9);
        double[][] expected = IcaMath.matmul(d.sources(), d.mixingMatrix(0));
        double[][] x = d.observations();
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(expected[i], x[i], 1e-12);
        }
    }

    /** Excess kurtosis of each source within one segment: about 3 for Laplace, about 0 for Gaussian. */
    @Test
    void gaussianSourcesHaveGaussianTailsWithinASegment() {
        for (boolean gaussian : new boolean[] {false, true}) {
            IcaData data = IcaData.generate(2, 2, 20000, 1, false, gaussian, 0.5, 2, 7);
            double[][] s = data.sources();
            for (int j = 0; j < 2; j++) {
                double mean = 0;
                for (int i = 0; i < 20000; i++) {
                    mean += s[i][j] / 20000;
                }
                double m2 = 0;
                double m4 = 0;
                for (int i = 0; i < 20000; i++) {
                    double d = s[i][j] - mean;
                    m2 += d * d / 20000;
                    m4 += d * d * d * d / 20000;
                }
                double excess = m4 / (m2 * m2) - 3;
                assertEquals(gaussian ? 0.0 : 3.0, excess, gaussian ? 0.15 : 0.6, "gaussian=" + gaussian);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> IcaData.generate(2, 2, 10, 1, false, true, 0, 1, 1));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> IcaData.generate(0, 2, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> IcaData.generate(2, 2, 2, 0, 0));
    }

    @Test
    void jacobiEigenAndRandomOrthogonal() {
        Random rng = new Random(8);
        double[][] q = IcaMath.randomOrthogonal(6, rng);
        double[][] qtq = IcaMath.matmul(IcaMath.transpose(q), q);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(i == j ? 1 : 0, qtq[i][j], 1e-12);
            }
        }
        double[][] a = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                a[i][j] = rng.nextGaussian();
            }
        }
        double[][] sym = IcaMath.matmul(a, IcaMath.transpose(a));
        IcaMath.Eigen e = IcaMath.symmetricEigen(sym);
        double[][] rebuilt = IcaMath.spectralFunction(e, v -> v);
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(sym[i], rebuilt[i], 1e-9);
            if (i > 0) {
                assertTrue(e.values()[i - 1] >= e.values()[i]);
            }
        }
    }
}
