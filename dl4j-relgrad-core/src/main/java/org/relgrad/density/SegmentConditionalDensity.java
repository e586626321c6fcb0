package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The math of a factorial density conditioned on a discrete segment u: per segment s and component i a location
 * μ[s,i] and a log-scale ℓ[s,i], so that with one-hot labels U [B,S], m = Uμ and l = Uℓ [B,D] and r = (z − m)·e^{−l}:
 * log p(z | u) = Σ_i log p(r_i) − l_i.
 *
 * <p>Gradients are of the negative log-likelihood summed over the batch, the convention of DL4J gradients.
 */
public final class SegmentConditionalDensity {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double LOG_2 = Math.log(2);

    private SegmentConditionalDensity() {
    }

    /** log p(z | u) per example: [B] . */
    public static INDArray logProb(ConditionalFamily family, INDArray z, INDArray oneHot, INDArray mu,
            INDArray logScale) {
        INDArray l = oneHot.mmul(logScale);
        INDArray r = standardised(z, oneHot, mu, l);
        INDArray perComponent = family == ConditionalFamily.GAUSSIAN
                ? r.muli(r).muli(-0.5).subi(HALF_LOG_2PI)
                : Transforms.abs(r, false).negi().subi(LOG_2);
        return perComponent.subi(l).sum(1);
    }

    /** ∂(−Σ log p)/∂z, ∂/∂μ and ∂/∂ℓ, written into the three given arrays ([B,D], [S,D], [S,D]). */
    public static void gradients(ConditionalFamily family, INDArray z, INDArray oneHot, INDArray mu, INDArray logScale,
            INDArray gradZ, INDArray gradMu, INDArray gradLogScale) {
        INDArray l = oneHot.mmul(logScale);
        INDArray invScale = Transforms.exp(l.neg(), false);
        INDArray r = standardised(z, oneHot, mu, l);
        // dNLL/dr: r (Gaussian) or sign(r) (Laplace); dNLL/dz = that · e^{−l}; dNLL/dm = −dNLL/dz
        INDArray dr = family == ConditionalFamily.GAUSSIAN ? r.dup() : Transforms.sign(r, true);
        gradZ.assign(dr.mul(invScale));
        Nd4j.gemm(oneHot, gradZ, gradMu, true, false, -1.0, 0.0);
        // dNLL/dl = 1 − r·dNLL/dr  (r² for the Gaussian, |r| for the Laplace)
        INDArray dl = dr.muli(r).rsubi(1.0);
        Nd4j.gemm(oneHot, dl, gradLogScale, true, false, 1.0, 0.0);
    }

    private static INDArray standardised(INDArray z, INDArray oneHot, INDArray mu, INDArray l) {
        return z.sub(oneHot.mmul(mu)).muli(Transforms.exp(l.neg(), false));
    }

    /**
     * One-hot segment labels [B,S] from either one-hot rows or a column of integer segment indices [B,1].
     *
     * @throws IllegalArgumentException with the expected shapes when the labels fit neither
     */
    public static INDArray oneHot(INDArray labels, long batch, int segments) {
        if (labels == null) {
            throw new IllegalArgumentException("A conditional density needs the auxiliary variable u as labels: "
                    + "one-hot [batch, " + segments + "] or segment indices [batch, 1]; got none");
        }
        INDArray lab = labels.rank() == 1 ? labels.reshape(labels.length(), 1) : labels;
        if (lab.rank() != 2 || lab.rows() != batch || (lab.columns() != segments && lab.columns() != 1)) {
            throw new IllegalArgumentException("Labels u of shape " + java.util.Arrays.toString(labels.shape())
                    + " do not fit a conditional density with " + segments + " segments and batch " + batch
                    + ": expected one-hot [" + batch + ", " + segments + "] or indices [" + batch + ", 1]");
        }
        if (segments == 1) {
            return Nd4j.ones(labels.dataType(), batch, 1);
        }
        if (lab.columns() == segments) {
            return lab;
        }
        INDArray out = Nd4j.zeros(labels.dataType(), batch, segments);
        for (long b = 0; b < batch; b++) {
            double v = lab.getDouble(b, 0);
            int s = (int) v;
            if (s != v || s < 0 || s >= segments) {
                throw new IllegalArgumentException("Segment index " + v + " in row " + b + " is not an integer in [0, "
                        + segments + ")");
            }
            out.putScalar(b, s, 1.0);
        }
        return out;
    }
}
