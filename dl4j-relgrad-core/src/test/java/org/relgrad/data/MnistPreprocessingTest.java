package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistPreprocessingTest {
    private static final double LAMBDA = 1e-6;

    @Test
    void extremesAreFiniteAndSymmetric() {
        double low = MnistPreprocessing.logit(0, 0);
        double high = MnistPreprocessing.logit(255, Math.nextDown(1.0));
        assertEquals(Math.log(LAMBDA / (1 - LAMBDA)), low, 1e-9);
        assertEquals(-low, high, 1e-6);
        assertEquals(-13.8155, low, 1e-4);
    }

    @Test
    void matchesTheFormulaAndIsMonotone() {
        Random r = new Random(1);
        double previous = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < 256; p++) {
            double u = r.nextDouble();
            double x = LAMBDA + (1 - 2 * LAMBDA) * ((p + u) / 256);
            assertEquals(Math.log(x) - Math.log1p(-x), MnistPreprocessing.logit(p, u), 1e-9);
            double atLowerEdge = MnistPreprocessing.logit(p, 0);
            assertTrue(atLowerEdge > previous);
            previous = atLowerEdge;
        }
        assertEquals(0.0, MnistPreprocessing.logit(128, 0), 1e-12, "the middle of [0, 256) maps to 0");
    }

    @Test
    void logDetMatchesThePerPixelJacobian() {
        int[][] pixels = {{0, 17, 128, 255}, {3, 3, 200, 90}};
        Random r = new Random(2);
        double[][] z = new double[2][4];
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                double u = r.nextDouble();
                z[i][k] = MnistPreprocessing.logit(pixels[i][k], u);
                double x = LAMBDA + (1 - 2 * LAMBDA) * (pixels[i][k] + u) / 256;
                // d z / d y = (1 - 2λ) / 256 / (x (1 - x))
                expected[i] += Math.log((1 - 2 * LAMBDA) / 256 / (x * (1 - x)));
            }
        }
        INDArray logDet = MnistPreprocessing.logDetJacobian(Nd4j.create(z));
        assertEquals(1, logDet.rank());
        for (int i = 0; i < 2; i++) {
            assertEquals(expected[i], logDet.getDouble(i), 1e-6 * Math.abs(expected[i]));
        }
    }

    @Test
    void logDetAgreesWithAFiniteDifference() {
        double y = 77.3;
        double h = 1e-4;
        double slope = (MnistPreprocessing.logit(0, y + h) - MnistPreprocessing.logit(0, y - h)) / (2 * h);
        double z = MnistPreprocessing.logit(0, y);
        double logDet = MnistPreprocessing.logDetJacobian(Nd4j.create(new double[][] {{z}})).getDouble(0);
        assertEquals(Math.log(slope), logDet, 1e-6);
    }
}
