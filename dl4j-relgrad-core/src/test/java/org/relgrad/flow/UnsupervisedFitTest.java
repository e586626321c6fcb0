package org.relgrad.flow;

import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feature-only iterators train FlowNetwork and FlowGraph; plain DL4J does not (the reason these classes exist). */
class UnsupervisedFitTest {
    private final INDArray x = ToyData.gaussian(600, new double[][] {{1, 0}, {0.9, 0.3}}, new double[] {1, -2}, 4)
            .castTo(DataType.FLOAT);

    @Test
    void plainMultiLayerNetworkSilentlySkipsFeatureOnlyBatches() {
        MultiLayerNetwork plain = new MultiLayerNetwork(Nets.mln(2, 2, GradientMode.RELATIVE, new Adam(1e-2),
                DataType.FLOAT, 1));
        plain.init();
        INDArray before = plain.params().dup();
        plain.fit(new FeatureDataSetIterator(x, 100));
        assertEquals(before, plain.params(), "DL4J M2.1 behaviour this library works around");
    }

    @Test
    void flowNetworkTrainsOnFeatureOnlyIterator() {
        FlowNetwork net = new FlowNetwork(Nets.mln(2, 2, GradientMode.RELATIVE, new Adam(1e-2), DataType.FLOAT, 1));
        net.init();
        double before = net.score(new DataSet(x, null));
        for (int e = 0; e < 5; e++) {
            net.fit(new FeatureDataSetIterator(x, 100, (long) e));
        }
        double after = net.score(new DataSet(x, null));
        assertTrue(after < before - 0.5, before + " -> " + after);
        assertEquals(30, net.getIterationCount());
        // early stopping's loss calculator sees the exact NLL
        double esScore = new DataSetLossCalculator(new FeatureDataSetIterator(x, 100), true).calculateScore(net);
        assertEquals(-net.asFlow().logProb(x).meanNumber().doubleValue(), esScore, 1e-4);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sgd", "nesterovs", "rmsprop", "adamax"})
    void relativeDirectionComposesWithAnyDl4jUpdater(String name) {
        org.nd4j.linalg.learning.config.IUpdater updater = switch (name) {
            case "sgd" -> new org.nd4j.linalg.learning.config.Sgd(0.02);
            case "nesterovs" -> new org.nd4j.linalg.learning.config.Nesterovs(0.01, 0.9);
            case "rmsprop" -> new org.nd4j.linalg.learning.config.RmsProp(0.01);
            default -> new org.nd4j.linalg.learning.config.AdaMax(0.01);
        };
        FlowNetwork net = new FlowNetwork(Nets.mln(2, 2, GradientMode.RELATIVE, updater, DataType.FLOAT, 1));
        net.init();
        assertEquals(updater.getClass(), ((org.relgrad.nn.conf.layers.InvertibleDenseLayer) net.getLayer(0).conf()
                .getLayer()).getIUpdater().getClass());
        double before = net.score(new DataSet(x, null));
        for (int e = 0; e < 5; e++) {
            net.fit(new FeatureDataSetIterator(x, 100, (long) e));
        }
        double after = net.score(new DataSet(x, null));
        assertTrue(Double.isFinite(after) && after < before - 0.3, name + ": " + before + " -> " + after);
    }

    @Test
    void flowGraphTrainsOnFeatureOnlyIterators() {
        FlowGraph g = new FlowGraph(Nets.graph(2, 2, GradientMode.RELATIVE, new Adam(1e-2), DataType.FLOAT, 1, false));
        g.init();
        double before = g.score(new DataSet(x, null));
        INDArray p0 = g.params().dup();
        g.fit(new FeatureDataSetIterator(x, 100));
        assertNotEquals(p0, g.params());
        g.fit(new MultiDataSetIteratorAdapter(new FeatureDataSetIterator(x, 100)));
        for (int e = 0; e < 3; e++) {
            g.fit(new FeatureDataSetIterator(x, 100, (long) e));
        }
        assertTrue(g.score(new DataSet(x, null)) < before - 0.5);
        assertEquals(30, g.getIterationCount());
    }

    @Test
    void aStockOutputLayerAtTheEndIsNamedNotMistakenForAConditionalDensity() {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration
                .Builder().seed(1).dataType(DataType.DOUBLE).list()
                .layer(Nets.layer(2, false, GradientMode.RELATIVE, false, "flow0"))
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).nIn(2).nOut(2).build())
                .build();
        FlowNetwork net = new FlowNetwork(conf);
        net.init();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> net.fit(new DataSet(ToyData.uniform(10, 2, 1, DataType.DOUBLE), null)));
        assertTrue(e.getMessage().contains("(layer 1, OutputLayer) is not a DensityOutputLayer")
                && !e.getMessage().contains("conditional"), e.getMessage());
    }
}
