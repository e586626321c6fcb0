package org.relgrad.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;

/**
 * What every mini-batch iterator of this library shares: a fixed batch size, an optional DataSet preprocessor,
 * resettable, no class labels, and no asynchronous prefetching (which would read ahead of a reset).
 * Subclasses supply the batches through {@link #next(int)}, which should end with {@link #preProcessed(DataSet)}.
 */
public abstract class BaseBatchIterator implements DataSetIterator {
    private final int batchSize;
    private DataSetPreProcessor preProcessor;

    protected BaseBatchIterator(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** {@code ds} after the preprocessor, if one is set. */
    protected DataSet preProcessed(DataSet ds) {
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
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
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
