package org.relgrad.activations;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityTest extends InvertibleActivationContract {

    @Override
    protected List<Case> cases() {
        return List.of(new Case("Identity", Identity.INSTANCE, y -> y, y -> 1.0, 1.0, false));
    }

    @Test
    void flagsSayIdentityWithConstantLogDerivative() {
        assertTrue(Identity.INSTANCE.isIdentity());
        assertTrue(Identity.INSTANCE.hasConstantLogDerivativeGrad());
    }

    @Test
    void inverseReturnsACopyNotTheArgument() {
        INDArray z = dvec(new double[] {1, 2, 3});
        INDArray x = Identity.INSTANCE.inverse(z);
        assertNotSame(z, x);
        x.muli(10);
        assertEquals(1.0, z.getDouble(0), 0.0, "modifying inverse's result changed its argument");
    }
}
