package org.relgrad.nn.layers;

/**
 * The contract of a runtime invertible layer of a flow: everything outside the layer ({@code Flow}, the
 * {@code InvertibilityGuard}, the score of frozen layers in {@code FlowNetwork}/{@code FlowGraph}) uses only this
 * interface, never the concrete class. A layer that implements it (next to DL4J's {@code Layer}, usually by extending
 * {@code BaseLayer} or {@code AbstractLayer}) is part of log p, inverses, samples and guards without further
 * registration.
 *
 * <p>During training the layer reports its Jacobian terms to DL4J itself: through {@code calcRegularizationScore}
 * (added to the output layer's score) and in its own {@code backpropGradient}.
 */
public interface BijectiveLayer {

    /** Width D of the layer's input and output. */
    long size();

    /** This layer at its current parameters, exact in double precision; see {@link Bijection}. */
    Bijection bijection();

    /**
     * −mean over the last forward batch of log|det ∂f/∂x|: this layer's exact share of the negative log-likelihood,
     * whatever the training configuration leaves out of the training score (for dense layers an LU of W, reused
     * while W is unchanged).
     */
    double negativeMeanLogDet();

    /**
     * Whether this layer, at its current parameters, is still a trustworthy bijection: finite parameters and, for
     * layers that solve with a matrix, a reciprocal condition number of at least {@code minReciprocalCondition}
     * (which element-wise and parameter-free layers may ignore). Never throws for a damaged layer: the report says
     * what is wrong. May cost O(D³) (an LU), so guards call it every so many iterations, not every step.
     */
    InvertibilityReport checkInvertibility(double minReciprocalCondition);
}
