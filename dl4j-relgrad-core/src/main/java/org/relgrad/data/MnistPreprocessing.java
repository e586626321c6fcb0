package org.relgrad.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The MNIST preprocessing of Gresele et al. (2020), taken from MAF (Papamakarios et al. 2017): a pixel byte p plus
 * uniform dequantisation noise u, y = p + u ∈ [0, 256), is scaled to x = y / 256 and mapped to the real line by
 * z = logit(λ + (1 − 2λ) x) with λ = 10⁻⁶. The flow models z; densities of the dequantised pixels y, the scale in
 * which MNIST results are reported (bits per pixel), need the log-determinant of this map, {@link #logDetJacobian}.
 */
public final class MnistPreprocessing {
    /** Keeps logit away from 0 and 1 (±13.8 at the extremes instead of ±∞). */
    public static final double LAMBDA = 1e-6;

    private MnistPreprocessing() {
    }

    /**
     * z for one pixel.
     *
     * @param pixel byte value in 0..255
     * @param noise dequantisation noise in [0, 1)
     */
    public static double logit(int pixel, double noise) {
        double x = LAMBDA + (1 - 2 * LAMBDA) * (pixel + noise) / 256.0;
        return Math.log(x / (1 - x));
    }

    /**
     * Per example, log |det ∂z/∂y| of the map from dequantised pixels y ∈ [0, 256)^D to preprocessed values z, so
     * that log p(y) = log p(z) + logDet and bits per pixel = −log p(y) / (D ln 2).
     *
     * <p>Per pixel, with x' = λ + (1 − 2λ) y / 256 = sigmoid(z): log(1 − 2λ) − log 256 − log x' − log(1 − x'), and
     * −log x' − log(1 − x') = softplus(−z) + softplus(z), computed from z alone.
     *
     * @param z preprocessed examples [N, D]
     * @return [N] log-determinants, double precision
     */
    public static INDArray logDetJacobian(INDArray z) {
        INDArray zd = z.castTo(DataType.DOUBLE);
        INDArray perPixel = Transforms.softPlus(zd, true).addi(Transforms.softPlus(zd.neg(), false));
        double constant = z.columns() * (Math.log1p(-2 * LAMBDA) - Math.log(256));
        return perPixel.sum(1).addi(constant);
    }
}
