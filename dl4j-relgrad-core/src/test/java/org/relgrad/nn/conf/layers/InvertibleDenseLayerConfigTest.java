package org.relgrad.nn.conf.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.nn.weights.WeightInitOrthogonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvertibleDenseLayerConfigTest {

    private static void assertRejected(Executable build, String... mustMention) {
        FlowConfigurationException e = assertThrows(FlowConfigurationException.class, build);
        for (String s : mustMention) {
            assertTrue(e.getMessage().contains(s), "message should mention '" + s + "': " + e.getMessage());
        }
    }

    private static NeuralNetConfiguration.ListBuilder list(NeuralNetConfiguration.Builder b) {
        return b.list();
    }

    @Test
    void nonSquareIsRejectedNamingLayerAndFix() {
        assertRejected(() -> new InvertibleDenseLayer.Builder().name("enc").nIn(4).nOut(3).build(),
                "\"enc\"", "nIn (4) != nOut (3)", ".units(4)");
    }

    @Test
    void nonSquareFromInferredInputSizeIsRejectedAtBuild() {
        assertRejected(() -> new NeuralNetConfiguration.Builder().list()
                .layer(new InvertibleDenseLayer.Builder().name("f0").nOut(3).build())
                .layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(5)).build(), "\"f0\"", "nIn (5) != nOut (3)");
    }

    @Test
    void nonInvertibleActivationsAreRejected() {
        for (Activation a : new Activation[] {Activation.RELU, Activation.SIGMOID, Activation.TANH,
                Activation.SOFTMAX}) {
            assertRejected(() -> new InvertibleDenseLayer.Builder().name("f").units(3).activation(a).build(),
                    "\"f\"", "not invertible", "ActivationSmoothLeakyReLU");
        }
        assertRejected(() -> new InvertibleDenseLayer.Builder().units(3).activation(new ActivationLReLU(0.0)).build(),
                "not invertible");
        assertRejected(() -> new InvertibleDenseLayer.Builder().units(3)
                .activation(new ActivationSmoothLeakyReLU(1.5)).build(), "not invertible");
    }

    @Test
    void dropoutAndWeightNoiseAreRejectedOnTheLayerAndNetworkWide() {
        assertRejected(() -> new InvertibleDenseLayer.Builder().name("f").units(3).dropOut(0.5).build(),
                "\"f\"", "dropout", "Remove .dropOut");
        assertRejected(() -> new InvertibleDenseLayer.Builder().units(3).weightNoise(new DropConnect(0.5)).build(),
                "weight noise");
        assertRejected(() -> new NeuralNetConfiguration.Builder().dropOut(new GaussianDropout(0.1)).list()
                .layer(new InvertibleDenseLayer.Builder().name("g").units(3).build())
                .layer(new DensityOutputLayer.Builder().build()).build(), "\"g\"", "dropout", "network-wide");
        assertRejected(() -> new NeuralNetConfiguration.Builder().weightNoise(new DropConnect(0.9)).list()
                .layer(new InvertibleDenseLayer.Builder().units(3).build())
                .layer(new DensityOutputLayer.Builder().build()).build(), "weight noise");
        assertRejected(() -> new NeuralNetConfiguration.Builder().dropOut(0.5).graphBuilder().addInputs("in")
                .addLayer("h", new InvertibleDenseLayer.Builder().units(3).build(), "in")
                .addLayer("out", new DensityOutputLayer.Builder().build(), "h").setOutputs("out").build(),
                "dropout");
    }

    @Test
    void defaultsIgnoreNetworkWideSigmoidAndXavierAndGiveOrthogonalWeights() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .activation(Activation.SIGMOID).list()
                .layer(new InvertibleDenseLayer.Builder().build())
                .layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(6)).build();
        InvertibleDenseLayer l = (InvertibleDenseLayer) conf.getConf(0).getLayer();
        assertEquals(6, l.getNIn());
        assertEquals(6, l.getNOut());
        assertEquals(new ActivationSmoothLeakyReLU(0.01), l.getActivationFn());
        assertTrue(l.getWeightInitFn() instanceof WeightInitOrthogonal);
        assertEquals(GradientMode.RELATIVE, l.getGradientMode());
        assertTrue(l.isBiasInLogDetTerm());

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray w = net.getLayer(0).getParam("W");
        INDArray wtw = w.transpose().mmul(w);
        assertTrue(wtw.equalsWithEps(org.nd4j.linalg.factory.Nd4j.eye(6).castTo(DataType.DOUBLE), 1e-12));
        assertEquals(0.0, net.getLayer(0).getParam("b").norm2Number().doubleValue(), 0.0);
    }

    @Test
    void sizeMissingEverywhereIsRejectedAtInit() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new InvertibleDenseLayer.Builder().name("nosize").build())
                .layer(new DensityOutputLayer.Builder().nIn(2).build()).build();
        assertRejected(() -> new MultiLayerNetwork(conf).init(), "\"nosize\"", "units(D)");
    }
}
