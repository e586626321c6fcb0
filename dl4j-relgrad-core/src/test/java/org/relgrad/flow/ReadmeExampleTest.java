package org.relgrad.flow;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.learning.config.FusedAdam;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.density.StandardNormal;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's code example, verbatim apart from the data, so the documentation cannot rot. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRuns() {
        long seed = 3;
        INDArray x = ToyData.moons(500, 0.2, 1, DataType.FLOAT);
        INDArray xTest = ToyData.moons(200, 0.2, 2, DataType.FLOAT);

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).updater(new FusedAdam(1e-3))            // DL4J's Adam, fused; any DL4J updater works
                .list()
                .layer(new InvertibleDenseLayer.Builder().units(2)
                        .activation(new ActivationSmoothLeakyReLU(0.3)).build())
                .layer(new InvertibleDenseLayer.Builder().units(2)
                        .activation(Activation.IDENTITY).build())
                .layer(new DensityOutputLayer.Builder(new StandardNormal()).build())
                .build();

        FlowNetwork net = new FlowNetwork(conf);                 // a MultiLayerNetwork that accepts unlabelled data
        net.init();
        net.fit(new FeatureDataSetIterator(x, 100, seed));       // x: INDArray [N, D], no labels needed

        Flow flow = net.asFlow();
        INDArray logp = flow.logProb(xTest);                     // exact log p(x) per example, nats
        INDArray z = flow.forward(xTest), back = flow.inverse(z);
        INDArray samples = flow.sample(1000, 42L);

        assertEquals(200, logp.length());
        assertTrue(xTest.castTo(DataType.DOUBLE).equalsWithEps(back, 1e-6));
        assertEquals(5, net.getIterationCount());
        assertEquals(1000, samples.rows());
    }
}
