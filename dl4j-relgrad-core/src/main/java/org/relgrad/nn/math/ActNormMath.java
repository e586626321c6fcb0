package org.relgrad.nn.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The math of an ActNorm layer (Kingma and Dhariwal, Glow, 2018), a per-feature affine map
 * z = x ⊙ s + t with s = e^ℓ, so it is invertible for any finite log-scale ℓ: x = (z − t) ⊙ e^{−ℓ}, and
 * log|det ∂z/∂x| = Σ_i ℓ_i for every example.
 *
 * <p>For B examples its share of the negative log-likelihood is −B·Σ_i ℓ_i; with ε = ∂L/∂z from the layer above,
 * in DL4J's "gradients are sums over the mini-batch" convention: ∂L/∂x = ε ⊙ s, ∂L/∂t = Σ_b ε_b and
 * ∂L/∂ℓ = Σ_b ε_b ⊙ x_b ⊙ s − B. These are ordinary gradients: the layer has no matrix to precondition.
 *
 * <p>Data-dependent initialisation: ℓ = −log σ and t = −μ/σ with the per-feature mean μ and population standard
 * deviation σ (divisor B) of a batch, so that batch maps to mean 0 and variance 1 per feature.
 *
 * <p>ℓ, t and their gradients are [1, D] rows; batches are [B, D].
 */
public final class ActNormMath {

    private ActNormMath() {
    }

    /** z = x ⊙ e^ℓ + t, written into {@code out} [B, D] (x is not modified). */
    public static INDArray forward(INDArray x, INDArray logScale, INDArray shift, INDArray out) {
        INDArray s = Transforms.exp(logScale.castTo(out.dataType()), true).reshape(1, x.columns());
        return out.assign(x).muliRowVector(s).addiRowVector(shift.castTo(out.dataType()).reshape(1, x.columns()));
    }

    /** x = (z − t) ⊙ e^{−ℓ}, a new array in the data type of z. */
    public static INDArray inverse(INDArray z, INDArray logScale, INDArray shift) {
        INDArray invScale = Transforms.exp(logScale.castTo(z.dataType()).neg(), false).reshape(1, z.columns());
        return z.subRowVector(shift.castTo(z.dataType()).reshape(1, z.columns())).muliRowVector(invScale);
    }

    /** log|det ∂z/∂x| = Σ_i ℓ_i, the same for every example. */
    public static double logAbsDet(INDArray logScale) {
        return logScale.sumNumber().doubleValue();
    }

    /**
     * Writes the data-dependent initial values ℓ = −log σ and t = −μ/σ of batch {@code x} into {@code logScale} and
     * {@code shift}. A feature that is constant in the batch (σ = 0) keeps scale 1 and is only centred.
     */
    public static void initialise(INDArray x, INDArray logScale, INDArray shift) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        double[] mean = xd.mean(0).toDoubleVector();
        double[] var = xd.var(false, 0).toDoubleVector();
        int d = mean.length;
        double[] l = new double[d];
        double[] t = new double[d];
        for (int i = 0; i < d; i++) {
            double sd = Math.sqrt(var[i]);
            if (sd > 0 && Double.isFinite(sd)) {
                l[i] = -Math.log(sd);
                t[i] = -mean[i] / sd;
            } else {
                l[i] = 0;
                t[i] = -mean[i];
            }
        }
        logScale.assign(Nd4j.createFromArray(l).reshape(logScale.shape()).castTo(logScale.dataType()));
        shift.assign(Nd4j.createFromArray(t).reshape(shift.shape()).castTo(shift.dataType()));
    }

    /**
     * Gradients of a batch (sums over the batch, including the −B·Σℓ term) into {@code gradLogScale} and
     * {@code gradShift} (overwritten), and ∂L/∂x = ε ⊙ e^ℓ into {@code epsOut} unless it is null.
     *
     * @param x   the layer's input [B, D]
     * @param eps ∂L/∂z [B, D] (not modified)
     */
    public static void backward(INDArray x, INDArray logScale, INDArray eps, INDArray epsOut, INDArray gradLogScale,
            INDArray gradShift) {
        long batch = x.rows();
        INDArray s = Transforms.exp(logScale.castTo(eps.dataType()), true).reshape(1, x.columns());
        gradShift.assign(eps.sum(true, 0).reshape(gradShift.shape()));
        INDArray g = eps.mul(x).sum(true, 0).muli(s).subi(batch);
        gradLogScale.assign(g.reshape(gradLogScale.shape()));
        if (epsOut != null) {
            epsOut.assign(eps).muliRowVector(s);
        }
    }
}
