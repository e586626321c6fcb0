package org.relgrad.flow;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.density.BaseDensity;
import org.relgrad.density.StandardLaplace;
import org.relgrad.density.StandardLogistic;
import org.relgrad.density.StandardNormal;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.Dense;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowInverseAndSamplingTest {

    enum Act {
        SMOOTH(new ActivationSmoothLeakyReLU(0.05)), LEAKY(new ActivationLReLU(0.2)), IDENTITY(new ActivationIdentity());

        final IActivation fn;

        Act(IActivation fn) {
            this.fn = fn;
        }
    }

    private static MultiLayerNetwork net(IActivation act, DataType type, BaseDensity density, int d) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(1).dataType(type)
                .updater(new Adam(1e-3)).list();
        for (int k = 0; k < 3; k++) {
            b.layer(new InvertibleDenseLayer.Builder().units(d).activation(act).build());
        }
        MultiLayerConfiguration conf = b.layer(new DensityOutputLayer.Builder(density).build())
                .setInputType(InputType.feedForward(d)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Params.randomize(net.getLayers(), 0.5, 1.0, 3);
        return net;
    }

    @ParameterizedTest
    @EnumSource(Act.class)
    void inverseOfForwardIsIdentityInDouble(Act act) {
        Flow flow = Flow.of(net(act.fn, DataType.DOUBLE, new StandardNormal(), 6));
        INDArray x = ToyData.uniform(50, 6, 1, DataType.DOUBLE).muli(5);
        INDArray back = flow.inverse(flow.forward(x));
        assertEquals(0.0, Dense.maxAbsDiff(Dense.of(x), Dense.of(back)), 1e-10);
    }

    @ParameterizedTest
    @EnumSource(Act.class)
    void inverseOfForwardIsIdentityForFloatNetworks(Act act) {
        Flow flow = Flow.of(net(act.fn, DataType.FLOAT, new StandardNormal(), 6));
        INDArray x = ToyData.uniform(50, 6, 1, DataType.FLOAT).muli(5);
        INDArray back = flow.inverse(flow.forward(x));
        assertEquals(0.0, Dense.maxAbsDiff(Dense.of(x), Dense.of(back)), 1e-9,
                "the flow API computes in double even for float parameters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"normal", "logistic", "laplace"})
    void samplesMapBackToTheirLatents(String name) {
        BaseDensity density = name.equals("normal") ? new StandardNormal()
                : name.equals("logistic") ? new StandardLogistic() : new StandardLaplace();
        Flow flow = Flow.of(net(new ActivationSmoothLeakyReLU(0.1), DataType.DOUBLE, density, 4));
        INDArray samples = flow.sample(200, 42L);
        INDArray latents = density.sample(200, 4, new Random(42L));
        assertEquals(0.0, Dense.maxAbsDiff(Dense.of(latents), Dense.of(flow.forward(samples))), 1e-9);
        assertArrayEquals(samples.toDoubleMatrix(), flow.sample(200, 42L).toDoubleMatrix(), "same seed, same samples");
        assertTrue(Dense.maxAbsDiff(Dense.of(samples), Dense.of(flow.sample(200, 43L))) > 0.1);
    }
}
