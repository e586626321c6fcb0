package org.relgrad.flow;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.density.BaseDensity;
import org.relgrad.nn.conf.layers.ContextDensityOutputLayer;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.conf.layers.StandardizationLayer;

/**
 * The conditional flows p(x | c) the tools build (see {@link ContextFlow}): inputs "x" and "c"; x passes an optional
 * {@link StandardizationLayer} and {@code flowLayers} square invertible dense layers (smooth leaky ReLU of slope
 * {@code alpha}, the last linear); c passes {@code hiddenLayers} tanh layers of width {@code hidden} (with weight decay
 * {@code weightDecay}) to "theta", the location and log-scale [μ | s] of the standardised {@code base} density. Theta
 * starts at zero weights, so an untrained model is the unconditional flow with the standard base, and the context's
 * effect is learned.
 */
public record ContextFlowArchitecture(int flowLayers, double alpha, int hiddenLayers, int hidden, double weightDecay,
        BaseDensity base) {

    public ContextFlowArchitecture {
        if (flowLayers < 1 || hiddenLayers < 0 || (hiddenLayers > 0 && hidden < 1) || !(weightDecay >= 0)
                || base == null) {
            throw new IllegalArgumentException("A context flow needs flowLayers >= 1, hiddenLayers >= 0, hidden >= 1 "
                    + "with hidden layers, weightDecay >= 0 and a base density");
        }
    }

    /** The graph for x of width {@code dims} and c of width {@code contextDims}; null mean/scale: no standardisation. */
    public ComputationGraphConfiguration configuration(int dims, int contextDims, double[] mean, double[] scale,
            IUpdater updater, DataType dataType, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .graphBuilder()
                .addInputs("x", "c");
        String last = "x";
        if (mean != null) {
            g.addLayer("standardize", new StandardizationLayer.Builder().statistics(mean, scale).build(), last);
            last = "standardize";
        }
        for (int k = 0; k < flowLayers; k++) {
            IActivation act = k == flowLayers - 1 ? Activation.IDENTITY.getActivationFunction()
                    : new ActivationSmoothLeakyReLU(alpha);
            g.addLayer("flow" + k, new InvertibleDenseLayer.Builder().units(dims).activation(act).build(), last);
            last = "flow" + k;
        }
        String context = "c";
        for (int k = 0; k < hiddenLayers; k++) {
            g.addLayer("context" + k, new DenseLayer.Builder().nOut(hidden).activation(Activation.TANH)
                    .weightDecay(weightDecay).build(), context);
            context = "context" + k;
        }
        g.addLayer("theta", new DenseLayer.Builder().nOut(2L * dims).activation(Activation.IDENTITY)
                .weightInit(WeightInit.ZERO).weightDecay(weightDecay).build(), context);
        return g.addVertex("merge", new MergeVertex(), last, "theta")
                .addLayer("density", new ContextDensityOutputLayer.Builder().units(dims).density(base).build(), "merge")
                .setOutputs("density")
                .setInputTypes(InputType.feedForward(dims), InputType.feedForward(contextDims))
                .build();
    }
}
