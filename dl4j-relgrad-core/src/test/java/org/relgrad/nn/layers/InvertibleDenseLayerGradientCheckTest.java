package org.relgrad.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.relgrad.density.StandardLaplace;
import org.relgrad.density.StandardLogistic;
import org.relgrad.density.StandardNormal;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's own finite-difference gradient check on the Euclidean mode, whose gradient includes −B·W^{-T}: this pins
 * the likelihood, its Jacobian terms and their backprop against numerical differentiation of the exact score.
 */
class InvertibleDenseLayerGradientCheckTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static INDArray input() {
        return ToyData.uniform(8, 4, 11, DataType.DOUBLE).muli(2.0);
    }

    @Test
    void multiLayerNetworkEuclideanGradientMatchesFiniteDifferences() {
        for (var density : new org.relgrad.density.BaseDensity[] {new StandardNormal(), new StandardLogistic()}) {
            MultiLayerNetwork net = new MultiLayerNetwork(Nets.mln(4, 3, GradientMode.EUCLIDEAN, new NoOp(),
                    DataType.DOUBLE, 3, true, density));
            net.init();
            Params.randomize(net.getLayers(), 0.4, 0.8, 5);
            INDArray x = input();
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                    .labels(x).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "gradient check failed for density " + density);
        }
    }

    @Test
    void laplaceDensityAwayFromItsKink() {
        // |z| is not differentiable at 0; inputs are shifted so no latent sits within epsilon of it
        MultiLayerNetwork net = new MultiLayerNetwork(Nets.mln(4, 2, GradientMode.EUCLIDEAN, new NoOp(),
                DataType.DOUBLE, 3, true, new StandardLaplace()));
        net.init();
        Params.randomize(net.getLayers(), 0.2, 0.1, 6);
        INDArray x = input();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                .labels(x).epsilon(1e-7).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok);
    }

    @Test
    void computationGraphEuclideanGradientMatchesFiniteDifferences() {
        ComputationGraph graph = new ComputationGraph(Nets.graph(4, 3, GradientMode.EUCLIDEAN, new NoOp(),
                DataType.DOUBLE, 4, true));
        graph.init();
        Params.randomize(graph.getLayers(), 0.4, 0.8, 7);
        INDArray x = input();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {x}).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9));
        assertTrue(ok);
    }
}
