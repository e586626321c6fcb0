package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.DoubleSupplier;

/** An [n, dims] double matrix of independent draws from one univariate sampler. */
final class IidSamples {
    private IidSamples() {
    }

    static INDArray draw(int n, int dims, DoubleSupplier sampler) {
        double[] v = new double[Math.multiplyExact(n, dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = sampler.getAsDouble();
        }
        return Nd4j.create(v, new long[] {n, dims}, 'c');
    }
}
