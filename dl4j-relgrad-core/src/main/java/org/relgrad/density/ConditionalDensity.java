package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A base density p(z | u) of a flow conditioned on a discrete segment u ∈ {0, …, S−1} (identifiable nonlinear ICA,
 * Gresele et al. 2020, eq. 4), with learned per-segment parameters. Each family is one class: its log-density, its
 * gradients with respect to z and to its parameters, and its sampler all live there, and the
 * {@code ConditionalDensityOutputLayer} that holds it (as an object, serialised to JSON by class name like
 * {@link BaseDensity}) only supplies the parameter tables and the one-hot labels.
 *
 * <p>Parameters are tables [S, D] named by {@link #parameterNames()}; they live in the output layer's parameter
 * vector in that order. Gradients follow DL4J's convention: of the negative log-likelihood summed over the batch.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        setterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public interface ConditionalDensity extends Serializable {

    /** Names of the per-segment parameter tables, each [segments, D], in the order of the layer's parameters. */
    List<String> parameterNames();

    /** The value every entry of table {@code name} starts from. */
    double initialValue(String name);

    /**
     * log p(z | u) per example: z [B, D], u one-hot [B, S], parameter tables [S, D] by name → [B], in the data type
     * of z. Arguments are not modified.
     */
    INDArray logProb(INDArray z, INDArray oneHot, Map<String, INDArray> params);

    /**
     * Gradients of −Σ_b log p(z_b | u_b): with respect to z into {@code gradZ} [B, D], and with respect to each
     * parameter table into {@code gradParams.get(name)} [S, D] (overwritten, not accumulated).
     */
    void gradients(INDArray z, INDArray oneHot, Map<String, INDArray> params, INDArray gradZ,
            Map<String, INDArray> gradParams);

    /** One draw of z given u per row of {@code oneHot} [B, S]: [B, D] in double precision. */
    INDArray sample(INDArray oneHot, Map<String, INDArray> params, Random rng);
}
