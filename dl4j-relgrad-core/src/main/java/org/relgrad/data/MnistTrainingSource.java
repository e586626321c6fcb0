package org.relgrad.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * MNIST training images with dequantisation noise drawn afresh at every pass of a shuffled iterator, then
 * preprocessed ({@link MnistPreprocessing}). A model trained on one fixed draw of the noise can learn that draw: with
 * 39 million continuous values it does, and its held-out likelihood stops improving early. Fresh noise makes every
 * epoch a new sample of the dequantised data, as dequantisation layers of flow libraries do. An unshuffled iterator
 * (statistics, evaluation of the training part) sees one fixed draw, so it is repeatable.
 *
 * <p>The noise of pass k depends only on the seed and k, and a resetting iterator's pass k is what it gives after
 * k − 1 resets, so a resumed run sees the noise an uninterrupted one would.
 */
final class MnistTrainingSource implements ExampleSource {
    private final INDArray pixels; // [N, D] byte values 0..255 as float32
    private final long seed;
    private final String description;
    private ColumnStats stats;

    MnistTrainingSource(INDArray pixels, long seed, String description) {
        this.pixels = pixels;
        this.seed = seed;
        this.description = description;
    }

    @Override
    public int dims() {
        return (int) pixels.columns();
    }

    /** Number of images N. */
    long size() {
        return pixels.rows();
    }

    @Override
    public DataSetIterator iterator(int batch, Long shuffleSeed) {
        long base = shuffleSeed == null ? seed : seed * 1_000_003L + shuffleSeed;
        long[] pass = {0};
        SplittableRandom[] noise = {new SplittableRandom(base)};
        Runnable onReset = shuffleSeed == null ? () -> noise[0] = new SplittableRandom(base)
                : () -> noise[0] = new SplittableRandom(base + 0x9E3779B97F4A7C15L * ++pass[0]);
        return new MappedDataSetIterator(new FeatureDataSetIterator(pixels, batch, shuffleSeed),
                ds -> new DataSet(preprocess(ds.getFeatures(), noise[0]), null), onReset);
    }

    private static INDArray preprocess(INDArray batchPixels, SplittableRandom noise) {
        float[] p = batchPixels.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] z = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            z[i] = (float) MnistPreprocessing.logit((int) p[i], noise.nextDouble());
        }
        return Nd4j.create(z, batchPixels.shape(), DataType.FLOAT);
    }

    /** Of one fixed draw of the noise (the unshuffled pass), cached. */
    @Override
    public synchronized ColumnStats stats() {
        if (stats == null) {
            RunningColumnStats running = new RunningColumnStats(dims());
            DataSetIterator it = iterator(4096, null);
            while (it.hasNext()) {
                double[] chunk = it.next().getFeatures().castTo(DataType.DOUBLE).dup('c').data().asDouble();
                for (int offset = 0; offset < chunk.length; offset += dims()) {
                    running.add(chunk, offset);
                }
            }
            stats = running.toStats();
        }
        return stats;
    }

    @Override
    public String describe() {
        return description;
    }
}
