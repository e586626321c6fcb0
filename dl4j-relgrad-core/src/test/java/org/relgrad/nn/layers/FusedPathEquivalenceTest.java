package org.relgrad.nn.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.cpu.FusedPath;
import org.relgrad.flow.FlowGraph;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.learning.config.FusedAdam;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused CPU kernels and the plain ND4J-op path compute the same relative step: score, gradient, outputs and the
 * parameters after several Adam steps agree to 1e-6 in float and 1e-12 in double (relative to the values' scale).
 * Shapes are chosen so that element-wise chunks end in the middle of a row.
 */
class FusedPathEquivalenceTest {
    private static final int D = 45;
    private static final int B = 50; // 2250 elements: one chunk boundary inside row 45

    @AfterEach
    void restore() {
        FusedPath.setEnabled(true);
    }

    private static double tolerance(DataType t) {
        return t == DataType.DOUBLE ? 1e-12 : 1e-6;
    }

    /** Smooth leaky ReLU, leaky ReLU and a linear layer: every activation kernel. */
    private static MultiLayerConfiguration conf(DataType type, boolean biasInLogDet) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(new FusedAdam(1e-2)).list();
        b.layer(new InvertibleDenseLayer.Builder().units(D).activation(new ActivationSmoothLeakyReLU(0.1))
                .biasInLogDetTerm(biasInLogDet).build());
        b.layer(new InvertibleDenseLayer.Builder().units(D).activation(new ActivationLReLU(0.2))
                .biasInLogDetTerm(biasInLogDet).build());
        b.layer(new InvertibleDenseLayer.Builder().units(D).activation(Activation.IDENTITY)
                .biasInLogDetTerm(biasInLogDet).build());
        return b.layer(new DensityOutputLayer.Builder().build()).setInputType(InputType.feedForward(D)).build();
    }

    private static final class Run {
        double score;
        INDArray gradient;
        INDArray output;
        INDArray logProb;
        INDArray paramsAfterSteps;
    }

    private static Run run(boolean fused, DataType type, boolean biasInLogDet) {
        FusedPath.setEnabled(fused);
        assertEquals(fused, FusedPath.enabled());
        FlowNetwork net = new FlowNetwork(conf(type, biasInLogDet));
        net.init();
        Params.randomize(net.getLayers(), 0.3, 0.5, 11);
        INDArray x = ToyData.uniform(B, D, 5, type).muli(2).subi(0.5);
        Run r = new Run();
        net.setInput(x);
        net.setLabels(x);
        net.computeGradientAndScore();
        r.score = net.score();
        r.gradient = net.getFlattenedGradients().dup();
        r.output = net.output(x).dup();
        r.logProb = net.asFlow().logProb(x).dup();
        for (int i = 0; i < 5; i++) {
            net.fit(new DataSet(x, null));
        }
        r.paramsAfterSteps = net.params().dup();
        return r;
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tol * scale, what + ": max difference " + diff + " > " + tol + " x " + scale);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void fusedAndPlainPathsAgree(DataType type) {
        for (boolean biasInLogDet : new boolean[] {true, false}) {
            Run plain = run(false, type, biasInLogDet);
            Run fused = run(true, type, biasInLogDet);
            double tol = tolerance(type);
            assertEquals(plain.score, fused.score, tol * Math.max(1, Math.abs(plain.score)), "score");
            assertClose(plain.gradient, fused.gradient, tol, "gradient");
            assertClose(plain.output, fused.output, tol, "output");
            assertClose(plain.logProb, fused.logProb, tol, "log p");
            assertClose(plain.paramsAfterSteps, fused.paramsAfterSteps, tol, "parameters after 5 Adam steps");
            // and the step did something: the comparison is not between two untouched networks
            assertTrue(plain.gradient.amaxNumber().doubleValue() > 1e-3);
        }
    }

    @Test
    void computationGraphTakesTheFusedPathToo() {
        double[] scores = new double[2];
        INDArray[] grads = new INDArray[2];
        for (int k = 0; k < 2; k++) {
            FusedPath.setEnabled(k == 1);
            ComputationGraph g = new FlowGraph(Nets.graph(D, 3, GradientMode.RELATIVE, new FusedAdam(1e-3),
                    DataType.DOUBLE, 2, false));
            g.init();
            Params.randomize(g.getLayers(), 0.3, 0.5, 4);
            INDArray x = ToyData.uniform(B, D, 6, DataType.DOUBLE);
            g.setInputs(x);
            g.setLabels(x);
            g.computeGradientAndScore();
            scores[k] = g.score();
            grads[k] = g.getFlattenedGradients().dup();
        }
        assertEquals(scores[0], scores[1], 1e-12 * Math.abs(scores[0]));
        assertClose(grads[0], grads[1], 1e-12, "graph gradient");
    }

    @Test
    void widerThanOneChunkAndOddBatchAgree() {
        int d = 2100; // a bias row longer than an element-wise chunk
        INDArray[] grads = new INDArray[2];
        double[] scores = new double[2];
        for (int k = 0; k < 2; k++) {
            FusedPath.setEnabled(k == 1);
            MultiLayerNetwork net = new FlowNetwork(Nets.mln(d, 2, GradientMode.RELATIVE, new FusedAdam(1e-3),
                    DataType.DOUBLE, 7));
            net.init();
            INDArray x = ToyData.uniform(3, d, 8, DataType.DOUBLE);
            net.setInput(x);
            net.setLabels(x);
            net.computeGradientAndScore();
            scores[k] = net.score();
            grads[k] = net.getFlattenedGradients().dup();
        }
        assertEquals(scores[0], scores[1], 1e-12 * Math.abs(scores[0]));
        assertClose(grads[0], grads[1], 1e-12, "gradient at D = 2100");
    }
}
