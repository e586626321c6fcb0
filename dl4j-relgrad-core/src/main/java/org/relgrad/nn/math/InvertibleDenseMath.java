package org.relgrad.nn.math;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.activations.InvertibleActivation;
import org.relgrad.linalg.HostLapack;
import org.relgrad.linalg.LuFactors;
import org.relgrad.nn.conf.layers.GradientMode;

/**
 * The math of one invertible dense layer z = σ(xW + b), in DL4J's row convention and its "gradients are sums over the
 * mini-batch" convention, kept apart from DL4J plumbing so the layer, the flow API and the tests share one copy.
 *
 * <p>For B examples the layer's contribution to the negative log-likelihood is
 * −Σ_n Σ_i log|σ'(y_ni)| − B·log|det W|.
 */
public final class InvertibleDenseMath {

    private InvertibleDenseMath() {
    }

    /** y = xW + b, written into {@code out} [B, D]. */
    public static INDArray preActivation(INDArray x, INDArray w, INDArray b, INDArray out) {
        Nd4j.gemm(x, w, out, false, false, 1.0, 0.0);
        return out.addiRowVector(b);
    }

    /**
     * δ = ∂L/∂y = ε ⊙ σ'(y) − ∂/∂y log|σ'(y)|, where ε = ∂L/∂z comes from the layer above. Returns a new array
     * (ε is not modified).
     */
    public static INDArray delta(InvertibleActivation act, INDArray y, INDArray epsilon) {
        return act.delta(y, epsilon);
    }

    /**
     * Writes the descent direction for W and b into {@code gradW} [D, D] and {@code gradB} [1, D], including the
     * −B·log|det W| term. Everything is O(B·D²) except {@link GradientMode#EUCLIDEAN}, which inverts W (O(D³)).
     *
     * @param x      layer input [B, D]
     * @param y      pre-activation xW + b [B, D]
     * @param delta  ∂L/∂y [B, D]
     * @param eps    δWᵀ [B, D], the gradient passed to the layer below (reused by the transposed direction)
     * @param biasInLogDetTerm for {@link GradientMode#RELATIVE}: whether the log-det term moves b too (−B·b);
     *                         false = the authors' variant
     */
    public static void parameterDirection(GradientMode mode, boolean biasInLogDetTerm, INDArray x, INDArray y,
            INDArray delta, INDArray eps, INDArray w, INDArray bias, INDArray gradW, INDArray gradB) {
        long batch = x.rows();
        // bias parameter and gradient views may be rank 1; the products below want a [1, D] row
        INDArray b = bias.reshape(1, bias.length());
        INDArray gb;
        double biasLogDet = biasInLogDetTerm ? -batch : 0.0;
        switch (mode) {
            case RELATIVE: {
                // W: (y Wᵀ)ᵀ δ − B·W. Associating as W (yᵀ δ) would cost O(D³) and defeat the method.
                INDArray yWt = Nd4j.gemm(y, w, false, true);
                w.mul(-batch, gradW);
                Nd4j.gemm(yWt, delta, gradW, true, false, 1.0, 1.0);
                // b: (1 + y bᵀ)ᵀ δ − B·b
                INDArray c = Nd4j.gemm(y, b, false, true).addi(1.0);
                gb = Nd4j.gemm(c, delta, true, false).addi(b.mul(biasLogDet));
                break;
            }
            case TRANSPOSED_RELATIVE: {
                // [W; b] block times WᵀW: W ← xᵀ((δWᵀ)W) − B·W, b ← ((1ᵀδ)Wᵀ)W (log|det W| does not depend on b)
                INDArray epsW = Nd4j.gemm(eps, w, false, false);
                w.mul(-batch, gradW);
                Nd4j.gemm(x, epsW, gradW, true, false, 1.0, 1.0);
                INDArray sWt = Nd4j.gemm(delta.sum(true, 0), w, false, true);
                gb = Nd4j.gemm(sWt, w, false, false);
                break;
            }
            case EUCLIDEAN: {
                // W: xᵀδ − B·W^{-T}
                HostLapack.inverse(w).transpose().mul(-batch, gradW);
                Nd4j.gemm(x, delta, gradW, true, false, 1.0, 1.0);
                gb = delta.sum(true, 0);
                break;
            }
            default:
                throw new IllegalArgumentException("Unknown gradient mode " + mode);
        }
        gradB.assign(gb.reshape(gradB.shape()));
    }

    /** Σ_i log|σ'(y_ni)| per example: [B, D] → [B]. */
    public static INDArray activationLogDet(InvertibleActivation act, INDArray y) {
        if (act.isIdentity()) {
            return Nd4j.zeros(y.dataType(), y.rows());
        }
        return act.logDerivative(y).sum(1);
    }

    /** x = (σ^{-1}(z) − b) W^{-1}, using a precomputed LU of W. */
    public static INDArray inverse(InvertibleActivation act, INDArray z, LuFactors luOfW, INDArray b) {
        INDArray y = act.inverse(z).subiRowVector(b.castTo(z.dataType()));
        return luOfW.solveRight(y);
    }

    /** LU of W, for log|det W| and inverses. */
    public static LuFactors lu(INDArray w) {
        return HostLapack.lu(w);
    }
}
