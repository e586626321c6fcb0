package org.relgrad.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Mini-batches of an in-memory feature matrix [N, D] without labels (or with an auxiliary variable [N, K] for
 * conditional flows), optionally reshuffled every epoch with a seed: the unsupervised counterpart of DL4J's
 * {@code ListDataSetIterator}.
 */
public class FeatureDataSetIterator extends BaseBatchIterator {
    private final INDArray features;
    private final INDArray labels;
    private final Random shuffle;
    private int[] order;
    private int cursor;

    /** Batches in row order. */
    public FeatureDataSetIterator(INDArray features, int batchSize) {
        this(features, batchSize, null);
    }

    /** Batches of rows reshuffled at every reset by a generator seeded with {@code seed}; null keeps row order. */
    public FeatureDataSetIterator(INDArray features, int batchSize, Long seed) {
        this(features, null, batchSize, seed);
    }

    /**
     * Batches of rows of {@code features} with the same rows of {@code labels} (e.g. the segment u of a conditional
     * flow), reshuffled at every reset when {@code seed} is not null.
     */
    public FeatureDataSetIterator(INDArray features, INDArray labels, int batchSize, Long seed) {
        super(batchSize);
        if (features == null || features.rank() != 2 || features.rows() == 0) {
            throw new IllegalArgumentException("Features must be a non-empty [N, D] matrix");
        }
        if (labels != null && (labels.rank() != 2 || labels.rows() != features.rows())) {
            throw new IllegalArgumentException("Labels must be a matrix with one row per example (" + features.rows()
                    + "), got shape " + java.util.Arrays.toString(labels.shape()));
        }
        this.labels = labels;
        this.features = features;
        this.shuffle = seed == null ? null : new Random(seed);
        reset();
    }

    /** Number of examples N. */
    public long numExamples() {
        return features.rows();
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int end = (int) Math.min(cursor + (long) num, features.rows());
        INDArray batch = rows(features, end);
        INDArray batchLabels = labels == null ? null : rows(labels, end);
        cursor = end;
        return preProcessed(new DataSet(batch, batchLabels));
    }

    private INDArray rows(INDArray from, int end) {
        if (order == null) {
            return from.get(NDArrayIndex.interval(cursor, end), NDArrayIndex.all()).dup();
        }
        return Nd4j.pullRows(from, 1, java.util.Arrays.copyOfRange(order, cursor, end));
    }

    @Override
    public boolean hasNext() {
        return cursor < features.rows();
    }

    @Override
    public int inputColumns() {
        return (int) features.columns();
    }

    @Override
    public int totalOutcomes() {
        return labels == null ? 0 : (int) labels.columns();
    }

    @Override
    public void reset() {
        cursor = 0;
        if (shuffle != null) {
            order = org.relgrad.util.Permutations.shuffled((int) features.rows(), shuffle);
        }
    }
}
