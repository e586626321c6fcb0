package org.relgrad.activations;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

import java.util.Optional;

/** Maps DL4J activation functions to their invertible math, for the ones a flow layer accepts. */
public final class InvertibleActivations {

    /** What a flow layer accepts, for error messages. */
    public static final String SUPPORTED = "new ActivationSmoothLeakyReLU(alpha) (default, 0 < alpha < 1), "
            + "Activation.IDENTITY, or Activation.LEAKYRELU / new ActivationLReLU(alpha) with alpha > 0";

    private InvertibleActivations() {
    }

    /** The invertible math of {@code fn}, or empty when {@code fn} is not a supported strictly monotone bijection of R. */
    public static Optional<InvertibleActivation> of(IActivation fn) {
        if (fn instanceof ActivationSmoothLeakyReLU) {
            double a = ((ActivationSmoothLeakyReLU) fn).getAlpha();
            return a > 0 && a < 1 ? Optional.of(new SmoothLeakyReLU(a)) : Optional.empty();
        }
        if (fn instanceof ActivationIdentity) {
            return Optional.of(Identity.INSTANCE);
        }
        if (fn instanceof ActivationLReLU) {
            double a = ((ActivationLReLU) fn).getAlpha();
            return a > 0 ? Optional.of(new LeakyReLU(a)) : Optional.empty();
        }
        return Optional.empty();
    }
}
