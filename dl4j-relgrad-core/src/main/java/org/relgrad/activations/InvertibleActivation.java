package org.relgrad.activations;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * The math of a strictly monotone element-wise activation σ: R → R, as a flow needs it: its value, the log of its
 * derivative (the Jacobian term of the likelihood), the derivative of that log (its gradient) and its inverse.
 *
 * <p>Every method returns a new array and leaves its argument untouched, except {@link #applyInPlace}.
 */
public interface InvertibleActivation extends Serializable {

    /** σ(y), overwriting {@code y}; returns {@code y}. */
    INDArray applyInPlace(INDArray y);

    /** σ(y) written into {@code out} (same shape; may be {@code y} itself); returns {@code out}. */
    default INDArray apply(INDArray y, INDArray out) {
        if (out != y) {
            out.assign(y);
        }
        return applyInPlace(out);
    }

    /**
     * δ = ε ⊙ σ'(y) − ∂/∂y log|σ'(y)|: the gradient of a loss with respect to the pre-activation when the loss holds
     * −log|σ'(y)| and ε is the gradient with respect to σ(y). A new array; {@code y} and {@code epsilon} are untouched.
     */
    default INDArray delta(INDArray y, INDArray epsilon) {
        if (isIdentity()) {
            return epsilon.dup();
        }
        INDArray d = derivative(y).muli(epsilon);
        return hasConstantLogDerivativeGrad() ? d : d.subi(logDerivativeGrad(y));
    }

    /** σ'(y). */
    INDArray derivative(INDArray y);

    /** log|σ'(y)|, computed without overflow or underflow for any finite y. */
    INDArray logDerivative(INDArray y);

    /** d/dy log|σ'(y)| (the gradient of the Jacobian term). */
    INDArray logDerivativeGrad(INDArray y);

    /** σ^{-1}(z), accurate to the precision of the data type. */
    INDArray inverse(INDArray z);

    /** The scalar kernel of this activation for the fused CPU path, or null if it has none (ND4J ops then). */
    default ActivationKernel kernel() {
        return null;
    }

    /** True if σ' is constant 1 (no Jacobian term at all), so callers can skip work. */
    default boolean isIdentity() {
        return false;
    }

    /** True if log|σ'| is piecewise constant, so {@link #logDerivativeGrad} is zero almost everywhere. */
    default boolean hasConstantLogDerivativeGrad() {
        return false;
    }
}
