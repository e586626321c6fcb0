package org.relgrad.flow;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.density.ConditionalGaussian;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;
import org.relgrad.nn.conf.layers.ContextDensityOutputLayer;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The segment-conditional density is the context flow's mechanism with c = the one-hot segment and a bias-free
 * linear context branch whose weights are the per-segment tables [μ | ℓ]: the two networks give the same log p, the
 * same samples and the same gradients (so they train alike).
 */
class SegmentAsContextTest {
    private static final int D = 2;
    private static final int S = 3;
    private static final double[][] W = {{1.1, 0.3}, {-0.4, 0.9}};
    private static final double[][] B = {{0.2, -0.1}};
    private static final double[][] MU = {{0.5, -1.0}, {2.0, 0.0}, {-3.0, 1.5}};
    private static final double[][] LOG_SCALE = {{0.0, 0.3}, {-0.5, 0.2}, {0.7, -0.4}};

    private static InvertibleDenseLayer flowLayer() {
        return new InvertibleDenseLayer.Builder().units(D).activation(new ActivationSmoothLeakyReLU(0.3)).build();
    }

    private static MultiLayerNetwork segmentFlow() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(flowLayer())
                .layer(new ConditionalDensityOutputLayer.Builder().segments(S).density(new ConditionalGaussian())
                        .build())
                .setInputType(InputType.feedForward(D)).build());
        net.init();
        net.getLayer(0).getParam("W").assign(Nd4j.createFromArray(W));
        net.getLayer(0).getParam("b").assign(Nd4j.createFromArray(B));
        net.getLayer(1).getParam("mu").assign(Nd4j.createFromArray(MU));
        net.getLayer(1).getParam("logScale").assign(Nd4j.createFromArray(LOG_SCALE));
        return net;
    }

    private static ComputationGraph contextFlow() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder()
                .addInputs("x", "c")
                .addLayer("flow0", flowLayer(), "x")
                .addLayer("theta", new DenseLayer.Builder().nIn(S).nOut(2 * D).hasBias(false)
                        .activation(Activation.IDENTITY).build(), "c")
                .addVertex("merge", new MergeVertex(), "flow0", "theta")
                .addLayer("density", new ContextDensityOutputLayer.Builder().units(D).build(), "merge")
                .setOutputs("density")
                .setInputTypes(InputType.feedForward(D), InputType.feedForward(S)).build());
        g.init();
        g.getLayer("flow0").getParam("W").assign(Nd4j.createFromArray(W));
        g.getLayer("flow0").getParam("b").assign(Nd4j.createFromArray(B));
        g.getLayer("theta").getParam("W").assign(Nd4j.hstack(Nd4j.createFromArray(MU),
                Nd4j.createFromArray(LOG_SCALE)));
        return g;
    }

    private static INDArray oneHot(int[] segments) {
        INDArray u = Nd4j.zeros(DataType.DOUBLE, segments.length, S);
        for (int i = 0; i < segments.length; i++) {
            u.putScalar(i, segments[i], 1.0);
        }
        return u;
    }

    @Test
    void logProbAndSamplesAreTheSame() {
        Random r = new Random(5);
        int n = 40;
        int[] seg = new int[n];
        double[][] x = new double[n][D];
        for (int i = 0; i < n; i++) {
            seg[i] = r.nextInt(S);
            x[i][0] = 2 * r.nextGaussian();
            x[i][1] = 2 * r.nextGaussian();
        }
        INDArray xs = Nd4j.createFromArray(x);
        INDArray u = oneHot(seg);
        INDArray segmentLogp = Flow.of(segmentFlow()).logProb(xs, u);
        INDArray contextLogp = ContextFlow.of(contextFlow()).logProb(xs, u);
        for (int i = 0; i < n; i++) {
            assertEquals(segmentLogp.getDouble(i), contextLogp.getDouble(i), 1e-10, "row " + i);
        }
        // the segments are told apart: the same x scores differently under another segment
        INDArray other = oneHot(java.util.Arrays.stream(seg).map(s -> (s + 1) % S).toArray());
        assertTrue(Math.abs(Flow.of(segmentFlow()).logProb(xs, other).sub(segmentLogp).meanNumber().doubleValue())
                > 0.1);

        INDArray segmentDraws = Flow.of(segmentFlow()).sample(u, 9L);
        INDArray contextDraws = ContextFlow.of(contextFlow()).sample(u, 9L);
        assertEquals(0.0, segmentDraws.sub(contextDraws).amaxNumber().doubleValue(), 1e-10);
    }

    @Test
    void gradientsAreTheSame() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.DOUBLE, new long[] {16, D});
        INDArray u = oneHot(new int[] {0, 1, 2, 2, 1, 0, 0, 1, 2, 0, 1, 1, 2, 0, 2, 1});

        MultiLayerNetwork seg = segmentFlow();
        seg.setInput(x);
        seg.setLabels(u);
        seg.computeGradientAndScore();
        ComputationGraph ctx = contextFlow();
        ctx.setInputs(x, u);
        ctx.setLabels(x); // ignored by the density layer
        ctx.computeGradientAndScore();
        assertEquals(seg.score(), ctx.score(), 1e-10);

        INDArray thetaGrad = ctx.gradient().getGradientFor("theta_W");
        assertClose(seg.gradient().getGradientFor("0_W"), ctx.gradient().getGradientFor("flow0_W"));
        assertClose(seg.gradient().getGradientFor("0_b"), ctx.gradient().getGradientFor("flow0_b"));
        assertClose(seg.gradient().getGradientFor("1_mu"),
                thetaGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, D)));
        assertClose(seg.gradient().getGradientFor("1_logScale"),
                thetaGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(D, 2 * D)));
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        INDArray e = expected.reshape(actual.shape());
        assertTrue(e.amaxNumber().doubleValue() > 1e-6, "a zero gradient proves nothing");
        assertEquals(0.0, e.sub(actual).amaxNumber().doubleValue(), 1e-10, expected + " vs " + actual);
    }
}
