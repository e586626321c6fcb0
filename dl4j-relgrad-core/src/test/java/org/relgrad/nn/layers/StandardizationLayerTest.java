package org.relgrad.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.FlowConfigurationException;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.StandardizationLayer;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardizationLayerTest {
    private static final double[] MEAN = {1.5, -20.0, 0.25};
    private static final double[] SCALE = {0.5, 40.0, 3.0};

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static StandardizationLayer standardization() {
        return new StandardizationLayer.Builder().statistics(MEAN, SCALE).build();
    }

    /** standardisation, then two invertible dense layers, then a standard normal base. */
    private static MultiLayerConfiguration flowWithStandardization(int denseLayers) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list().layer(standardization());
        for (int k = 0; k < denseLayers; k++) {
            b.layer(Nets.layer(3, k == denseLayers - 1, GradientMode.EUCLIDEAN, true, "flow" + k));
        }
        return b.layer(new DensityOutputLayer.Builder().build()).setInputType(InputType.feedForward(3)).build();
    }

    private static INDArray rawData(int n, long seed) {
        // columns on the scales of MEAN/SCALE, so a missing standardisation would show in every number
        INDArray u = ToyData.uniform(n, 3, seed, DataType.DOUBLE).subi(0.5).muli(4.0);
        return u.mulRowVector(Nd4j.createFromArray(SCALE)).addiRowVector(Nd4j.createFromArray(MEAN));
    }

    @Test
    void aloneItIsTheGaussianWithThatMeanAndScale() {
        FlowNetwork net = new FlowNetwork(flowWithStandardization(0));
        net.init();
        INDArray x = rawData(20, 1);
        INDArray logp = Flow.of(net).logProb(x);
        for (int n = 0; n < 20; n++) {
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                double t = (x.getDouble(n, i) - MEAN[i]) / SCALE[i];
                expected += -0.5 * t * t - 0.5 * Math.log(2 * Math.PI) - Math.log(SCALE[i]);
            }
            assertEquals(expected, logp.getDouble(n), 1e-10);
        }
    }

    @Test
    void logProbIsTheStandardizedFlowsPlusTheJacobianAndTheScoreIsExact() {
        FlowNetwork withStd = new FlowNetwork(flowWithStandardization(2));
        withStd.init();
        Params.randomize(withStd.getLayers(), 0.4, 0.5, 9);
        FlowNetwork plain = new FlowNetwork(Nets.mln(3, 2, GradientMode.EUCLIDEAN, new NoOp(), DataType.DOUBLE, 3,
                true, new org.relgrad.density.StandardNormal()));
        plain.init();
        plain.setParams(withStd.params());
        INDArray x = rawData(16, 2);
        INDArray standardized = x.subRowVector(Nd4j.createFromArray(MEAN)).diviRowVector(Nd4j.createFromArray(SCALE));
        double logJacobian = -(Math.log(0.5) + Math.log(40.0) + Math.log(3.0));
        INDArray expected = Flow.of(plain).logProb(standardized).addi(logJacobian);
        INDArray actual = Flow.of(withStd).logProb(x);
        assertTrue(expected.equalsWithEps(actual, 1e-10), actual + " vs " + expected);
        assertEquals(-actual.meanNumber().doubleValue(), withStd.score(new DataSet(x, null)), 1e-9);
    }

    @Test
    void backpropThroughItMatchesFiniteDifferences() {
        // between two dense layers, so the first layer's gradient depends on this layer's backprop
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(Nets.layer(3, false, GradientMode.EUCLIDEAN, true, "first"))
                .layer(standardization())
                .layer(Nets.layer(3, true, GradientMode.EUCLIDEAN, true, "last"))
                .layer(new DensityOutputLayer.Builder().build()).setInputType(InputType.feedForward(3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Params.randomize(net.getLayers(), 0.4, 0.5, 10);
        INDArray x = rawData(6, 3).subRowVector(Nd4j.createFromArray(MEAN)).diviRowVector(Nd4j.createFromArray(SCALE));
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(x)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @Test
    void inverseAndSamplesAreInDataUnits() {
        FlowNetwork net = new FlowNetwork(flowWithStandardization(2));
        net.init();
        Params.randomize(net.getLayers(), 0.3, 0.3, 11);
        Flow flow = Flow.of(net);
        INDArray x = rawData(10, 5);
        assertTrue(flow.inverse(flow.forward(x)).equalsWithEps(x, 1e-8));
        FlowNetwork alone = new FlowNetwork(flowWithStandardization(0));
        alone.init();
        // with no other layer the model is N(MEAN, SCALE²): 20,000 samples pin mean and std to a few percent
        INDArray samples = Flow.of(alone).sample(20_000, 7);
        for (int i = 0; i < 3; i++) {
            assertEquals(MEAN[i], samples.getColumn(i).meanNumber().doubleValue(), 0.03 * SCALE[i], "column " + i);
            assertEquals(SCALE[i], samples.getColumn(i).stdNumber().doubleValue(), 0.03 * SCALE[i], "column " + i);
        }
    }

    @Test
    void statisticsSurviveModelZipAndJson(@TempDir File dir) throws Exception {
        FlowNetwork net = new FlowNetwork(flowWithStandardization(1));
        net.init();
        File zip = new File(dir, "m.zip");
        ModelSerializer.writeModel(net, zip, true);
        FlowNetwork back = FlowNetwork.load(zip, true);
        INDArray x = rawData(5, 6);
        assertTrue(Flow.of(back).logProb(x).equalsWithEps(Flow.of(net).logProb(x), 1e-12));
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        StandardizationLayer layer = (StandardizationLayer) fromJson.getConf(0).getLayer();
        assertArrayEquals(MEAN, layer.getMean());
        assertArrayEquals(SCALE, layer.getScale());
    }

    @Test
    void badStatisticsAndWidthsAreRejected() {
        assertThrows(FlowConfigurationException.class, () -> new StandardizationLayer.Builder()
                .statistics(new double[] {0, 0}, new double[] {1, 0}).build());
        assertThrows(FlowConfigurationException.class, () -> new StandardizationLayer.Builder()
                .statistics(new double[] {Double.NaN}, new double[] {1}).build());
        assertThrows(FlowConfigurationException.class, () -> new StandardizationLayer.Builder()
                .statistics(new double[] {0, 0}, new double[] {1}).build());
        assertThrows(FlowConfigurationException.class, () -> new StandardizationLayer.Builder().build());
        FlowConfigurationException e = assertThrows(FlowConfigurationException.class, () ->
                new NeuralNetConfiguration.Builder().list().layer(standardization())
                        .layer(new DensityOutputLayer.Builder().build()).setInputType(InputType.feedForward(4))
                        .build());
        assertTrue(e.getMessage().contains("4 features"), e.getMessage());
    }
}
