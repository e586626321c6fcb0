package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
        double[] v = new double[n * dims];
        for (int i = 0; i < v.length; i++) {
            double u = rng.nextDouble() - 0.5;
            v[i] = -Math.signum(u) * Math.log1p(-2 * Math.abs(u));
        }
        return Nd4j.create(v, new long[] {n, dims}, 'c');
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
