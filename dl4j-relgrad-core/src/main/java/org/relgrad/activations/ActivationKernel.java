package org.relgrad.activations;

/**
 * The scalar form of an {@link InvertibleActivation} for the fused CPU path: one pass over a chunk of
 * pre-activations computes σ, what the backward pass needs and Σ log σ', and one pass over a chunk of upstream
 * gradients computes δ. Both work on {@code double[]} chunks whatever the network's data type.
 */
public interface ActivationKernel {

    /**
     * For i &lt; n: z[i] = σ(y[i]) ({@code z} may be {@code y}) and, unless {@code aux} is null, aux[i] = the value
     * {@link #delta} needs. Returns Σ_i log σ'(y[i]).
     */
    double forward(double[] y, double[] z, double[] aux, int n);

    /** For i &lt; n: delta[i] = eps[i]·σ'(y_i) − d/dy log σ'(y_i), from the aux[i] that {@link #forward} wrote. */
    void delta(double[] eps, double[] aux, double[] delta, int n);
}
