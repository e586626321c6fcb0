package org.relgrad.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Mini-batches of an in-memory feature matrix [N, D] without labels, optionally reshuffled every epoch with a seed:
 * the unsupervised counterpart of DL4J's {@code ListDataSetIterator}.
 */
public class FeatureDataSetIterator implements DataSetIterator {
    private final INDArray features;
    private final int batchSize;
    private final Random shuffle;
    private int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    /** Batches in row order. */
    public FeatureDataSetIterator(INDArray features, int batchSize) {
        this(features, batchSize, null);
    }

    /** Batches of rows reshuffled at every reset by a generator seeded with {@code seed}; null keeps row order. */
    public FeatureDataSetIterator(INDArray features, int batchSize, Long seed) {
        if (features == null || features.rank() != 2 || features.rows() == 0) {
            throw new IllegalArgumentException("Features must be a non-empty [N, D] matrix");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Batch size must be positive, got " + batchSize);
        }
        this.features = features;
        this.batchSize = batchSize;
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
        INDArray batch;
        if (order == null) {
            batch = features.get(NDArrayIndex.interval(cursor, end), NDArrayIndex.all()).dup();
        } else {
            int[] rows = java.util.Arrays.copyOfRange(order, cursor, end);
            batch = Nd4j.pullRows(features, 1, rows);
        }
        cursor = end;
        DataSet ds = new DataSet(batch, null);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
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
        return 0;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        cursor = 0;
        if (shuffle != null) {
            int n = (int) features.rows();
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
