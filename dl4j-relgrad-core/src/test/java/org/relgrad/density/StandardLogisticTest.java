package org.relgrad.density;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StandardLogisticTest extends DensityContract {

    @Override
    protected BaseDensity density() {
        return new StandardLogistic();
    }

    /** p(x) = e^{−x} / (1 + e^{−x})², evaluated on the side where the exponential does not overflow. */
    @Override
    protected double logPdf1(double x) {
        double a = Math.abs(x);
        return -a - 2 * Math.log1p(Math.exp(-a));
    }

    @Override
    protected double cdf1(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @Override
    protected double variance() {
        return Math.PI * Math.PI / 3;
    }

    /** Excess kurtosis 6/5: μ4 = (3 + 1.2) σ⁴. */
    @Override
    protected double fourthCentralMoment() {
        return 4.2 * variance() * variance();
    }

    @Override
    protected double quadratureHalfWidth() {
        return 60;
    }

    @Test
    void logProbAtOriginIsMinusDLog4() {
        assertEquals(-2 * Math.log(4), density().logProb(matrix(new double[][] {{0, 0}})).getDouble(0), 1e-14);
    }

    @Test
    void gradientAtHandPickedPoints() {
        // d/dx log p = 1 − 2·F(x): 0 at the origin, → ∓1 in the tails
        double[][] z = {{0.0, 2.0, -2.0, 50.0, -50.0}};
        double[] g = density().gradLogProb(matrix(z)).toDoubleVector();
        for (int j = 0; j < z[0].length; j++) {
            assertEquals(1 - 2 * cdf1(z[0][j]), g[j], 1e-12, "at " + z[0][j]);
        }
    }
}
