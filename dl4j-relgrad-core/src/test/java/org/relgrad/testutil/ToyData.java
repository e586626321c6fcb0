package org.relgrad.testutil;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Synthetic data with known densities, generated in the tests (independent of the library). */
public final class ToyData {
    private ToyData() {
    }

    /** x = L e + m with e ~ N(0, I): a correlated, shifted Gaussian whose exact NLL is known. */
    public static INDArray gaussian(int n, double[][] l, double[] m, long seed) {
        Random r = new Random(seed);
        int d = m.length;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) {
            double[] e = new double[d];
            for (int j = 0; j < d; j++) {
                e[j] = r.nextGaussian();
            }
            for (int j = 0; j < d; j++) {
                double s = m[j];
                for (int k = 0; k < d; k++) {
                    s += l[j][k] * e[k];
                }
                v[i * d + j] = s;
            }
        }
        return Nd4j.create(v, new long[] {n, d}, 'c');
    }

    /** Two interleaved half moons with Gaussian noise, [n, 2]. */
    public static INDArray moons(int n, double noise, long seed, DataType type) {
        Random r = new Random(seed);
        double[] v = new double[n * 2];
        for (int i = 0; i < n; i++) {
            double t = Math.PI * r.nextDouble();
            boolean upper = r.nextBoolean();
            double x = upper ? Math.cos(t) : 1 - Math.cos(t);
            double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            v[2 * i] = (x - 0.5) * 2 + noise * r.nextGaussian();
            v[2 * i + 1] = (y - 0.25) * 2 + noise * r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {n, 2}, 'c').castTo(type);
    }

    /** Uniform random matrix entries in [-1, 1]. */
    public static INDArray uniform(int rows, int cols, long seed, DataType type) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c').castTo(type);
    }
}
