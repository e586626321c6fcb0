package org.relgrad.nn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowGraph;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frozen invertible layers stay part of the flow: log p through {@code score}, {@code Flow.of} and
 * {@code Flow.ofHead}, for MultiLayerNetwork and ComputationGraph, equals that of the unfrozen network with the same
 * parameters (which other tests check against brute-force Jacobians).
 */
class FrozenLayersTest {
    private static final int D = 3;

    private static INDArray data(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, n, D).muli(1.3).addi(0.4);
    }

    /** A trained 3-layer flow: its W are no longer the initial orthogonal ones, so log|det W| ≠ 0. */
    private static FlowNetwork trainedFlow() {
        FlowNetwork net = new FlowNetwork(Nets.mln(D, 3, GradientMode.RELATIVE, new Adam(3e-2), DataType.DOUBLE, 5));
        net.init();
        DataSet batch = new DataSet(data(1, 64), null);
        for (int i = 0; i < 40; i++) {
            net.fit(batch);
        }
        assertTrue(Math.abs(((InvertibleDenseLayerImpl) net.getLayer(0)).logAbsDetW()) > 1e-3);
        return net;
    }

    private static FlowNetwork unfrozenWith(INDArray params) {
        FlowNetwork u = new FlowNetwork(Nets.mln(D, 3, GradientMode.RELATIVE, new Adam(3e-2), DataType.DOUBLE, 5));
        u.init(params.dup(), false);
        return u;
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-10, "max difference " + diff + ": expected " + expected + " got " + actual);
    }

    private static MultiLayerNetwork withFrozenFirstLayer(FlowNetwork net) {
        MultiLayerNetwork tl = new TransferLearning.Builder(net)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(3e-2)).build())
                .setFeatureExtractor(0).build();
        assertInstanceOf(FrozenLayer.class, tl.getLayer(0));
        return tl;
    }

    @Test
    void transferLearningKeepsTheFrozenLayersJacobianInEveryView() {
        FlowNetwork net = trainedFlow();
        INDArray x = data(2, 50);
        INDArray exact = Flow.of(net).logProb(x);
        MultiLayerNetwork tl = withFrozenFirstLayer(net);
        assertClose(exact, Flow.of(tl).logProb(x));
        assertClose(exact, Flow.ofHead(tl).logProb(x));
        FlowNetwork frozen = FlowNetwork.from(tl);
        assertEquals(-exact.meanNumber().doubleValue(), frozen.score(new DataSet(x, null)), 1e-10);
    }

    @Test
    void afterFineTuningTheFrozenFlowIsTheUnfrozenFlowWithTheSameParameters() {
        FlowNetwork frozen = FlowNetwork.from(withFrozenFirstLayer(trainedFlow()));
        INDArray firstLayer = frozen.getLayer(0).params().dup();
        DataSet batch = new DataSet(data(3, 64), null);
        for (int i = 0; i < 20; i++) {
            frozen.fit(batch);
        }
        assertEquals(firstLayer, frozen.getLayer(0).params());
        FlowNetwork same = unfrozenWith(frozen.params());
        INDArray x = data(4, 50);
        assertClose(Flow.of(same).logProb(x), Flow.of(frozen).logProb(x));
        DataSet test = new DataSet(x, null);
        assertEquals(same.score(test), frozen.score(test), 1e-10);
        assertEquals(-Flow.of(same).logProb(x).meanNumber().doubleValue(), frozen.score(test), 1e-10);
    }

    @Test
    void frozenLayerWithBackpropKeepsItsJacobianAndPassesGradientsThrough() {
        FlowNetwork trained = trainedFlow();
        var list = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).updater(new Adam(3e-2))
                .list()
                .layer(new FrozenLayerWithBackprop(Nets.layer(D, false, GradientMode.RELATIVE, false, "flow0")))
                .layer(Nets.layer(D, false, GradientMode.RELATIVE, false, "flow1"))
                .layer(Nets.layer(D, true, GradientMode.RELATIVE, false, "flow2"))
                .layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(D)).build();
        FlowNetwork frozen = new FlowNetwork(list);
        frozen.init(trained.params().dup(), false);
        INDArray x = data(5, 50);
        DataSet test = new DataSet(x, null);
        INDArray exact = Flow.of(trained).logProb(x);
        assertClose(exact, Flow.of(frozen).logProb(x));
        assertClose(exact, Flow.ofHead(frozen).logProb(x));
        assertEquals(-exact.meanNumber().doubleValue(), frozen.score(test), 1e-10);

        INDArray firstLayer = frozen.getLayer(0).params().dup();
        for (int i = 0; i < 20; i++) {
            frozen.fit(new DataSet(data(6, 64), null));
        }
        assertEquals(firstLayer, frozen.getLayer(0).params());
        FlowNetwork same = unfrozenWith(frozen.params());
        assertEquals(-Flow.of(same).logProb(x).meanNumber().doubleValue(), frozen.score(test), 1e-10);
    }

    @Test
    void computationGraphTransferLearningKeepsTheFrozenLayersJacobian() {
        FlowGraph graph = new FlowGraph(Nets.graph(D, 3, GradientMode.RELATIVE, new Adam(3e-2), DataType.DOUBLE, 5,
                false));
        graph.init();
        for (int i = 0; i < 40; i++) {
            graph.fit(new INDArray[] {data(1, 64)}, null, null, null);
        }
        INDArray x = data(7, 50);
        INDArray exact = Flow.of(graph).logProb(x);
        ComputationGraph tl = new TransferLearning.GraphBuilder(graph)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(3e-2)).build())
                .setFeatureExtractor("flow0").build();
        assertInstanceOf(FrozenLayer.class, tl.getLayer("flow0"));
        // DL4J M2.1's TransferLearning.GraphBuilder rebuilds the graph in its default data type, float
        assertEquals(DataType.FLOAT, tl.params().dataType());
        FlowGraph sameFloat = new FlowGraph(Nets.graph(D, 3, GradientMode.RELATIVE, new Adam(3e-2), DataType.FLOAT, 5,
                false));
        sameFloat.init(tl.params().dup(), false);
        assertClose(Flow.of(sameFloat).logProb(x), Flow.of(tl).logProb(x));
        assertTrue(exact.sub(Flow.of(tl).logProb(x)).amaxNumber().doubleValue() < 1e-4);
        FlowGraph frozen = FlowGraph.from(tl);
        MultiDataSet test = new MultiDataSet(new INDArray[] {x}, null);
        assertEquals(sameFloat.score(test), frozen.score(test), 1e-10);
        assertEquals(-Flow.of(sameFloat).logProb(x).meanNumber().doubleValue(), frozen.score(test), 1e-5);

        for (int i = 0; i < 20; i++) {
            frozen.fit(new INDArray[] {data(8, 64)}, null, null, null);
        }
        FlowGraph same = new FlowGraph(Nets.graph(D, 3, GradientMode.RELATIVE, new Adam(3e-2), DataType.FLOAT, 5,
                false));
        same.init(frozen.params().dup(), false);
        assertClose(Flow.of(same).logProb(x), Flow.of(frozen).logProb(x));
        assertEquals(same.score(test), frozen.score(test), 1e-10);
        assertEquals(-Flow.of(same).logProb(x).meanNumber().doubleValue(), frozen.score(test), 1e-5);
    }
}
