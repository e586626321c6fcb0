package org.relgrad.density;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StandardLaplaceTest extends DensityContract {

    @Override
    protected BaseDensity density() {
        return new StandardLaplace();
    }

    /** p(x) = e^{−|x|} / 2. */
    @Override
    protected double logPdf1(double x) {
        return -Math.abs(x) - Math.log(2);
    }

    @Override
    protected double cdf1(double x) {
        return x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x);
    }

    @Override
    protected double variance() {
        return 2;
    }

    /** E[X^4] = 4! = 24 for the standard Laplace. */
    @Override
    protected double fourthCentralMoment() {
        return 24;
    }

    @Override
    protected double quadratureHalfWidth() {
        return 60;
    }

    @Test
    void gradientIsMinusSign() {
        double[][] z = {{3.0, -0.5, 1e-300, -1e6}};
        assertArrayEquals(new double[] {-1, 1, -1, 1}, density().gradLogProb(matrix(z)).toDoubleVector(), 0.0);
    }

    @Test
    void meanAbsoluteDeviationOfSamplesIsOne() {
        // E|X| = 1 (scale 1): catches a sampler with the right variance but the wrong shape
        double[] s = density().sample(N, 1, new java.util.Random(5)).data().asDouble();
        double m = 0;
        for (double x : s) {
            m += Math.abs(x);
        }
        assertEquals(1.0, m / N, 5 * Math.sqrt(1.0 / N)); // Var|X| = 1
    }
}
