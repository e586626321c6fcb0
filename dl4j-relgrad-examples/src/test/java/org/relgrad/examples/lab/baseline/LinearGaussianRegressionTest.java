package org.relgrad.examples.lab.baseline;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The linear-Gaussian baseline against the textbook closed forms of simple regression, computed here by hand. */
class LinearGaussianRegressionTest {

    @Test
    void oneTargetOnePredictorIsSimpleRegression() {
        Random r = new Random(3);
        int n = 200;
        double[][] x = new double[n][1];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextGaussian() * 2 + 1;
            y[i][0] = 0.7 - 1.5 * x[i][0] + 0.4 * r.nextGaussian() * (1 + Math.abs(x[i][0]));
        }
        // slope = cov(x, y) / var(x), intercept = ȳ − slope x̄, σ² = mean squared residual
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i][0] / n;
            my += y[i][0] / n;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i][0] - mx) * (y[i][0] - my);
            sxx += (x[i][0] - mx) * (x[i][0] - mx);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i][0] - intercept - slope * x[i][0];
            s2 += e * e / n;
        }
        LinearGaussianRegression fit = LinearGaussianRegression.fit(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        double xNew = 0.3;
        double yNew = -0.2;
        double e = yNew - intercept - slope * xNew;
        double expected = -0.5 * Math.log(2 * Math.PI * s2) - e * e / (2 * s2);
        INDArray lp = fit.logProb(Nd4j.createFromArray(new double[][] {{xNew}}), Nd4j.createFromArray(
                new double[][] {{yNew}}));
        assertEquals(expected, lp.getDouble(0), 1e-9);
    }

    @Test
    void twoTargetsShareTheResidualCovariance() {
        // targets that are exact linear functions of x plus correlated noise with known covariance in the limit
        Random r = new Random(8);
        int n = 20_000;
        double[][] x = new double[n][2];
        double[][] y = new double[n][2];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextGaussian();
            x[i][1] = r.nextGaussian();
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            y[i][0] = 1 + 2 * x[i][0] + a;
            y[i][1] = -x[i][1] + 0.8 * a + 0.6 * b; // residual covariance [[1, 0.8], [0.8, 1]]
        }
        LinearGaussianRegression fit = LinearGaussianRegression.fit(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        // at x = 0, y = (1, 0): residual (0, 0), log N(0; 0, Σ) = −log 2π − ½ log det Σ, det Σ = 1 − 0.64
        double expected = -Math.log(2 * Math.PI) - 0.5 * Math.log(0.36);
        double lp = fit.logProb(Nd4j.createFromArray(new double[][] {{0, 0}}),
                Nd4j.createFromArray(new double[][] {{1, 0}})).getDouble(0);
        assertEquals(expected, lp, 0.05);
    }
}
