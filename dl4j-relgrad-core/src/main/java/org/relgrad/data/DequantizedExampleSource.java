package org.relgrad.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.relgrad.data.MappedDataSetIterator;

import java.util.SplittableRandom;

/**
 * Examples on a grid made continuous: each grid column j gets uniform noise on (−Δⱼ/2, Δⱼ/2), fresh at every pass
 * for a shuffled (training) iterator, the same at every pass otherwise (validation and evaluation are repeatable).
 * The density of the noisy data then relates to the probabilities of the grid points: log P(x) ≥ E log p(x + u) +
 * Σ log Δⱼ.
 */
final class DequantizedExampleSource implements ExampleSource {
    private final ExampleSource inner;
    private final double[] steps;
    private final long seed;

    DequantizedExampleSource(ExampleSource inner, double[] steps, long seed) {
        this.inner = inner;
        this.steps = steps.clone();
        this.seed = seed;
    }

    @Override
    public int dims() {
        return inner.dims();
    }

    @Override
    public DataSetIterator iterator(int batch, Long shuffleSeed) {
        long noiseSeed = shuffleSeed == null ? seed : seed * 31 + shuffleSeed;
        SplittableRandom[] random = {new SplittableRandom(noiseSeed)};
        return new MappedDataSetIterator(inner.iterator(batch, shuffleSeed), ds -> {
            INDArray f = ds.getFeatures().dup();
            for (int i = 0; i < f.rows(); i++) {
                for (int j = 0; j < steps.length; j++) {
                    if (steps[j] > 0) {
                        f.putScalar(i, j, f.getDouble(i, j) + (random[0].nextDouble() - 0.5) * steps[j]);
                    }
                }
            }
            return new DataSet(f, ds.getLabels());
        }, () -> random[0] = new SplittableRandom(noiseSeed));
    }

    /** The grid rows' statistics: the noise is centred, so the means agree; the spread grows by Δ²/12 at most. */
    @Override
    public ColumnStats stats() {
        ColumnStats s = inner.stats();
        double[] std = s.std().clone();
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(std[j] * std[j] + steps[j] * steps[j] / 12);
        }
        return new ColumnStats(s.mean(), std, s.count());
    }

    @Override
    public String describe() {
        return inner.describe() + ", dequantised";
    }
}
