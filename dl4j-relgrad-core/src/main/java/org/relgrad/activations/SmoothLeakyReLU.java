package org.relgrad.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The smooth leaky ReLU of Gresele et al. (2020): σ(y) = αy + (1−α)·softplus(y), with σ'(y) = α + (1−α)·sigmoid(y)
 * in (α, 1). Convex and strictly increasing; its inverse has no closed form and is found by Newton's method.
 */
public final class SmoothLeakyReLU implements InvertibleActivation, ActivationKernel {
    private static final int MAX_NEWTON_STEPS = 200;

    private final double alpha;
    /** σ' values multiplied before one log: α^k must stay far above Double.MIN_NORMAL (σ' lies in (α, 1)). */
    private final int productRun;

    public SmoothLeakyReLU(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("Smooth leaky ReLU needs 0 < alpha < 1 to be invertible, got " + alpha);
        }
        this.alpha = alpha;
        this.productRun = (int) Math.max(1, Math.min(64, Math.floor(600 / -Math.log(alpha))));
    }

    @Override
    public ActivationKernel kernel() {
        return this;
    }

    /**
     * With e = exp(−|y|): sigmoid s = 1/(1+e) or e/(1+e), softplus = max(y, 0) + log(1+e), σ' = α + (1−α)s. aux
     * keeps s. Σ log σ' takes one log per run of σ' values multiplied together (their product cannot underflow).
     */
    @Override
    public double forward(double[] y, double[] z, double[] aux, int n) {
        double a = alpha;
        double b = 1 - alpha;
        double logSum = 0;
        double product = 1;
        int run = 0;
        for (int i = 0; i < n; i++) {
            double v = y[i];
            double e = Math.exp(-Math.abs(v));
            double r = 1 / (1 + e);
            double s = v >= 0 ? r : e * r;
            // log(1+e) with 1+e in (1, 2]: its absolute error is that of log, tiny next to max(v, 0) + ... terms
            z[i] = a * v + b * (Math.max(v, 0) + Math.log(1 + e));
            if (aux != null) {
                aux[i] = s;
            }
            product *= a + b * s;
            if (++run == productRun) {
                logSum += Math.log(product);
                product = 1;
                run = 0;
            }
        }
        return logSum + Math.log(product);
    }

    @Override
    public void delta(double[] eps, double[] aux, double[] delta, int n) {
        double a = alpha;
        double b = 1 - alpha;
        for (int i = 0; i < n; i++) {
            double s = aux[i];
            double d = a + b * s;
            delta[i] = eps[i] * d - b * s * (1 - s) / d;
        }
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public INDArray applyInPlace(INDArray y) {
        return apply(y, y);
    }

    /**
     * σ(y) = leakyReLU_α(y) + (1−α)·softplus(−|y|): the same function, in six element-wise passes. ND4J's softplus
     * overflows for large positive arguments, so it only ever sees −|y| ≤ 0.
     */
    @Override
    public INDArray apply(INDArray y, INDArray out) {
        INDArray tail = Transforms.abs(y, true).negi();
        Transforms.softPlus(tail, false).muli(1 - alpha);
        Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU(y, out, alpha));
        return out.addi(tail);
    }

    /** One sigmoid for both σ' and the log-derivative's gradient: δ = ε·σ' − (1−α)·s(1−s)/σ'. */
    @Override
    public INDArray delta(INDArray y, INDArray epsilon) {
        INDArray d = Transforms.sigmoid(y, true).muli(1 - alpha).addi(alpha);
        INDArray curvature = Nd4j.getExecutioner().exec(
                new org.nd4j.linalg.api.ops.impl.transforms.strict.SigmoidDerivative(y, y.ulike()));
        curvature.muli(1 - alpha).divi(d);
        return d.muli(epsilon).subi(curvature);
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
