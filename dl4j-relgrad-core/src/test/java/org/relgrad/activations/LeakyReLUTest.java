package org.relgrad.activations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakyReLUTest extends InvertibleActivationContract {

    static final double[] ALPHAS = {0.01, 0.2, 0.5};

    @Override
    protected List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        for (double a : ALPHAS) {
            cs.add(new Case("LeakyReLU(" + a + ")", new LeakyReLU(a), y -> y >= 0 ? y : a * y,
                    y -> y >= 0 ? 1.0 : a, a, true));
        }
        return cs;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.5, -1e-9, Double.NaN})
    void constructorRejectsNonPositiveAlpha(double alpha) {
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(alpha));
    }

    @Test
    void constructorAcceptsPositiveAlpha() {
        assertEquals(0.3, new LeakyReLU(0.3).alpha(), 0.0);
    }

    @Test
    void flagsSayNonIdentityWithPiecewiseConstantLogDerivative() {
        LeakyReLU l = new LeakyReLU(0.1);
        assertFalse(l.isIdentity());
        assertTrue(l.hasConstantLogDerivativeGrad());
    }

    @Test
    void piecewiseValuesAtHandPickedPoints() {
        LeakyReLU l = new LeakyReLU(0.25);
        double[] ys = {-8, -1, 0, 2, 1e6};
        assertArrayEquals(new double[] {-2, -0.25, 0, 2, 1e6}, values(l.applyInPlace(dvec(ys))), 0.0);
        assertArrayEquals(new double[] {0.25, 0.25, 1, 1, 1}, values(l.derivative(dvec(ys))), 0.0);
        double la = Math.log(0.25);
        assertArrayEquals(new double[] {la, la, 0, 0, 0}, values(l.logDerivative(dvec(ys))), 1e-15);
        assertArrayEquals(new double[] {-32, -4, 0, 2, 1e6}, values(l.inverse(dvec(ys))), 0.0);
    }
}
