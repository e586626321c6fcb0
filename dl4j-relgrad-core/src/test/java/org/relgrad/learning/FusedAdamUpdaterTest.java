package org.relgrad.learning;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.relgrad.cpu.FusedPath;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.learning.config.FusedAdam;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.ToyData;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FusedAdam against DL4J's own Adam op (an independent implementation of the same update) on stock DL4J layers, its
 * configuration JSON and its state through ModelSerializer.
 */
class FusedAdamUpdaterTest {

    @AfterEach
    void restore() {
        FusedPath.setEnabled(true);
    }

    /** A stock DL4J MLP: Dense(tanh) and an MSE output layer; 2 × 600 + ... parameters, enough for two threads. */
    private static MultiLayerConfiguration mlp(IUpdater updater, DataType type, int width) {
        return new NeuralNetConfiguration.Builder().seed(5).dataType(type).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(20).nOut(width).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(width).nOut(3)
                        .activation(Activation.IDENTITY).build())
                .build();
    }

    private static INDArray train(IUpdater updater, DataType type, int width, int steps) {
        MultiLayerNetwork net = new MultiLayerNetwork(mlp(updater, type, width));
        net.init();
        DataSet ds = new DataSet(ToyData.uniform(32, 20, 1, type), ToyData.uniform(32, 3, 2, type));
        for (int i = 0; i < steps; i++) {
            net.fit(ds);
        }
        return net.params().dup();
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol) {
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        double moved = expected.amaxNumber().doubleValue();
        assertTrue(diff <= tol * Math.max(1, moved), "max difference " + diff);
    }

    @ParameterizedTest
    @CsvSource({"FLOAT, true, 40", "DOUBLE, true, 40", "FLOAT, false, 40", "DOUBLE, false, 40",
        "FLOAT, true, 20000", "DOUBLE, true, 20000"})
    void matchesDl4jAdamOnStockLayers(DataType type, boolean fused, int width) {
        FusedPath.setEnabled(fused);
        Adam adam = new Adam(1e-2, 0.8, 0.99, 1e-6);
        INDArray expected = train(adam, type, width, 12);
        INDArray got = train(new FusedAdam(1e-2, 0.8, 0.99, 1e-6), type, width, 12);
        INDArray start = train(adam, type, width, 0);
        assertTrue(expected.sub(start).amaxNumber().doubleValue() > 1e-2, "training moved the parameters");
        assertClose(expected, got, type == DataType.DOUBLE ? 1e-12 : 1e-6);
    }

    @Test
    void followsALearningRateScheduleLikeAdam() {
        ExponentialSchedule s = new ExponentialSchedule(ScheduleType.ITERATION, 5e-2, 0.7);
        assertClose(train(new Adam(s), DataType.DOUBLE, 40, 8), train(new FusedAdam(s), DataType.DOUBLE, 40, 8),
                1e-12);
    }

    @Test
    void configurationRoundTripsThroughJson() {
        FusedAdam u = new FusedAdam(3e-4, 0.85, 0.995, 1e-7);
        MultiLayerConfiguration conf = Nets.mln(4, 2, GradientMode.RELATIVE, u, DataType.FLOAT, 1);
        String json = conf.toJson();
        assertTrue(json.contains(FusedAdam.class.getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        IUpdater restored = ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertInstanceOf(FusedAdam.class, restored);
        assertEquals(u, restored);
        assertEquals(back, conf);
    }

    @Test
    void stateRoundTripsThroughModelSerializerAndResumesBitwise(@TempDir File dir) throws Exception {
        FlowNetwork net = new FlowNetwork(Nets.mln(6, 3, GradientMode.RELATIVE, new FusedAdam(1e-2),
                DataType.FLOAT, 4));
        net.init();
        DataSet ds = new DataSet(ToyData.uniform(40, 6, 9, DataType.FLOAT), null);
        for (int i = 0; i < 4; i++) {
            net.fit(ds);
        }
        File f = new File(dir, "m.zip");
        ModelSerializer.writeModel(net, f, true);
        FlowNetwork back = FlowNetwork.load(f, true);
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        for (int i = 0; i < 4; i++) {
            net.fit(ds);
            back.fit(ds);
        }
        assertEquals(net.params(), back.params(), "continued training diverged after a save/load");
        assertTrue(net.getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0, "state was written");
    }
}
