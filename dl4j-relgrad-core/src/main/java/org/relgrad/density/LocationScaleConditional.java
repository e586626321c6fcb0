package org.relgrad.density;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A conditional density that moves and scales a fixed standard shape p₀ per segment and component:
 * p(z_i | u) = p₀((z_i − μ_{u,i}) / s_{u,i}) / s_{u,i}, with learned location μ ("mu") and log-scale ℓ = log s
 * ("logScale"), both [S, D] and starting at 0 (every segment starts as the standard shape).
 *
 * <p>With one-hot labels U [B, S] this is {@link LocationScale} at m = Uμ, l = Uℓ: the context flow's base density
 * with a bias-free linear context branch on the one-hot segment (whose weights are [μ | ℓ]). A new family of this
 * kind is a subclass naming its {@link #shape()}.
 */
public abstract class LocationScaleConditional implements ConditionalDensity {
    public static final String MU = "mu";
    public static final String LOG_SCALE = "logScale";
    private static final List<String> NAMES = List.of(MU, LOG_SCALE);

    /** The standard shape p₀ (location 0, scale 1), factorised over components. */
    protected abstract BaseDensity shape();

    @Override
    public List<String> parameterNames() {
        return NAMES;
    }

    @Override
    public double initialValue(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("No parameter " + name + " in " + this + "; it has " + NAMES);
        }
        return 0.0;
    }

    private static INDArray table(Map<String, INDArray> params, String name, INDArray like) {
        INDArray t = params.get(name);
        if (t == null) {
            throw new IllegalArgumentException("Missing parameter table " + name + ": got " + params.keySet());
        }
        return t.dataType() == like.dataType() ? t : t.castTo(like.dataType());
    }

    @Override
    public INDArray logProb(INDArray z, INDArray oneHot, Map<String, INDArray> params) {
        INDArray u = oneHot.castTo(z.dataType());
        return LocationScale.logProb(shape(), z, u.mmul(table(params, MU, z)), u.mmul(table(params, LOG_SCALE, z)));
    }

    @Override
    public void gradients(INDArray z, INDArray oneHot, Map<String, INDArray> params, INDArray gradZ,
            Map<String, INDArray> gradParams) {
        INDArray u = oneHot.castTo(z.dataType());
        LocationScale.NllGradients g = LocationScale.nllGradients(shape(), z, u.mmul(table(params, MU, z)),
                u.mmul(table(params, LOG_SCALE, z)));
        gradZ.assign(g.z());
        // per-segment tables: m = Uμ, l = Uℓ, so ∂/∂μ = Uᵀ ∂/∂m and ∂/∂ℓ = Uᵀ ∂/∂l
        Nd4j.gemm(u, g.location(), gradParams.get(MU), true, false, 1.0, 0.0);
        Nd4j.gemm(u, g.logScale(), gradParams.get(LOG_SCALE), true, false, 1.0, 0.0);
    }

    @Override
    public INDArray sample(INDArray oneHot, Map<String, INDArray> params, Random rng) {
        INDArray u = oneHot.castTo(DataType.DOUBLE);
        return LocationScale.sample(shape(), u.mmul(table(params, MU, u)), u.mmul(table(params, LOG_SCALE, u)), rng);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().getName().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
