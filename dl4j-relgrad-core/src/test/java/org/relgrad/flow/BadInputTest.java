package org.relgrad.flow;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.layers.NonFiniteInputException;
import org.relgrad.nn.layers.SingularWeightsException;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadInputTest {

    private static FlowNetwork trainedNet(GradientMode mode, boolean exactTrainingScore) {
        FlowNetwork net = new FlowNetwork(Nets.mln(3, 3, mode, new Adam(1e-2), DataType.FLOAT, 1, exactTrainingScore,
                new org.relgrad.density.StandardNormal()));
        net.init();
        net.fit(new DataSet(ToyData.uniform(50, 3, 1, DataType.FLOAT), null)); // non-trivial updater state
        return net;
    }

    @Test
    void nonFiniteFeaturesFailBeforeAnyParameterChanges() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            FlowNetwork net = trainedNet(GradientMode.RELATIVE, false);
            INDArray params = net.params().dup();
            INDArray state = net.getUpdater().getStateViewArray().dup();
            INDArray x = ToyData.uniform(40, 3, 2, DataType.FLOAT);
            x.putScalar(17, 2, bad);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                    () -> net.fit(new FeatureDataSetIterator(x, 40)));
            assertTrue(e.getMessage().contains("row 17, column 2"), e.getMessage());
            assertTrue(e.getMessage().contains("layer name: flow0"), e.getMessage());
            assertEquals(params, net.params());
            assertEquals(state, net.getUpdater().getStateViewArray());
            assertThrows(NonFiniteInputException.class, () -> net.asFlow().logProb(x));
        }
    }

    private static void makeSingular(FlowNetwork net, int layer) {
        INDArray w = net.getLayer(layer).getParam("W");
        w.getColumn(1).assign(w.getColumn(0)); // two equal columns: det W = 0 exactly
    }

    @Test
    void singularWeightsAreReportedNamingTheLayer() {
        FlowNetwork net = trainedNet(GradientMode.RELATIVE, false);
        makeSingular(net, 1);
        INDArray x = ToyData.uniform(20, 3, 3, DataType.FLOAT);
        for (org.junit.jupiter.api.function.Executable call : new org.junit.jupiter.api.function.Executable[] {
                () -> net.score(new DataSet(x, null)),
                () -> net.asFlow().logProb(x),
                () -> net.asFlow().inverse(x),
                () -> net.asFlow().sample(5, 1)}) {
            SingularWeightsException e = assertThrows(SingularWeightsException.class, call);
            assertTrue(e.getMessage().contains("flow1"), e.getMessage());
        }
    }

    @Test
    void singularWeightsStopTrainingWhereTheStepNeedsTheDeterminantOrInverse() {
        for (FlowNetwork net : new FlowNetwork[] {trainedNet(GradientMode.EUCLIDEAN, false),
                trainedNet(GradientMode.RELATIVE, true)}) {
            makeSingular(net, 2);
            INDArray params = net.params().dup();
            SingularWeightsException e = assertThrows(SingularWeightsException.class,
                    () -> net.fit(new DataSet(ToyData.uniform(20, 3, 3, DataType.FLOAT), null)));
            assertTrue(e.getMessage().contains("flow2"), e.getMessage());
            assertEquals(params, net.params(), "no update after the error");
        }
    }

    @Test
    void nonFiniteParametersStopTrainingNamingTheLayer() {
        FlowNetwork net = trainedNet(GradientMode.RELATIVE, false);
        net.getLayer(0).getParam("W").putScalar(0, 0, Float.NaN);
        SingularWeightsException e = assertThrows(SingularWeightsException.class,
                () -> net.fit(new DataSet(ToyData.uniform(20, 3, 3, DataType.FLOAT), null)));
        assertTrue(e.getMessage().contains("flow0"), e.getMessage());
    }

    @Test
    void wrongDimensionIsAClearError() {
        FlowNetwork net = trainedNet(GradientMode.RELATIVE, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.asFlow().logProb(ToyData.uniform(4, 5, 1, DataType.FLOAT)));
        assertTrue(e.getMessage().contains("[batch, 3]"), e.getMessage());
    }
}
