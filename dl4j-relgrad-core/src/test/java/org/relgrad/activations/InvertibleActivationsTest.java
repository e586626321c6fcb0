package org.relgrad.activations;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationTanH;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvertibleActivationsTest {

    private static final double[] YS = {-30, -4, -1, -0.3, 0.2, 1, 4, 30};

    private static InvertibleActivation present(IActivation fn) {
        Optional<InvertibleActivation> m = InvertibleActivations.of(fn);
        assertTrue(m.isPresent(), fn + " should map to an invertible activation");
        return m.get();
    }

    /** The mapped math must compute the expected function (closed form in the test), not just have the right type. */
    private static void assertComputes(InvertibleActivation act, java.util.function.DoubleUnaryOperator f) {
        double[] out = InvertibleActivationContract.values(act.applyInPlace(InvertibleActivationContract.dvec(YS)));
        for (int i = 0; i < YS.length; i++) {
            assertEquals(f.applyAsDouble(YS[i]), out[i], 1e-12, act + " at y=" + YS[i]);
        }
    }

    @Test
    void smoothLeakyReLUMapsToSmoothLeakyReLUWithSameAlpha() {
        InvertibleActivation act = present(new ActivationSmoothLeakyReLU(0.2));
        assertInstanceOf(SmoothLeakyReLU.class, act);
        assertEquals(0.2, ((SmoothLeakyReLU) act).alpha(), 0.0);
        assertComputes(act, y -> SmoothLeakyReLUTest.value(0.2, y));
    }

    @Test
    void smoothLeakyReLUWithDefaultAlpha() {
        InvertibleActivation act = present(new ActivationSmoothLeakyReLU());
        assertComputes(act, y -> SmoothLeakyReLUTest.value(0.01, y));
    }

    @Test
    void smoothLeakyReLUWithAlphaOutsideOpenUnitIntervalIsRejected() {
        assertFalse(InvertibleActivations.of(new ActivationSmoothLeakyReLU(0.0)).isPresent());
        assertFalse(InvertibleActivations.of(new ActivationSmoothLeakyReLU(1.0)).isPresent());
        assertFalse(InvertibleActivations.of(new ActivationSmoothLeakyReLU(-0.3)).isPresent());
    }

    @Test
    void dl4jIdentityMapsToIdentity() {
        assertSame(Identity.INSTANCE, present(new ActivationIdentity()));
        InvertibleActivation viaEnum = present(Activation.IDENTITY.getActivationFunction());
        assertTrue(viaEnum.isIdentity());
        assertComputes(viaEnum, y -> y);
    }

    @Test
    void dl4jLeakyReLUWithPositiveAlphaMapsToLeakyReLU() {
        InvertibleActivation act = present(new ActivationLReLU(0.3));
        assertInstanceOf(LeakyReLU.class, act);
        assertEquals(0.3, ((LeakyReLU) act).alpha(), 0.0);
        assertComputes(act, y -> y >= 0 ? y : 0.3 * y);

        // Activation.LEAKYRELU: DL4J's default alpha 0.01
        InvertibleActivation viaEnum = present(Activation.LEAKYRELU.getActivationFunction());
        assertComputes(viaEnum, y -> y >= 0 ? y : 0.01 * y);
    }

    @Test
    void nonInvertibleActivationsAreRejected() {
        IActivation[] rejected = {new ActivationReLU(), new ActivationSigmoid(), new ActivationTanH(),
                new ActivationLReLU(0.0), new ActivationLReLU(-0.5), new ActivationSoftPlus(), new ActivationELU(),
                Activation.RELU.getActivationFunction(), Activation.SOFTMAX.getActivationFunction()};
        for (IActivation fn : rejected) {
            assertEquals(Optional.empty(), InvertibleActivations.of(fn), fn + " must not be accepted");
        }
    }
}
