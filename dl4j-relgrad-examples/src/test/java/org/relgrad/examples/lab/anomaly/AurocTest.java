package org.relgrad.examples.lab.anomaly;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AurocTest {

    /** The definition, pair by pair. */
    private static double bruteForce(double[] anomalies, double[] normals) {
        double wins = 0;
        for (double a : anomalies) {
            for (double b : normals) {
                wins += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return wins / (anomalies.length * (double) normals.length);
    }

    @Test
    void matchesThePairwiseDefinitionWithTies() {
        Random r = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            double[] a = new double[1 + r.nextInt(30)];
            double[] b = new double[1 + r.nextInt(30)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(8) + 1.0; // small integers: many ties
            }
            for (int j = 0; j < b.length; j++) {
                b[j] = r.nextInt(8);
            }
            assertEquals(bruteForce(a, b), Auroc.of(a, b), 1e-12);
        }
    }

    @Test
    void perfectReversedAndConstantScores() {
        assertEquals(1.0, Auroc.of(new double[] {5, 6}, new double[] {1, 2, 3}));
        assertEquals(0.0, Auroc.of(new double[] {0}, new double[] {1, 2}));
        assertEquals(0.5, Auroc.of(new double[] {1, 1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {Double.NaN}, new double[] {1}));
    }
}
