package org.relgrad.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Mini-batches of in-memory pairs (x, c) for a context flow p(x | c) ({@code org.relgrad.flow.ContextFlow}): the
 * features [x, c] of each MultiDataSet are the same rows of both matrices, without labels, reshuffled at every reset
 * when a seed is given (the row order of {@link FeatureDataSetIterator} with the same seed).
 */
public class ContextDataSetIterator implements MultiDataSetIterator {
    private final FeatureDataSetIterator rows;
    private MultiDataSetPreProcessor preProcessor;

    /** @param seed reshuffles per reset; null keeps row order */
    public ContextDataSetIterator(INDArray x, INDArray c, int batchSize, Long seed) {
        if (c == null) {
            throw new IllegalArgumentException("A context flow's data need the context c [N, C]");
        }
        this.rows = new FeatureDataSetIterator(x, c, batchSize, seed);
    }

    /** Number of examples N. */
    public long numExamples() {
        return rows.numExamples();
    }

    @Override
    public MultiDataSet next(int num) {
        DataSet ds = rows.next(num);
        MultiDataSet m = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {ds.getFeatures(), ds.getLabels()},
                null);
        if (preProcessor != null) {
            preProcessor.preProcess(m);
        }
        return m;
    }

    @Override
    public MultiDataSet next() {
        return next(rows.batch());
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
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
        rows.reset();
    }
}
