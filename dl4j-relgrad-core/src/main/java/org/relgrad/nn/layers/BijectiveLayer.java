package org.relgrad.nn.layers;

/** A runtime layer that the {@code Flow} API can run exactly in both directions. */
public interface BijectiveLayer {

    /** Width D of the layer's input and output. */
    long size();

    /** This layer at its current parameters; see {@link Bijection}. */
    Bijection bijection();

    /**
     * −mean over the last forward batch of log|det ∂f/∂x|: this layer's exact share of the negative log-likelihood,
     * whatever the training configuration leaves out of the training score (for dense layers an LU of W, reused
     * while W is unchanged).
     */
    double negativeMeanLogDet();
}
