package org.relgrad.testutil;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.density.BaseDensity;
import org.relgrad.density.StandardNormal;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;

/** Small flow configurations shared by the tests. */
public final class Nets {
    private Nets() {
    }

    /** {@code layers} invertible layers (smooth leaky ReLU, last one linear) and a density output. */
    public static MultiLayerConfiguration mln(int d, int layers, GradientMode mode, IUpdater updater, DataType type,
            long seed, boolean exactTrainingScore, BaseDensity density) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(type).updater(updater).list();
        for (int k = 0; k < layers; k++) {
            b.layer(layer(d, k == layers - 1, mode, exactTrainingScore, "flow" + k));
        }
        return b.layer(new DensityOutputLayer.Builder(density).build())
                .setInputType(InputType.feedForward(d)).build();
    }

    public static MultiLayerConfiguration mln(int d, int layers, GradientMode mode, IUpdater updater, DataType type,
            long seed) {
        return mln(d, layers, mode, updater, type, seed, false, new StandardNormal());
    }

    public static ComputationGraphConfiguration graph(int d, int layers, GradientMode mode, IUpdater updater,
            DataType type, long seed, boolean exactTrainingScore) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(type).updater(updater).graphBuilder().addInputs("x");
        String prev = "x";
        for (int k = 0; k < layers; k++) {
            g.addLayer("flow" + k, layer(d, k == layers - 1, mode, exactTrainingScore, "flow" + k), prev);
            prev = "flow" + k;
        }
        return g.addLayer("density", new DensityOutputLayer.Builder().build(), prev)
                .setOutputs("density").setInputTypes(InputType.feedForward(d)).build();
    }

    public static InvertibleDenseLayer layer(int d, boolean linear, GradientMode mode, boolean exactTrainingScore,
            String name) {
        InvertibleDenseLayer.Builder b = new InvertibleDenseLayer.Builder().units(d).name(name).gradientMode(mode)
                .logDetInTrainingScore(exactTrainingScore);
        b.activation(linear ? Activation.IDENTITY.getActivationFunction() : new ActivationSmoothLeakyReLU(0.1));
        return b.build();
    }
}
