package org.relgrad.flow;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.conf.layers.StandardizationLayer;

/**
 * The flows the command-line tools build: an optional {@link StandardizationLayer}, {@code layers} square invertible
 * dense layers (all but the last with a (smooth) leaky ReLU of slope {@code alpha}, the last linear) and a
 * standard-normal density output.
 */
public record FlowArchitecture(int layers, boolean smooth, double alpha, GradientMode mode) {

    /** {@code "smooth-leaky-relu"} or {@code "leaky-relu"}, as {@code --activation} spells them. */
    public static boolean smoothFromName(String name) {
        switch (name) {
            case "smooth-leaky-relu":
                return true;
            case "leaky-relu":
                return false;
            default:
                throw new IllegalArgumentException("Unknown activation '" + name + "': use smooth-leaky-relu or "
                        + "leaky-relu");
        }
    }

    /** The network configuration; {@code mean}/{@code scale} null means no standardisation layer. */
    public MultiLayerConfiguration configuration(int dims, double[] mean, double[] scale, IUpdater updater,
            DataType dataType, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .list();
        if (mean != null) {
            b.layer(new StandardizationLayer.Builder().statistics(mean, scale).name("standardize").build());
        }
        for (int k = 0; k < layers; k++) {
            boolean last = k == layers - 1;
            IActivation act = last ? Activation.IDENTITY.getActivationFunction()
                    : smooth ? new ActivationSmoothLeakyReLU(alpha) : new ActivationLReLU(alpha);
            b.layer(new InvertibleDenseLayer.Builder().units(dims).name("flow" + k).gradientMode(mode)
                    .activation(act).build());
        }
        return b.layer(new DensityOutputLayer.Builder().name("density").build())
                .setInputType(InputType.feedForward(dims))
                .build();
    }
}
