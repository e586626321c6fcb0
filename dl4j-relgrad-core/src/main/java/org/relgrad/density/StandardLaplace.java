package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Random;

/** Standard Laplace (location 0, scale 1): log p(z) = −|z| − log 2 per dimension (a super-Gaussian prior, as in ICA). */
public final class StandardLaplace implements BaseDensity {
    private static final double LOG_2 = Math.log(2);

    @Override
    public INDArray logProb(INDArray z) {
        return Transforms.abs(z, true).sum(1).negi().subi(z.columns() * LOG_2);
    }

    @Override
    public INDArray gradLogProb(INDArray z) {
        return Transforms.sign(z, true).negi();
    }

    @Override
    public INDArray sample(int n, int dims, Random rng) {
        return IidSamples.draw(n, dims, () -> {
            double u = rng.nextDouble() - 0.5;
            return -Math.signum(u) * Math.log1p(-2 * Math.abs(u));
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StandardLaplace;
    }

    @Override
    public int hashCode() {
        return 3;
    }

    @Override
    public String toString() {
        return "StandardLaplace";
    }
}
