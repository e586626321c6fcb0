package org.relgrad.learning;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.relgrad.nn.conf.layers.GradientMode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stock DL4J DenseLayer with the preconditioner takes the step W Wᵀ G (or G Wᵀ W) where plain SGD takes G. */
class RelativeGradientPreconditionerTest {
    private static final int D = 4;

    private static MultiLayerNetwork net(List<Regularization> regularization, int width) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(D).nOut(width).activation(Activation.TANH)
                        .regularization(regularization).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(width).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet data() {
        Nd4j.getRandom().setSeed(5);
        return new DataSet(Nd4j.randn(DataType.DOUBLE, 16, D), Nd4j.randn(DataType.DOUBLE, 16, 2));
    }

    private static void checkStep(GradientMode mode) {
        MultiLayerNetwork plain = net(List.of(), D);
        MultiLayerNetwork relative = net(List.of(new RelativeGradientPreconditioner(D, mode)), D);
        INDArray w0 = plain.getLayer(0).getParam("W").dup();
        INDArray b0 = plain.getLayer(0).getParam("b").dup();
        assertEquals(w0, relative.getLayer(0).getParam("W"));
        plain.fit(data());
        relative.fit(data());
        INDArray plainStep = plain.getLayer(0).getParam("W").sub(w0);
        INDArray expected = mode == GradientMode.RELATIVE ? w0.mmul(w0.transpose()).mmul(plainStep)
                : plainStep.mmul(w0.transpose()).mmul(w0);
        INDArray actual = relative.getLayer(0).getParam("W").sub(w0);
        assertTrue(actual.equalsWithEps(expected, 1e-12), actual + " vs " + expected);
        assertTrue(actual.sub(plainStep).norm2Number().doubleValue() > 1e-6, "the step must differ from SGD's");
        // biases and the layers without the preconditioner step exactly as with plain SGD
        assertTrue(relative.getLayer(0).getParam("b").sub(b0).equalsWithEps(plain.getLayer(0).getParam("b").sub(b0),
                1e-14));
        assertTrue(relative.getLayer(1).params().equalsWithEps(plain.getLayer(1).params(), 1e-14));
    }

    @Test
    void relativeStepIsWWtTimesTheSgdStep() {
        checkStep(GradientMode.RELATIVE);
    }

    @Test
    void transposedStepIsTheSgdStepTimesWtW() {
        checkStep(GradientMode.TRANSPOSED_RELATIVE);
    }

    @Test
    void survivesConfigurationJson() {
        MultiLayerNetwork net = net(List.of(new RelativeGradientPreconditioner(D, GradientMode.TRANSPOSED_RELATIVE)), D);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        DenseLayer layer = (DenseLayer) back.getConf(0).getLayer();
        assertEquals(List.of(new RelativeGradientPreconditioner(D, GradientMode.TRANSPOSED_RELATIVE)),
                layer.getRegularization());
    }

    @Test
    void nonSquareLayersAndTheEuclideanModeAreRejected() {
        MultiLayerNetwork wide = net(List.of(new RelativeGradientPreconditioner(D)), D + 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wide.fit(data()));
        assertTrue(e.getMessage().contains("square") && e.getMessage().contains("nIn == nOut == 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RelativeGradientPreconditioner(D, GradientMode.EUCLIDEAN));
    }
}
