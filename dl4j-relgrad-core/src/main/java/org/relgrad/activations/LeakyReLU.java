package org.relgrad.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Leaky ReLU σ(y) = y for y ≥ 0, αy otherwise (α > 0); its log-derivative is piecewise constant (0 or log α). */
public final class LeakyReLU implements InvertibleActivation, ActivationKernel {
    private final double alpha;

    public LeakyReLU(double alpha) {
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("Leaky ReLU needs alpha > 0 to be invertible, got " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public ActivationKernel kernel() {
        return this;
    }

    /** aux keeps σ'(y): 1 or α. */
    @Override
    public double forward(double[] y, double[] z, double[] aux, int n) {
        long negatives = 0;
        for (int i = 0; i < n; i++) {
            double v = y[i];
            boolean neg = v < 0;
            negatives += neg ? 1 : 0;
            z[i] = neg ? alpha * v : v;
            if (aux != null) {
                aux[i] = neg ? alpha : 1.0;
            }
        }
        return negatives * Math.log(alpha);
    }

    @Override
    public void delta(double[] eps, double[] aux, double[] delta, int n) {
        for (int i = 0; i < n; i++) {
            delta[i] = eps[i] * aux[i];
        }
    }

    @Override
    public INDArray applyInPlace(INDArray y) {
        return Transforms.leakyRelu(y, alpha, false);
    }

    @Override
    public INDArray derivative(INDArray y) {
        return y.gte(0.0).castTo(y.dataType()).muli(1 - alpha).addi(alpha);
    }

    @Override
    public INDArray logDerivative(INDArray y) {
        INDArray d = y.lt(0.0).castTo(y.dataType());
        return d.muli(Math.log(alpha));
    }

    @Override
    public INDArray logDerivativeGrad(INDArray y) {
        return y.ulike().assign(0.0);
    }

    @Override
    public INDArray inverse(INDArray z) {
        return Transforms.leakyRelu(z, 1.0 / alpha, true);
    }

    @Override
    public boolean hasConstantLogDerivativeGrad() {
        return true;
    }

    @Override
    public String toString() {
        return "LeakyReLU(alpha=" + alpha + ")";
    }
}
