package org.relgrad.flow;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.relgrad.data.MappedDataSetIterator;

import java.util.Arrays;

/**
 * Makes feature-only batches acceptable to DL4J's training loops.
 *
 * <p>DL4J 1.0.0-M2.1's {@code MultiLayerNetwork.fit(DataSetIterator)} silently stops at the first batch without
 * labels, and {@code ComputationGraph.fit} throws a NullPointerException. A flow's output layer ignores labels, so a
 * batch without labels is given its own features as a placeholder (same array: nothing is copied).
 */
final class UnsupervisedData {
    private UnsupervisedData() {
    }

    static DataSet withPlaceholderLabels(DataSet ds) {
        return withPlaceholderLabels(ds, null);
    }

    /**
     * @param labelsNeeded null if the output layer ignores labels; otherwise why it needs them (a conditional model,
     *                     whose labels carry the auxiliary variable u; an output layer that is no density layer): a
     *                     batch without labels is then this error, never silently given the features
     */
    static DataSet withPlaceholderLabels(DataSet ds, String labelsNeeded) {
        if (ds != null && ds.getLabels() == null && ds.getFeatures() != null && labelsNeeded != null) {
            throw new IllegalArgumentException(labelsNeeded + "; got a batch without labels");
        }
        if (ds == null || ds.getLabels() != null || ds.getFeatures() == null) {
            return ds;
        }
        return new org.nd4j.linalg.dataset.DataSet(ds.getFeatures(), ds.getFeatures(), ds.getFeaturesMaskArray(),
                null);
    }

    static MultiDataSet withPlaceholderLabels(MultiDataSet mds, int numOutputs) {
        if (mds == null || mds.getFeatures() == null || hasAllLabels(mds, numOutputs)) {
            return mds;
        }
        INDArray[] labels = new INDArray[numOutputs];
        INDArray[] given = mds.getLabels();
        for (int i = 0; i < numOutputs; i++) {
            labels[i] = given != null && i < given.length && given[i] != null ? given[i] : mds.getFeatures(0);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(mds.getFeatures(), labels, mds.getFeaturesMaskArrays(),
                null);
    }

    private static boolean hasAllLabels(MultiDataSet mds, int numOutputs) {
        INDArray[] l = mds.getLabels();
        return l != null && l.length == numOutputs && Arrays.stream(l).allMatch(a -> a != null);
    }

    /** A view of {@code it} whose feature-only batches carry placeholder labels. */
    static DataSetIterator wrap(DataSetIterator it) {
        return wrap(it, null);
    }

    /** As {@link #wrap(DataSetIterator)}, or, if labels are needed (see above), one that rejects batches without. */
    static DataSetIterator wrap(DataSetIterator it, String labelsNeeded) {
        return new MappedDataSetIterator(it, ds -> (org.nd4j.linalg.dataset.DataSet) withPlaceholderLabels(ds,
                labelsNeeded));
    }

    /** A view of {@code it} whose batches without labels carry placeholder labels for {@code numOutputs} outputs. */
    static MultiDataSetIterator wrap(MultiDataSetIterator it, int numOutputs) {
        return new MultiDataSetIterator() {
            @Override
            public org.nd4j.linalg.dataset.api.MultiDataSet next(int num) {
                return withPlaceholderLabels(it.next(num), numOutputs);
            }

            @Override
            public org.nd4j.linalg.dataset.api.MultiDataSet next() {
                return withPlaceholderLabels(it.next(), numOutputs);
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
                it.setPreProcessor(preProcessor);
            }

            @Override
            public MultiDataSetPreProcessor getPreProcessor() {
                return it.getPreProcessor();
            }

            @Override
            public boolean resetSupported() {
                return it.resetSupported();
            }

            @Override
            public boolean asyncSupported() {
                return it.asyncSupported();
            }

            @Override
            public void reset() {
                it.reset();
            }
        };
    }
}
