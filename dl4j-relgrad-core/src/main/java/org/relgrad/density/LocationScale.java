package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Random;

/**
 * The one implementation of a base density q moved and scaled per example and component:
 * p(z | m, l) = Π_i e^{−l_i} q((z_i − m_i) e^{−l_i}), with location m and log-scale l given row by row, [B, D] each.
 * A segment-conditional density ({@link LocationScaleConditional}) takes m = Uμ and l = Uℓ from one-hot labels U and
 * per-segment tables; a context flow takes them from a sub-network of a continuous context. Both are this math.
 *
 * <p>With r = (z − m) e^{−l} and g = ∇log q(r): log p = log q(r) − Σ l; of the negative log-likelihood per example,
 * ∂/∂z = −g e^{−l}, ∂/∂m = g e^{−l}, ∂/∂l = g r + 1. Results are in the data type of z; arguments are not modified.
 */
public final class LocationScale {

    private LocationScale() {
    }

    /** Gradients of −log p(z_b | m_b, l_b) per example, each [B, D]. */
    public record NllGradients(INDArray z, INDArray location, INDArray logScale) {
    }

    /** log p(z | m, l) per example: [B]. */
    public static INDArray logProb(BaseDensity q, INDArray z, INDArray m, INDArray l) {
        INDArray ll = l.castTo(z.dataType());
        INDArray r = z.sub(m.castTo(z.dataType())).muli(Transforms.exp(ll.neg(), false));
        return q.logProb(r).subi(ll.sum(1));
    }

    public static NllGradients nllGradients(BaseDensity q, INDArray z, INDArray m, INDArray l) {
        INDArray invScale = Transforms.exp(l.castTo(z.dataType()).neg(), false);
        INDArray r = z.sub(m.castTo(z.dataType())).muli(invScale);
        INDArray g = q.gradLogProb(r);
        INDArray gm = g.mul(invScale);
        return new NllGradients(gm.neg(), gm, g.muli(r).addi(1.0));
    }

    /** One draw per row: m + e^{l} r₀ with r₀ ~ q, [B, D] in double precision. */
    public static INDArray sample(BaseDensity q, INDArray m, INDArray l, Random rng) {
        INDArray r = q.sample((int) m.rows(), (int) m.columns(), rng);
        return r.muli(Transforms.exp(l.castTo(r.dataType()), true)).addi(m.castTo(r.dataType()));
    }
}
