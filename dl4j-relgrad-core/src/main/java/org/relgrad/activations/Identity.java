package org.relgrad.activations;

import org.nd4j.linalg.api.ndarray.INDArray;

/** σ(y) = y: a purely linear (affine) flow layer, typically the last one. */
public final class Identity implements InvertibleActivation {
    public static final Identity INSTANCE = new Identity();

    @Override
    public INDArray applyInPlace(INDArray y) {
        return y;
    }

    @Override
    public INDArray derivative(INDArray y) {
        return y.ulike().assign(1.0);
    }

    @Override
    public INDArray logDerivative(INDArray y) {
        return y.ulike().assign(0.0);
    }

    @Override
    public INDArray logDerivativeGrad(INDArray y) {
        return y.ulike().assign(0.0);
    }

    @Override
    public INDArray inverse(INDArray z) {
        return z.dup();
    }

    @Override
    public boolean isIdentity() {
        return true;
    }

    @Override
    public boolean hasConstantLogDerivativeGrad() {
        return true;
    }

    @Override
    public String toString() {
        return "Identity";
    }
}
