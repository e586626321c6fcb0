package org.relgrad.ica;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MccTest {

    private static double[][] laplace(int n, int d, long seed) {
        Random rng = new Random(seed);
        double[][] s = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double u = rng.nextDouble() - 0.5;
                s[i][j] = -Math.signum(u) * Math.log(1 - 2 * Math.abs(u) + 1e-300);
            }
        }
        return s;
    }

    @Test
    void oneForPermutedScaledShiftedCopy() {
        double[][] s = laplace(2000, 5, 1);
        int[] perm = {2, 4, 0, 1, 3};
        double[] scale = {3.0, -0.5, 10.0, -2.0, 0.1};
        double[][] r = new double[s.length][5];
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < 5; j++) {
                r[i][perm[j]] = scale[j] * s[i][j] + j; // component j ends up in column perm[j]
            }
        }
        Mcc.Match m = Mcc.match(s, r, false);
        assertEquals(1.0, m.mcc(), 1e-12);
        assertArrayEquals(perm, m.matching());
        assertEquals(1.0, Mcc.mccSpearman(s, r), 1e-12);
        assertEquals(1.0, Mcc.mcc(IcaMath.toNd(s), IcaMath.toNd(r)), 1e-12);
    }

    @Test
    void spearmanIsOneForMonotoneTransformsButPearsonIsNot() {
        double[][] s = laplace(3000, 3, 2);
        double[][] r = new double[s.length][3];
        for (int i = 0; i < s.length; i++) {
            r[i][0] = Math.exp(s[i][1]);
            r[i][1] = Math.pow(s[i][2], 3);
            r[i][2] = -Math.tanh(s[i][0]);
        }
        assertEquals(1.0, Mcc.mccSpearman(s, r), 1e-12);
        double pearson = Mcc.mcc(s, r);
        assertTrue(pearson < 0.99, "pearson " + pearson);
    }

    @Test
    void nearZeroForIndependentNoise() {
        double[][] s = laplace(20000, 4, 3);
        double[][] noise = laplace(20000, 4, 4);
        double m = Mcc.mcc(s, noise);
        assertTrue(m < 0.03, "MCC of independent noise " + m);
        assertTrue(Mcc.mccSpearman(s, noise) < 0.03);
    }

    @Test
    void moreRecoveredComponentsThanTrueOnes() {
        double[][] s = laplace(1000, 2, 5);
        double[][] noise = laplace(1000, 3, 6);
        double[][] r = new double[1000][5];
        for (int i = 0; i < 1000; i++) {
            r[i] = new double[] {noise[i][0], s[i][1], noise[i][1], -s[i][0], noise[i][2]};
        }
        Mcc.Match m = Mcc.match(s, r, false);
        assertEquals(1.0, m.mcc(), 1e-12);
        assertArrayEquals(new int[] {3, 1}, m.matching());
        assertThrows(IllegalArgumentException.class, () -> Mcc.mcc(r, s));
    }

    @Test
    void constantColumnCorrelatesZeroAndRanksHandleTies() {
        double[][] a = {{1, 0}, {2, 0}, {3, 0}, {4, 0}};
        double[][] c = Mcc.correlationMatrix(a, a, false);
        assertEquals(1.0, c[0][0], 1e-12);
        assertEquals(0.0, c[1][1], 0);
        double[][] ranks = Mcc.ranks(new double[][] {{5}, {1}, {5}, {3}});
        assertArrayEquals(new double[] {3.5, 1, 3.5, 2},
                new double[] {ranks[0][0], ranks[1][0], ranks[2][0], ranks[3][0]}, 0);
    }
}
