package org.relgrad.ica;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastIcaTest {

    /** Independent sources: two Laplace, two uniform (all unit variance), mixed by a random linear map. */
    private static double[][][] linearMixture(int n, long seed) {
        Random rng = new Random(seed);
        double[][] s = new double[n][4];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                if (j < 2) {
                    double u = rng.nextDouble() - 0.5;
                    s[i][j] = -Math.signum(u) * Math.log(1 - 2 * Math.abs(u) + 1e-300) / Math.sqrt(2);
                } else {
                    s[i][j] = (rng.nextDouble() * 2 - 1) * Math.sqrt(3);
                }
            }
        }
        double[][] a = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                a[i][j] = rng.nextGaussian();
            }
        }
        double[][] x = IcaMath.matmul(s, a);
        for (double[] row : x) {
            row[0] += 5; // non-zero mean
        }
        return new double[][][] {s, x};
    }

    @Test
    void recoversLinearlyMixedSources() {
        double[][][] sx = linearMixture(5000, 1);
        FastIca.Result r = new FastIca().seed(3).fit(sx[1]);
        double mcc = Mcc.mcc(sx[0], r.sources());
        System.out.printf("FastICA linear Laplace/uniform mixture (D=4, N=5000): MCC = %.4f (%d iterations)%n",
                mcc, r.iterations());
        assertTrue(r.converged(), "did not converge in " + r.iterations());
        assertTrue(mcc >= 0.95, "MCC " + mcc);

        // recovered sources are white and the unmixing matrix reproduces them
        double[][] cov = IcaMath.covariance(r.sources());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == j ? 1 : 0, cov[i][j], 1e-8);
            }
        }
        double[][] again = r.transform(sx[1]);
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(r.sources()[i], again[i], 1e-9);
        }
        // deterministic in the seed
        assertArrayEquals(r.unmixing()[0], new FastIca().seed(3).fit(sx[1]).unmixing()[0], 0);
    }

    @Test
    void reportsLinearVersusNonlinearMixtures() {
        // D=5, 40 segments, as in the relative-gradient nonlinear ICA experiments
        IcaData linear = IcaData.generate(5, 40, 250, 1, 2020);
        IcaData nonlinear = IcaData.generate(5, 40, 250, 2, 2020);
        FastIca.Result rl = new FastIca().seed(0).fit(linear.observationsArray());
        FastIca.Result rn = new FastIca().seed(0).fit(nonlinear.observations());
        double mccLinear = Mcc.mcc(linear.sources(), rl.sources());
        double mccNonlinear = Mcc.mcc(nonlinear.sources(), rn.sources());
        double mccIdentity = Mcc.mcc(nonlinear.sources(), nonlinear.observations());
        System.out.printf("FastICA D=5 S=40 N=10000: linear mixing MCC = %.4f (%d it), "
                + "2-layer MLP mixing MCC = %.4f (%d it); raw observations MCC = %.4f%n",
                mccLinear, rl.iterations(), mccNonlinear, rn.iterations(), mccIdentity);
        assertTrue(mccLinear >= 0.9, "linear MCC " + mccLinear);
        assertTrue(Double.isFinite(mccNonlinear) && mccNonlinear > 0 && mccNonlinear <= 1);
    }
}
