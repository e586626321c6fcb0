package org.relgrad.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One invertible layer frozen at its current parameters, evaluated exactly in double precision. A snapshot does its
 * expensive set-up (an LU of W) at most once, so one evaluation over many batches pays it once.
 */
public interface Bijection {

    /**
     * z = f(x) for a batch [B, D] (double, not modified); when {@code logDet} [B] is not null, adds
     * log|det ∂f/∂x| of each example to it.
     */
    INDArray forward(INDArray x, INDArray logDet);

    /** x = f^{-1}(z) for a batch [B, D] (double, not modified). */
    INDArray inverse(INDArray z);
}
