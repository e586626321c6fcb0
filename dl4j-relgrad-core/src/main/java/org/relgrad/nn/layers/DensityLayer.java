package org.relgrad.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/**
 * The contract of a flow's last runtime layer: the base density of the latents z, unconditional p(z) or conditioned on
 * an auxiliary variable u, p(z | u). {@code Flow} and {@code FlowNetwork} use only this interface.
 */
public interface DensityLayer {

    /** True if the density needs the auxiliary variable u (in a DataSet's labels during training). */
    boolean isConditional();

    /**
     * log p(z) (u is ignored and may be null) or log p(z | u) per example, in double precision: z [B, D] double →
     * [B]. A conditional layer takes u in the form its labels have (for segment densities one-hot [B, S] or indices
     * [B, 1]) and throws IllegalArgumentException, saying what it expects, for a missing or ill-shaped u.
     */
    INDArray logProb(INDArray z, INDArray u);

    /**
     * Draws of z in double precision, [n, dims]: {@code n} draws from p(z) (u must be null), or for a conditional
     * layer one draw from p(z | u_b) per row b of u (n must then equal the number of rows of u).
     */
    INDArray sample(int n, int dims, INDArray u, Random rng);
}
