package org.relgrad.density;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A conditional density that moves and scales a fixed standard shape p₀ per segment and component:
 * p(z_i | u) = p₀((z_i − μ_{u,i}) / s_{u,i}) / s_{u,i}, with learned location μ ("mu") and log-scale ℓ = log s
 * ("logScale"), both [S, D] and starting at 0 (every segment starts as the standard shape).
 *
 * <p>With one-hot labels U [B, S], m = Uμ, l = Uℓ and r = (z − m)·e^{−l}: log p(z | u) = Σ_i log p₀(r_i) − l_i,
 * ∂NLL/∂z = −∇log p₀(r)·e^{−l}, ∂NLL/∂μ = −Uᵀ ∂NLL/∂z, ∂NLL/∂ℓ = Uᵀ(1 + r·∇log p₀(r)); a draw is m + e^{l}·r₀ with
 * r₀ ~ p₀. A new family of this kind is a subclass naming its {@link #shape()}.
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
        INDArray l = u.mmul(table(params, LOG_SCALE, z));
        INDArray r = z.sub(u.mmul(table(params, MU, z))).muli(Transforms.exp(l.neg(), false));
        return shape().logProb(r).subi(l.sum(1));
    }

    @Override
    public void gradients(INDArray z, INDArray oneHot, Map<String, INDArray> params, INDArray gradZ,
            Map<String, INDArray> gradParams) {
        INDArray u = oneHot.castTo(z.dataType());
        INDArray l = u.mmul(table(params, LOG_SCALE, z));
        INDArray invScale = Transforms.exp(l.neg(), false);
        INDArray r = z.sub(u.mmul(table(params, MU, z))).muli(invScale);
        // ∂NLL/∂r = −∇log p₀(r); ∂NLL/∂z = that · e^{−l}; ∂NLL/∂m = −∂NLL/∂z
        INDArray dr = shape().gradLogProb(r).negi();
        gradZ.assign(dr.mul(invScale));
        Nd4j.gemm(u, gradZ, gradParams.get(MU), true, false, -1.0, 0.0);
        // ∂NLL/∂l = 1 − r·∂NLL/∂r
        INDArray dl = dr.muli(r).rsubi(1.0);
        Nd4j.gemm(u, dl, gradParams.get(LOG_SCALE), true, false, 1.0, 0.0);
    }

    @Override
    public INDArray sample(INDArray oneHot, Map<String, INDArray> params, Random rng) {
        INDArray u = oneHot.castTo(DataType.DOUBLE);
        INDArray r = shape().sample((int) u.rows(), (int) params.get(MU).columns(), rng);
        INDArray m = u.mmul(table(params, MU, r));
        INDArray s = Transforms.exp(u.mmul(table(params, LOG_SCALE, r)), false);
        return r.muli(s).addi(m);
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
