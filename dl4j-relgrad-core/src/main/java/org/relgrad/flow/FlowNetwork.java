package org.relgrad.flow;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.deeplearning4j.nn.api.Layer;
import org.relgrad.nn.layers.DensityLayer;
import org.relgrad.nn.layers.FrozenLayers;
import org.relgrad.nn.layers.InputGradientOptional;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.File;
import java.io.IOException;

/**
 * A {@link MultiLayerNetwork} that also trains on feature-only data: {@code fit(iterator)} and {@code score(dataSet)}
 * accept batches without labels, which plain {@code MultiLayerNetwork.fit(DataSetIterator)} silently skips.
 * Everything else (listeners, updaters, ModelSerializer, early stopping) is unchanged.
 */
public class FlowNetwork extends MultiLayerNetwork {

    public FlowNetwork(MultiLayerConfiguration conf) {
        super(conf);
    }

    public FlowNetwork(MultiLayerConfiguration conf, INDArray params) {
        super(conf, params);
    }

    /**
     * Restores a network saved with {@link ModelSerializer} (by this class or a plain MultiLayerNetwork).
     *
     * @param loadUpdater whether to restore the updater state too (needed to continue training exactly)
     */
    public static FlowNetwork load(File file, boolean loadUpdater) throws IOException {
        return from(ModelSerializer.restoreMultiLayerNetwork(file, loadUpdater));
    }

    /**
     * A FlowNetwork with the configuration, parameters and updater state of {@code net} (copied), e.g. of the plain
     * MultiLayerNetwork that DL4J's {@code TransferLearning} builds: only a FlowNetwork's score keeps the Jacobians of
     * frozen layers (see {@link #calcRegularizationScore}).
     */
    public static FlowNetwork from(MultiLayerNetwork net) {
        return net instanceof FlowNetwork ? (FlowNetwork) net : copyOf(net);
    }

    /** Always a copy (configuration, parameters, updater state, last score), also of a FlowNetwork. */
    public static FlowNetwork copyOf(MultiLayerNetwork net) {
        FlowNetwork f = new FlowNetwork(net.getLayerWiseConfigurations().clone());
        // keep the counters explicitly: Adam-style updaters need the iteration count to continue exactly
        f.getLayerWiseConfigurations().setIterationCount(net.getLayerWiseConfigurations().getIterationCount());
        f.getLayerWiseConfigurations().setEpochCount(net.getLayerWiseConfigurations().getEpochCount());
        f.init(net.params().dup(), false);
        INDArray state = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (state != null) {
            f.getUpdater().getStateViewArray().assign(state);
        }
        f.setScore(net.score());
        return f;
    }

    /**
     * A FlowNetwork copy (configuration, parameters, updater state, last score). DL4J's own {@code clone()} returns a
     * plain MultiLayerNetwork, which cannot train on feature-only data; early stopping's {@code InMemoryModelSaver}
     * finds this method by reflection on the class itself.
     */
    @Override
    public FlowNetwork clone() {
        if (getLayers() == null) {
            init();
        }
        return copyOf(this);
    }

    /** The exact-likelihood view of this network: per-example log p(x), inverse, sampling. */
    public Flow asFlow() {
        return Flow.of(this);
    }

    /** Null if batches without labels may get placeholder labels, else why they may not (see UnsupervisedData). */
    private String labelsNeeded() {
        Layer out = FrozenLayers.unwrap(getOutputLayer());
        if (out instanceof DensityLayer) {
            return ((DensityLayer) out).isConditional() ? "This flow's base density is conditional on u: every batch "
                    + "needs labels u (one-hot [batch, segments] or segment indices [batch, 1])" : null;
        }
        return "The last layer of this FlowNetwork (layer " + (getnLayers() - 1) + ", " + out.getClass()
                .getSimpleName() + ") is not a DensityOutputLayer: it needs labels, and without one the network is no "
                + "flow. End the network in a DensityOutputLayer (or ConditionalDensityOutputLayer) to train it on "
                + "features only";
    }

    /**
     * DL4J's sum of the layers' score terms, plus the Jacobian terms of frozen invertible layers, which DL4J's frozen
     * wrappers drop: so {@code score}, early stopping and listeners see the exact negative log-likelihood also after
     * {@code TransferLearning.setFeatureExtractor}.
     */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return super.calcRegularizationScore(backpropParamsOnly) + FrozenLayers.missingJacobianScore(getLayers());
    }

    /** As DL4J computes it; the gradient then reports the flattened array itself (see {@link SameViewGradient}). */
    @Override
    public void computeGradientAndScore() {
        // DL4J drops the first layer's input gradient here (it keeps it only for backpropGradient(epsilon)), and
        // parameter-free layers at the front (standardisation) need none either, nor does the first layer after them
        java.util.List<InputGradientOptional> skip = new java.util.ArrayList<>();
        for (int i = 0; i < getnLayers() - 1 && getLayerWiseConfigurations().getInputPreProcess(i) == null
                && getLayer(i) instanceof InputGradientOptional; i++) {
            skip.add((InputGradientOptional) getLayer(i));
            if (getLayer(i).numParams() > 0) {
                break;
            }
        }
        skip.forEach(l -> l.setInputGradientNeeded(false));
        try {
            super.computeGradientAndScore();
        } finally {
            skip.forEach(l -> l.setInputGradientNeeded(true));
        }
        gradient = SameViewGradient.of(gradient, getFlattenedGradients());
    }

    @Override
    public void fit(DataSetIterator iterator) {
        super.fit(UnsupervisedData.wrap(iterator, labelsNeeded()));
    }

    @Override
    public void fit(DataSet data) {
        super.fit(UnsupervisedData.withPlaceholderLabels(data, labelsNeeded()));
    }

    @Override
    public double score(org.nd4j.linalg.dataset.DataSet data, boolean training) {
        return super.score((org.nd4j.linalg.dataset.DataSet) UnsupervisedData.withPlaceholderLabels(data,
                labelsNeeded()), training);
    }
}
