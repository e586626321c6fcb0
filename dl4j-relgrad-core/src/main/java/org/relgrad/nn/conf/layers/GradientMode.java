package org.relgrad.nn.conf.layers;

/**
 * Which descent direction an {@link InvertibleDenseLayer} hands to the updater (Adam, Sgd, …).
 *
 * <p>With y = xW + b (DL4J's row convention), δ = ∂L/∂y and Ã = [[W, 0], [b, 1]] the augmented weight matrix, for a
 * mini-batch of B examples:
 */
public enum GradientMode {
    /**
     * Relative gradient Ã Ãᵀ ∇L (Gresele et al., 2020; the paper's method in row convention):
     * W ← (yWᵀ)ᵀδ − B·W, b ← (1 + ybᵀ)ᵀδ − B·b. O(B·D²), no inverse. The default.
     */
    RELATIVE,
    /**
     * The right metric WᵀW on the parameter block [W; b] (what the paper's column formula gives if applied literally
     * to DL4J's W): W ← xᵀ((δWᵀ)W) − B·W, b ← ((1ᵀδ)Wᵀ)W. Also O(B·D²) and inverse-free; a different, equally valid
     * descent direction. log|det W| does not depend on b, so b gets no log-det term here.
     */
    TRANSPOSED_RELATIVE,
    /**
     * The ordinary (Euclidean) gradient: W ← xᵀδ − B·W^{-T}. Needs an O(D³) LU inverse every step; for comparison and
     * gradient checks.
     */
    EUCLIDEAN
}
