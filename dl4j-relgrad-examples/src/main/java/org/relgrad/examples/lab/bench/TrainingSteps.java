package org.relgrad.examples.lab.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.learning.config.FusedAdam;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;

/**
 * Builds each benchmarked method's network, data and one-step closure. Every method trains in float32 with the same
 * update rule (Adam by default) at a
 * tiny learning rate, so that the network stays well conditioned over thousands of repetitions of the same batch.
 */
final class TrainingSteps {
    static final double LEARNING_RATE = 1e-4;
    static final java.util.List<String> UPDATERS = java.util.List.of("adam", "dl4j-adam", "sgd");

    private TrainingSteps() {
    }

    /**
     * The step of {@code method} for width {@code d}; data and initial weights depend only on {@code seed}.
     * {@code threads} is the native thread count the process runs with (the autodiff LUs run that many at once).
     */
    static TrainingStep create(BenchMethod method, int d, int batch, int layers, int threads, long seed,
            IUpdater updater) {
        switch (method) {
            case RELATIVE:
                return flowStep(d, batch, layers, GradientMode.RELATIVE, seed, updater);
            case ORDINARY:
                return flowStep(d, batch, layers, GradientMode.EUCLIDEAN, seed, updater);
            case AUTODIFF: {
                FlowNetwork net = flowNetwork(d, layers, GradientMode.EUCLIDEAN, seed, updater);
                ExplicitJacobianFlow flow = ExplicitJacobianFlow.of(net, updater.clone(), DataType.FLOAT)
                        .parallelLu(threads);
                INDArray x = gaussian(batch, d, seed + 1);
                return new TrainingStep() {
                    @Override
                    public void run() {
                        flow.fit(x);
                    }

                    @Override
                    public void close() {
                        flow.close();
                    }
                };
            }
            case FLOOR:
                return new BlasFloor(batch, d, layers, seed);
            case DL4J_DENSE: {
                MultiLayerNetwork net = new MultiLayerNetwork(denseConfiguration(d, layers, seed, updater));
                net.init();
                DataSet ds = new DataSet(gaussian(batch, d, seed + 1), gaussian(batch, d, seed + 2));
                return () -> net.fit(ds);
            }
            default:
                throw new IllegalArgumentException("Unknown method " + method);
        }
    }

    /** One {@code fit} of a flow of {@code layers} invertible layers on a fixed feature-only batch x ~ N(0, 1). */
    static TrainingStep flowStep(int d, int batch, int layers, GradientMode mode, long seed, IUpdater updater) {
        FlowNetwork net = flowNetwork(d, layers, mode, seed, updater);
        DataSet ds = new DataSet(gaussian(batch, d, seed + 1), null);
        return () -> net.fit(ds);
    }

    static FlowNetwork flowNetwork(int d, int layers, GradientMode mode, long seed, IUpdater updater) {
        FlowNetwork net = new FlowNetwork(flowConfiguration(d, layers, mode, seed, updater));
        net.init();
        return net;
    }

    /**
     * {@code layers} InvertibleDenseLayers of width d (smooth leaky ReLU with the default alpha, the last linear) and a
     * standard-normal DensityOutputLayer; float32, Adam.
     */
    static MultiLayerConfiguration flowConfiguration(int d, int layers, GradientMode mode, long seed,
            IUpdater updater) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater.clone())
                .list();
        for (int k = 0; k < layers; k++) {
            InvertibleDenseLayer.Builder layer = new InvertibleDenseLayer.Builder().units(d).gradientMode(mode);
            if (k == layers - 1) {
                layer.activation(Activation.IDENTITY);
            }
            b.layer(layer.build());
        }
        return b.layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(d))
                .build();
    }

    /** The stock DL4J network of the same shape: DenseLayers D→D (leaky ReLU, the last linear), MSE loss; float32. */
    static MultiLayerConfiguration denseConfiguration(int d, int layers, long seed, IUpdater updater) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater.clone())
                .list();
        for (int k = 0; k < layers; k++) {
            b.layer(new DenseLayer.Builder().nIn(d).nOut(d)
                    .activation(k == layers - 1 ? Activation.IDENTITY : Activation.LEAKYRELU).build());
        }
        // no setInputType: every size is given, and DL4J would warn about the LossLayer's "size zero" output type
        return b.layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .build();
    }

    /**
     * The update rule every method uses, at {@link #LEARNING_RATE}: {@code adam} (the paper's, as this library ships
     * it: {@link FusedAdam}), {@code dl4j-adam} (DL4J's own Adam op) or {@code sgd}.
     */
    static IUpdater updater(String name) {
        switch (name) {
            case "adam":
                return new FusedAdam(LEARNING_RATE);
            case "dl4j-adam":
                return new Adam(LEARNING_RATE);
            case "sgd":
                return new org.nd4j.linalg.learning.config.Sgd(LEARNING_RATE);
            default:
                throw new IllegalArgumentException("Unknown updater '" + name + "'; valid: adam, dl4j-adam, sgd");
        }
    }

    /** A fixed float32 [rows, cols] batch of standard normal values. */
    static INDArray gaussian(int rows, int cols, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }
}
