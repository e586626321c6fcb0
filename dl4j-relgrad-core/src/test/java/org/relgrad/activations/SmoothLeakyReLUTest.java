package org.relgrad.activations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SmoothLeakyReLUTest extends InvertibleActivationContract {

    static final double[] ALPHAS = {0.01, 0.1, 0.5, 0.9};

    /** softplus(y) = log(1 + e^y), written so that it neither overflows nor loses precision. */
    static double softplus(double y) {
        return y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y));
    }

    static double value(double alpha, double y) {
        return alpha * y + (1 - alpha) * softplus(y);
    }

    /** σ'(y) = α + (1 − α)·sigmoid(y). */
    static double derivative(double alpha, double y) {
        double sigmoid = y >= 0 ? 1 / (1 + Math.exp(-y)) : Math.exp(y) / (1 + Math.exp(y));
        return alpha + (1 - alpha) * sigmoid;
    }

    @Override
    protected List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        for (double a : ALPHAS) {
            cs.add(new Case("SmoothLeakyReLU(" + a + ")", new SmoothLeakyReLU(a), y -> value(a, y),
                    y -> derivative(a, y), a, false));
        }
        return cs;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, -1.0, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void constructorRejectsAlphaOutsideOpenUnitInterval(double alpha) {
        assertThrows(IllegalArgumentException.class, () -> new SmoothLeakyReLU(alpha));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-6, 0.01, 0.5, 0.999})
    void constructorAcceptsAlphaInsideOpenUnitInterval(double alpha) {
        assertEquals(alpha, new SmoothLeakyReLU(alpha).alpha(), 0.0);
    }

    @Test
    void flagsSayNonIdentityWithNonConstantLogDerivative() {
        SmoothLeakyReLU s = new SmoothLeakyReLU(0.1);
        assertFalse(s.isIdentity());
        assertFalse(s.hasConstantLogDerivativeGrad());
    }

    @Test
    void valueAtZeroIsScaledLog2AndSlopeIsMidway() {
        // σ(0) = (1 − α) log 2, σ'(0) = (1 + α)/2: hand-checkable anchors
        for (double a : ALPHAS) {
            SmoothLeakyReLU s = new SmoothLeakyReLU(a);
            assertEquals((1 - a) * Math.log(2), s.applyInPlace(dvec(new double[] {0})).getDouble(0), 1e-15);
            assertEquals((1 + a) / 2, s.derivative(dvec(new double[] {0})).getDouble(0), 1e-15);
            assertEquals((1 - a) * Math.log(2), s.value(0.0), 1e-15);
            assertEquals((1 + a) / 2, s.derivative(0.0), 1e-15);
        }
    }

    @Test
    void scalarHelpersMatchClosedForms() {
        double[] ys = concat(smoothGrid(), EXTREMES_DOUBLE);
        for (double a : ALPHAS) {
            SmoothLeakyReLU s = new SmoothLeakyReLU(a);
            for (double y : ys) {
                double scale = Math.max(1, Math.abs(y));
                assertEquals(value(a, y), s.value(y), 1e-13 * scale, "value at " + y);
                assertEquals(derivative(a, y), s.derivative(y), 1e-14, "derivative at " + y);
                assertEquals(y, s.inverse(value(a, y), 1e-15), 1e-12 * scale, "scalar inverse at " + y);
            }
        }
    }
}
