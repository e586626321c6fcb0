package org.relgrad.activations;

import org.nd4j.linalg.api.ndarray.INDArray;

/** σ(y) = y: a purely linear (affine) flow layer, typically the last one. */
public final class Identity implements InvertibleActivation, ActivationKernel {
    public static final Identity INSTANCE = new Identity();

    @Override
    public INDArray applyInPlace(INDArray y) {
        return y;
    }

    @Override
    public ActivationKernel kernel() {
        return this;
    }

    @Override
    public double forward(double[] y, double[] z, double[] aux, int n) {
        if (z != y) {
            System.arraycopy(y, 0, z, 0, n);
        }
        return 0.0;
    }

    @Override
    public void delta(double[] eps, double[] aux, double[] delta, int n) {
        System.arraycopy(eps, 0, delta, 0, n);
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
