package org.relgrad.flow;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.density.StandardLogistic;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.ToyData;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration JSON and ModelSerializer zips keep every flow setting, the outputs and the next training step. */
class SerializationTest {
    private final INDArray x = ToyData.moons(64, 0.1, 3, DataType.FLOAT);

    private static MultiLayerConfiguration nonDefaultConf() {
        MultiLayerConfiguration conf = Nets.mln(2, 3, GradientMode.TRANSPOSED_RELATIVE, new Adam(1e-2),
                DataType.FLOAT, 5, true, new StandardLogistic());
        InvertibleDenseLayer first = (InvertibleDenseLayer) conf.getConf(0).getLayer();
        first.setBiasInLogDetTerm(false);
        return conf;
    }

    @Test
    void multiLayerConfigurationJsonRoundTripKeepsEverySetting() {
        MultiLayerConfiguration conf = nonDefaultConf();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        InvertibleDenseLayer l = (InvertibleDenseLayer) back.getConf(0).getLayer();
        assertEquals(GradientMode.TRANSPOSED_RELATIVE, l.getGradientMode());
        assertEquals(false, l.isBiasInLogDetTerm());
        assertEquals(true, l.isLogDetInTrainingScore());
        assertEquals(new StandardLogistic(), ((DensityOutputLayer) back.getConf(3).getLayer()).getDensity());
        assertTrue(conf.toJson().contains("TRANSPOSED_RELATIVE"));
    }

    @Test
    void graphConfigurationJsonRoundTrip() {
        ComputationGraphConfiguration conf = Nets.graph(3, 2, GradientMode.EUCLIDEAN, new Adam(1e-2), DataType.FLOAT,
                5, true);
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }

    @Test
    void modelZipRoundTripGivesIdenticalOutputsAndNextStep(@TempDir File dir) throws Exception {
        FlowNetwork net = new FlowNetwork(nonDefaultConf());
        net.init();
        net.fit(new DataSet(x, null)); // non-trivial Adam state
        File zip = new File(dir, "flow.zip");
        ModelSerializer.writeModel(net, zip, true);

        FlowNetwork back = FlowNetwork.load(zip, true);
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(net.output(x), back.output(x));
        assertEquals(net.asFlow().logProb(x), back.asFlow().logProb(x));

        INDArray before = net.params().dup();
        net.fit(new DataSet(x, null));
        back.fit(new DataSet(x, null));
        assertNotEquals(before, net.params(), "the step must change something for this test to mean anything");
        assertEquals(net.params(), back.params(), "next training step after restore must be identical");

        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(zip, true);
        assertEquals(Flow.of(plain).logProb(x), FlowNetwork.load(zip, false).asFlow().logProb(x));
    }

    @Test
    void graphZipRoundTripGivesIdenticalOutputsAndNextStep(@TempDir File dir) throws Exception {
        FlowGraph g = new FlowGraph(Nets.graph(2, 3, GradientMode.RELATIVE, new Adam(1e-2), DataType.FLOAT, 5, false));
        g.init();
        g.fit(new DataSet(x, null));
        File zip = new File(dir, "graph.zip");
        ModelSerializer.writeModel(g, zip, true);
        FlowGraph back = FlowGraph.load(zip, true);
        assertEquals(g.outputSingle(x), back.outputSingle(x));
        g.fit(new DataSet(x, null));
        back.fit(new DataSet(x, null));
        assertEquals(g.params(), back.params());
        ComputationGraph plain = ModelSerializer.restoreComputationGraph(zip, false);
        assertEquals(Flow.of(plain).logProb(x), FlowGraph.load(zip, false).asFlow().logProb(x));
    }
}
