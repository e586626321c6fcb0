package org.relgrad.examples.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The paper's MNIST space: v = logit(λ + (1 − 2λ)·x/256) for dequantised pixels x ∈ [0, 256), λ = 1e-6. Densities
 * there convert to pixel space, where bits per dimension are reported, by log|dv/dx|.
 */
final class LogitSpace {
    static final double LAMBDA = 1e-6;

    private LogitSpace() {
    }

    /**
     * Σ_i log|dv_i/dx_i| per example for logit-space data v [B, D]: with s = sigmoid(v),
     * dv/dx = (1 − 2λ) / (256 · s · (1 − s)), and log s(1 − s) = −softplus(v) − softplus(−v).
     */
    static INDArray logDetToPixels(INDArray v) {
        INDArray d = v.castTo(DataType.DOUBLE);
        INDArray logS1mS = Transforms.softPlus(d, true).addi(Transforms.softPlus(d.neg(), false)).negi();
        double perDim = Math.log(1 - 2 * LAMBDA) - Math.log(256);
        return logS1mS.negi().addi(perDim).sum(1);
    }
}
