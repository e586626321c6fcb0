package org.relgrad.density;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class StandardNormalTest extends DensityContract {

    @Override
    protected BaseDensity density() {
        return new StandardNormal();
    }

    @Override
    protected double logPdf1(double x) {
        return -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);
    }

    /** Φ(x) through erfc, by the continued-fraction-free Numerical Recipes erfc (relative error < 1.2e-7). */
    @Override
    protected double cdf1(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    @Override
    protected double variance() {
        return 1;
    }

    @Override
    protected double fourthCentralMoment() {
        return 3;
    }

    @Test
    void gradientIsMinusZ() {
        double[][] z = {{1.5, -2.0, 0.0}};
        assertEquals(matrix(new double[][] {{-1.5, 2.0, -0.0}}), density().gradLogProb(matrix(z)));
    }

    @Test
    void logProbAtOriginIsMinusHalfDLog2Pi() {
        assertEquals(-1.5 * Math.log(2 * Math.PI), density().logProb(matrix(new double[][] {{0, 0, 0}})).getDouble(0),
                1e-14);
    }

    @Test
    void differentDensitiesAreNotEqual() {
        assertNotEquals(new StandardNormal(), new StandardLogistic());
        assertNotEquals(new StandardNormal(), new StandardLaplace());
    }
}
