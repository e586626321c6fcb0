package org.relgrad.flow;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitIdentity;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.conf.layers.RationalQuadraticSplineLayer;
import org.relgrad.nn.conf.layers.StandardizationLayer;
import org.relgrad.nn.weights.WeightInitOrthogonal;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The flows the command-line tools build: an optional {@link StandardizationLayer}, {@code layers} square invertible
 * dense layers, each but the last followed by the {@link Nonlinearity} (a (smooth) leaky ReLU of slope {@code alpha},
 * a learnable {@link RationalQuadraticSplineLayer} of {@code splineBins} bins on [−{@code splineTailBound},
 * {@code splineTailBound}], or both), the last linear, and a standard-normal density output; the dense weights start
 * as the {@link Initialization}.
 */
public record FlowArchitecture(int layers, Nonlinearity nonlinearity, double alpha, GradientMode mode, int splineBins,
        double splineTailBound, Initialization initialization) {

    /** How the dense layers' weights start; {@link #cliName()} is how {@code --init} spells it. */
    public enum Initialization {
        /** Random orthogonal (Haar): log|det W| = 0 and no direction preferred. */
        ORTHOGONAL("orthogonal"),
        /**
         * The identity: the flow starts as the standardisation alone, so each unit's nonlinearity first acts on one
         * input coordinate (for images, one pixel) instead of a random mixture of all of them.
         */
        IDENTITY("identity");

        private final String cliName;

        Initialization(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** The value of {@code --init} that names it. */
        public static Initialization fromName(String name) {
            return byCliName(values(), Initialization::cliName, "initialisation", name);
        }

        IWeightInit weightInit() {
            return this == IDENTITY ? new WeightInitIdentity() : new WeightInitOrthogonal();
        }
    }

    /** What follows each dense layer but the last; {@link #cliName()} is how {@code --activation} spells it. */
    public enum Nonlinearity {
        /** The dense layer's activation is the smooth leaky ReLU (the paper's). */
        SMOOTH_LEAKY_RELU("smooth-leaky-relu"),
        /** The dense layer's activation is the leaky ReLU. */
        LEAKY_RELU("leaky-relu"),
        /** The dense layer is linear and a spline layer after it is the activation. */
        SPLINE("spline"),
        /** The smooth leaky ReLU, then a spline layer. */
        SMOOTH_LEAKY_RELU_THEN_SPLINE("smooth-leaky-relu+spline");

        private final String cliName;

        Nonlinearity(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** Whether a spline layer follows each nonlinear dense layer. */
        public boolean hasSpline() {
            return this == SPLINE || this == SMOOTH_LEAKY_RELU_THEN_SPLINE;
        }

        /** Whether the dense layer's activation uses the slope {@code alpha}. */
        public boolean usesAlpha() {
            return this != SPLINE;
        }

        /** The value of {@code --activation} that names it. */
        public static Nonlinearity fromName(String name) {
            return byCliName(values(), Nonlinearity::cliName, "activation", name);
        }
    }

    private static <E> E byCliName(E[] values, Function<E, String> cliName, String what, String name) {
        for (E e : values) {
            if (cliName.apply(e).equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown " + what + " '" + name + "': use " + Arrays.stream(values)
                .map(cliName).collect(Collectors.joining(", ")));
    }

    /** A flow with a (smooth) leaky ReLU and no spline layers. */
    public FlowArchitecture(int layers, boolean smooth, double alpha, GradientMode mode) {
        this(layers, smooth ? Nonlinearity.SMOOTH_LEAKY_RELU : Nonlinearity.LEAKY_RELU, alpha, mode,
                RationalQuadraticSplineLayer.DEFAULT_BINS, RationalQuadraticSplineLayer.DEFAULT_TAIL_BOUND);
    }

    /** A flow with the given nonlinearity and default spline settings (8 bins, tail bound 5). */
    public FlowArchitecture(int layers, Nonlinearity nonlinearity, double alpha, GradientMode mode) {
        this(layers, nonlinearity, alpha, mode, RationalQuadraticSplineLayer.DEFAULT_BINS,
                RationalQuadraticSplineLayer.DEFAULT_TAIL_BOUND);
    }

    /** A flow with orthogonally initialised dense layers. */
    public FlowArchitecture(int layers, Nonlinearity nonlinearity, double alpha, GradientMode mode, int splineBins,
            double splineTailBound) {
        this(layers, nonlinearity, alpha, mode, splineBins, splineTailBound, Initialization.ORTHOGONAL);
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
            IActivation act;
            if (last || nonlinearity == Nonlinearity.SPLINE) {
                act = Activation.IDENTITY.getActivationFunction();
            } else if (nonlinearity == Nonlinearity.LEAKY_RELU) {
                act = new ActivationLReLU(alpha);
            } else {
                act = new ActivationSmoothLeakyReLU(alpha);
            }
            b.layer(new InvertibleDenseLayer.Builder().units(dims).name("flow" + k).gradientMode(mode)
                    .weightInit(initialization.weightInit()).activation(act).build());
            if (!last && nonlinearity.hasSpline()) {
                b.layer(new RationalQuadraticSplineLayer.Builder().units(dims).name("spline" + k).nBins(splineBins)
                        .tailBound(splineTailBound).build());
            }
        }
        return b.layer(new DensityOutputLayer.Builder().name("density").build())
                .setInputType(InputType.feedForward(dims))
                .build();
    }
}
