package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/** Standard normal N(0, I): log p(z) = −|z|²/2 − (D/2)·log 2π. */
public final class StandardNormal implements BaseDensity {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Override
    public INDArray logProb(INDArray z) {
        return z.mul(z).sum(1).muli(-0.5).subi(0.5 * z.columns() * LOG_2PI);
    }

    @Override
    public INDArray gradLogProb(INDArray z) {
        return z.neg();
    }

    @Override
    public INDArray sample(int n, int dims, Random rng) {
        return IidSamples.draw(n, dims, rng::nextGaussian);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StandardNormal;
    }

    @Override
    public int hashCode() {
        return 1;
    }

    @Override
    public String toString() {
        return "StandardNormal";
    }
}
