package org.relgrad.ica;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HungarianTest {

    /** Minimum over all injective maps rows -> columns (n <= m), by exhaustive search. */
    private static double bruteForceMin(double[][] c) {
        return search(c, 0, new boolean[c[0].length]);
    }

    private static double search(double[][] c, int row, boolean[] usedCols) {
        if (row == c.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < usedCols.length; j++) {
            if (!usedCols[j]) {
                usedCols[j] = true;
                best = Math.min(best, c[row][j] + search(c, row + 1, usedCols));
                usedCols[j] = false;
            }
        }
        return best;
    }

    private static void assertValidAssignment(int[] a, int n, int m) {
        assertEquals(n, a.length);
        Set<Integer> seen = new HashSet<>();
        for (int j : a) {
            assertEquals(true, j >= 0 && j < m, "column out of range: " + j);
            assertEquals(true, seen.add(j), "column used twice: " + j);
        }
    }

    @Test
    void matchesBruteForceOnRandomSquareMatrices() {
        Random rng = new Random(1);
        for (int n = 1; n <= 7; n++) {
            for (int trial = 0; trial < 40; trial++) {
                double[][] c = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        // mix continuous costs and small integers (many ties)
                        c[i][j] = trial % 2 == 0 ? rng.nextDouble() * 10 - 3 : rng.nextInt(4);
                    }
                }
                int[] a = Hungarian.minimize(c);
                assertValidAssignment(a, n, n);
                assertEquals(bruteForceMin(c), Hungarian.total(c, a), 1e-9, "n=" + n + " trial=" + trial);
            }
        }
    }

    @Test
    void maximizeMatchesBruteForce() {
        Random rng = new Random(2);
        for (int n = 1; n <= 7; n++) {
            for (int trial = 0; trial < 20; trial++) {
                double[][] w = new double[n][n];
                double[][] neg = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        w[i][j] = rng.nextDouble();
                        neg[i][j] = -w[i][j];
                    }
                }
                int[] a = Hungarian.maximize(w);
                assertValidAssignment(a, n, n);
                assertEquals(-bruteForceMin(neg), Hungarian.total(w, a), 1e-9);
            }
        }
    }

    @Test
    void rectangularMatchesBruteForce() {
        Random rng = new Random(3);
        for (int n = 1; n <= 5; n++) {
            for (int m = n; m <= 7; m++) {
                double[][] c = new double[n][m];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] = rng.nextGaussian();
                    }
                }
                int[] a = Hungarian.minimize(c);
                assertValidAssignment(a, n, m);
                assertEquals(bruteForceMin(c), Hungarian.total(c, a), 1e-9, n + "x" + m);
            }
        }
    }

    @Test
    void recoversAPlantedPermutation() {
        int[] perm = {3, 0, 4, 1, 2};
        double[][] c = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                c[i][j] = j == perm[i] ? 0 : 1;
            }
        }
        assertArrayEquals(perm, Hungarian.minimize(c));
        assertArrayEquals(new int[0], Hungarian.minimize(new double[0][0]));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[3][2]));
        assertThrows(IllegalArgumentException.class,
                () -> Hungarian.minimize(new double[][] {{0, Double.NaN}, {1, 2}}));
    }
}
