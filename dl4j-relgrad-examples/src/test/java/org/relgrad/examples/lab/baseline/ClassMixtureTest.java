package org.relgrad.examples.lab.baseline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassMixtureTest {

    @Test
    void priorsAreLogFrequenciesAndAbsentClassesMinusInfinity() {
        double[] p = ClassMixture.logPriors(new int[] {0, 2, 2, 2}, 3);
        assertEquals(Math.log(0.25), p[0], 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, p[1]);
        assertEquals(Math.log(0.75), p[2], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ClassMixture.logPriors(new int[] {3}, 3));
    }

    @Test
    void mixtureIsTheLogOfTheWeightedSumEvenFarBelowDoubleRange() {
        double[] logPrior = {Math.log(0.25), Double.NEGATIVE_INFINITY, Math.log(0.75)};
        double[][] perClass = {{-1.0, -2000.0}, null, {-3.0, -2001.0}};
        double[] m = ClassMixture.logProb(perClass, logPrior);
        assertEquals(Math.log(0.25 * Math.exp(-1) + 0.75 * Math.exp(-3)), m[0], 1e-14);
        // exp(-2000) underflows; the mixture is -2000 + log(0.25 + 0.75 e^-1)
        assertEquals(-2000 + Math.log(0.25 + 0.75 * Math.exp(-1)), m[1], 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> ClassMixture.logProb(new double[][] {null}, new double[] {Double.NEGATIVE_INFINITY}));
    }
}
