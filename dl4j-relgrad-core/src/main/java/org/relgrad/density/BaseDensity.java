package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

import java.io.Serializable;
import java.util.Random;

/**
 * A base (latent) density p(z) = Π_i p_i(z_i) of a flow, factorised over dimensions.
 *
 * <p>Conditional densities p(z | u) (nonlinear ICA) extend this interface with the auxiliary variable as an extra
 * argument; unconditional densities are the special case that ignores it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        setterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public interface BaseDensity extends Serializable {

    /** log p(z) per example: [B, D] → [B] (summed over dimensions). */
    INDArray logProb(INDArray z);

    /** ∇_z log p(z): [B, D] → [B, D]. */
    INDArray gradLogProb(INDArray z);

    /** n independent draws in {@code dims} dimensions, [n, dims], double precision. */
    INDArray sample(int n, int dims, Random rng);
}
