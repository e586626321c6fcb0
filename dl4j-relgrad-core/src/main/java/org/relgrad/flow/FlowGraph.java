package org.relgrad.flow;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.nn.layers.FrozenLayers;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.File;
import java.io.IOException;

/**
 * A {@link ComputationGraph} that also trains on feature-only data: {@code fit} and {@code score} accept batches
 * without labels, where plain {@code ComputationGraph.fit} throws a NullPointerException.
 */
public class FlowGraph extends ComputationGraph {

    public FlowGraph(ComputationGraphConfiguration conf) {
        super(conf);
    }

    /** Restores a graph saved with {@link ModelSerializer}. */
    public static FlowGraph load(File file, boolean loadUpdater) throws IOException {
        return from(ModelSerializer.restoreComputationGraph(file, loadUpdater));
    }

    /**
     * A FlowGraph with the configuration, parameters and updater state of {@code graph} (copied), e.g. of the plain
     * ComputationGraph that DL4J's {@code TransferLearning.GraphBuilder} builds: only a FlowGraph's score keeps the
     * Jacobians of frozen layers (see {@link #calcRegularizationScore}).
     */
    public static FlowGraph from(ComputationGraph graph) {
        return graph instanceof FlowGraph ? (FlowGraph) graph : copyOf(graph);
    }

    /** Always a copy (configuration, parameters, updater state, last score), also of a FlowGraph. */
    public static FlowGraph copyOf(ComputationGraph graph) {
        FlowGraph f = new FlowGraph(graph.getConfiguration().clone());
        // clone() drops the counters, and Adam-style updaters need the iteration count to continue exactly
        f.getConfiguration().setIterationCount(graph.getConfiguration().getIterationCount());
        f.getConfiguration().setEpochCount(graph.getConfiguration().getEpochCount());
        f.init(graph.params().dup(), false);
        INDArray state = graph.getUpdater() == null ? null : graph.getUpdater().getStateViewArray();
        if (state != null) {
            f.getUpdater().getStateViewArray().assign(state);
        }
        f.setScore(graph.score());
        return f;
    }

    /**
     * A FlowGraph copy (configuration, parameters, updater state, last score). DL4J's own {@code clone()} returns a
     * plain ComputationGraph; early stopping's {@code InMemoryModelSaver} finds this method by reflection on the class
     * itself.
     */
    @Override
    public FlowGraph clone() {
        if (getLayers() == null) {
            init();
        }
        return copyOf(this);
    }

    /** DL4J's sum of the layers' score terms plus the Jacobians of frozen invertible layers (see FlowNetwork). */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return super.calcRegularizationScore(backpropParamsOnly) + FrozenLayers.missingJacobianScore(getLayers());
    }

    /** The exact-likelihood view of this graph: per-example log p(x), inverse, sampling. */
    public Flow asFlow() {
        return Flow.of(this);
    }

    private int numOutputs() {
        return getConfiguration().getNetworkOutputs().size();
    }

    /** As DL4J computes it; the gradient then reports the flattened array itself (see {@link SameViewGradient}). */
    @Override
    public void computeGradientAndScore() {
        super.computeGradientAndScore();
        gradient = SameViewGradient.of(gradient, getFlattenedGradients());
    }

    @Override
    public void fit(MultiDataSetIterator multi) {
        // fit(DataSetIterator) adapts to a MultiDataSetIterator and lands here
        super.fit(UnsupervisedData.wrap(multi, numOutputs()));
    }

    @Override
    public void fit(INDArray[] inputs, INDArray[] labels, INDArray[] featureMaskArrays, INDArray[] labelMaskArrays) {
        if (labels == null || labels.length == 0) {
            labels = new INDArray[numOutputs()];
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                labels[i] = inputs[0];
            }
        }
        super.fit(inputs, labels, featureMaskArrays, labelMaskArrays);
    }

    @Override
    public double score(MultiDataSet dataSet, boolean training) {
        return super.score(UnsupervisedData.withPlaceholderLabels(dataSet, numOutputs()), training);
    }
}
