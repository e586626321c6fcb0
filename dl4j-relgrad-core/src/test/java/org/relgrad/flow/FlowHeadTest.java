package org.relgrad.flow;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.FlowConfigurationException;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.Dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A flow head on a frozen, pretrained DL4J feature extractor, attached with DL4J's TransferLearning API. */
class FlowHeadTest {

    private static MultiLayerNetwork pretrainedClassifier() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static FlowNetwork withFlowHead(MultiLayerNetwork classifier) {
        MultiLayerNetwork head = new TransferLearning.Builder(classifier)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-2)).build())
                .setFeatureExtractor(0)
                .removeOutputLayer()
                .addLayer(new InvertibleDenseLayer.Builder().units(3).activation(Activation.IDENTITY).build())
                .addLayer(new DensityOutputLayer.Builder().build())
                .build();
        return FlowNetwork.from(head);
    }

    private static INDArray x() {
        Nd4j.getRandom().setSeed(2);
        return Nd4j.randn(DataType.DOUBLE, 40, 5);
    }

    @Test
    void logProbIsTheExactDensityOfTheFrozenFeatures() {
        MultiLayerNetwork classifier = pretrainedClassifier();
        FlowNetwork net = withFlowHead(classifier);
        INDArray w = net.getLayer(1).getParam("W");
        w.assign(Nd4j.createFromArray(new double[][] {{1.5, 0.2, 0}, {0.1, 0.8, 0.3}, {0, -0.4, 1.1}}));
        INDArray b = net.getLayer(1).getParam("b");
        b.assign(Nd4j.createFromArray(0.3, -0.1, 0.2).reshape(b.shape()));
        INDArray x = x();
        // independent: features by hand from the classifier's first layer, then a linear Gaussian flow in closed form
        INDArray f = Transforms.tanh(x.mmul(classifier.getLayer(0).getParam("W"))
                .addRowVector(classifier.getLayer(0).getParam("b")));
        INDArray z = f.mmul(w).addRowVector(b);
        double logDet = Dense.logAbsDet(Dense.of(w));
        INDArray expected = z.mul(z).sum(1).muli(-0.5).subi(1.5 * Math.log(2 * Math.PI)).addi(logDet);
        INDArray actual = Flow.ofHead(net).logProb(x);
        assertTrue(actual.equalsWithEps(expected, 1e-10), actual + " vs " + expected);
        assertEquals(3, Flow.ofHead(net).dims());
    }

    @Test
    void trainingMovesOnlyTheHead() {
        FlowNetwork net = withFlowHead(pretrainedClassifier());
        INDArray frozen = net.getLayer(0).params().dup();
        INDArray head = net.getLayer(1).params().dup();
        DataSet batch = new DataSet(x(), null);
        double before = net.score(batch);
        for (int i = 0; i < 50; i++) {
            net.fit(batch);
        }
        assertEquals(frozen, net.getLayer(0).params());
        assertTrue(net.getLayer(1).params().sub(head).norm2Number().doubleValue() > 1e-3);
        assertTrue(net.score(batch) < before);
        assertEquals(net.score(batch), -Flow.ofHead(net).logProb(x()).meanNumber().doubleValue(), 1e-9);
    }

    @Test
    void theWholeNetworkIsNoFlowButItsHeadIs() {
        FlowNetwork net = withFlowHead(pretrainedClassifier());
        assertThrows(FlowConfigurationException.class, () -> Flow.of(net));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Flow.ofHead(net).logProb(Nd4j.zeros(DataType.DOUBLE, 2, 3)));
        assertTrue(e.getMessage().contains("[batch, 5]"), e.getMessage());
    }
}
