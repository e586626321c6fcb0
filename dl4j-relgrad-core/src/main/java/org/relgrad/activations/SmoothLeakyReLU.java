package org.relgrad.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The smooth leaky ReLU of Gresele et al. (2020): σ(y) = αy + (1−α)·softplus(y), with σ'(y) = α + (1−α)·sigmoid(y)
 * in (α, 1). Convex and strictly increasing; its inverse has no closed form and is found by Newton's method.
 */
public final class SmoothLeakyReLU implements InvertibleActivation {
    private static final int MAX_NEWTON_STEPS = 200;

    private final double alpha;

    public SmoothLeakyReLU(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("Smooth leaky ReLU needs 0 < alpha < 1 to be invertible, got " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public INDArray applyInPlace(INDArray y) {
        // softplus(y) = max(y, 0) + log1p(exp(-|y|)): no overflow for large |y|
        INDArray sp = Transforms.log1p(Transforms.exp(Transforms.abs(y, true).negi(), false), false)
                .addi(Transforms.relu(y, true));
        return y.muli(alpha).addi(sp.muli(1 - alpha));
    }

    @Override
    public INDArray derivative(INDArray y) {
        return Transforms.sigmoid(y, true).muli(1 - alpha).addi(alpha);
    }

    @Override
    public INDArray logDerivative(INDArray y) {
        // α + (1−α)·sigmoid(y) lies in (α, 1), so its log is bounded by log α and 0: no overflow possible
        return Transforms.log(derivative(y), false);
    }

    @Override
    public INDArray logDerivativeGrad(INDArray y) {
        // (1−α)·s(1−s) / (α + (1−α)s)
        INDArray s = Transforms.sigmoid(y, true);
        INDArray num = s.rsub(1.0).muli(s).muli(1 - alpha);
        return num.divi(s.muli(1 - alpha).addi(alpha));
    }

    @Override
    public INDArray inverse(INDArray z) {
        double[] v = z.dup('c').data().asDouble();
        double tol = z.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? 1e-15 : 1e-7;
        for (int i = 0; i < v.length; i++) {
            v[i] = inverse(v[i], tol);
        }
        return Nd4j.create(v, z.shape(), 'c').castTo(z.dataType());
    }

    /** Scalar σ^{-1}(z) by Newton's method from an upper bound; monotone convergence since σ is convex. */
    public double inverse(double z, double relTol) {
        if (!Double.isFinite(z)) {
            return z;
        }
        double y = z >= 0 ? z : z / alpha;
        for (int k = 0; k < MAX_NEWTON_STEPS; k++) {
            double f = value(y) - z;
            double step = f / derivative(y);
            y -= step;
            if (Math.abs(step) <= relTol * Math.max(1.0, Math.abs(y))) {
                break;
            }
        }
        return y;
    }

    /** Scalar σ(y). */
    public double value(double y) {
        double softplus = Math.max(y, 0) + Math.log1p(Math.exp(-Math.abs(y)));
        return alpha * y + (1 - alpha) * softplus;
    }

    /** Scalar σ'(y). */
    public double derivative(double y) {
        return alpha + (1 - alpha) / (1 + Math.exp(-y));
    }

    @Override
    public String toString() {
        return "SmoothLeakyReLU(alpha=" + alpha + ")";
    }
}
