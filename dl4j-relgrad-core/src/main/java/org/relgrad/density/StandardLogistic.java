package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Random;

/** Standard logistic: log p(z) = −|z| − 2·log(1 + e^{−|z|}) per dimension (heavier tails than the normal). */
public final class StandardLogistic implements BaseDensity {

    @Override
    public INDArray logProb(INDArray z) {
        INDArray a = Transforms.abs(z, true);
        INDArray tail = Transforms.log1p(Transforms.exp(a.neg(), false), false).muli(2.0);
        return a.addi(tail).sum(1).negi();
    }

    @Override
    public INDArray gradLogProb(INDArray z) {
        // d/dz log p = −tanh(z/2)
        return Transforms.tanh(z.mul(0.5), false).negi();
    }

    @Override
    public INDArray sample(int n, int dims, Random rng) {
        return IidSamples.draw(n, dims, () -> {
            double u = rng.nextDouble();
            while (u == 0.0) {
                u = rng.nextDouble();
            }
            return Math.log(u) - Math.log1p(-u);
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StandardLogistic;
    }

    @Override
    public int hashCode() {
        return 2;
    }

    @Override
    public String toString() {
        return "StandardLogistic";
    }
}
