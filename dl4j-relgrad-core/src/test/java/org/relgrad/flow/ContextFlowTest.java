package org.relgrad.flow;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.nn.conf.layers.ContextDensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.Dense;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * p(x | c) with the base density's location and log-scale from a sub-network of a continuous context: exact log p and
 * samples against the closed-form conditional Gaussian of a linear flow with a linear context branch.
 */
class ContextFlowTest {
    private static final int D = 2;

    private static FlowGraph graph(GradientMode mode, double lr) {
        return graph(mode, new Adam(lr));
    }

    private static FlowGraph graph(GradientMode mode, org.nd4j.linalg.learning.config.IUpdater updater) {
        FlowGraph g = new FlowGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(updater).graphBuilder()
                .addInputs("x", "c")
                // the exact training score (with log|det W|) lets the gradient check differentiate the whole NLL
                .addLayer("flow0", new InvertibleDenseLayer.Builder().units(D).gradientMode(mode)
                        .logDetInTrainingScore(mode == GradientMode.EUCLIDEAN)
                        .activation(Activation.IDENTITY).build(), "x")
                .addLayer("theta", new DenseLayer.Builder().nIn(1).nOut(2 * D).activation(Activation.IDENTITY)
                        .build(), "c")
                .addVertex("merge", new MergeVertex(), "flow0", "theta")
                .addLayer("density", new ContextDensityOutputLayer.Builder().units(D).build(), "merge")
                .setOutputs("density").build());
        g.init();
        return g;
    }

    /** Hand-set parameters: W, b of the flow; A [1, 4], a [4] of θ(c) = cA + a = [μ | s]. */
    private static FlowGraph withParameters(FlowGraph g) {
        g.getLayer("flow0").getParam("W").assign(Nd4j.createFromArray(new double[][] {{1.3, 0.4}, {-0.2, 0.8}}));
        g.getLayer("flow0").getParam("b").assign(Nd4j.createFromArray(new double[][] {{0.5, -0.3}}));
        g.getLayer("theta").getParam("W").assign(Nd4j.createFromArray(new double[][] {{1.0, -0.5, 0.3, -0.4}}));
        g.getLayer("theta").getParam("b").assign(Nd4j.createFromArray(new double[][] {{0.2, 0.1, -0.2, 0.25}}));
        return g;
    }

    private static final double[][] W = {{1.3, 0.4}, {-0.2, 0.8}};
    private static final double[] B = {0.5, -0.3};
    private static final double[] A = {1.0, -0.5, 0.3, -0.4};
    private static final double[] A0 = {0.2, 0.1, -0.2, 0.25};

    /** Closed form, plain Java: log N(xW + b; μ(c), diag e^{2 s(c)}) + log|det W|. */
    private static double closedForm(double[] x, double c) {
        double logDet = Dense.logAbsDet(W);
        double lp = logDet;
        for (int j = 0; j < D; j++) {
            double z = x[0] * W[0][j] + x[1] * W[1][j] + B[j];
            double mu = c * A[j] + A0[j];
            double s = c * A[D + j] + A0[D + j];
            double e = (z - mu) * Math.exp(-s);
            lp += -0.5 * e * e - s - 0.5 * Math.log(2 * Math.PI);
        }
        return lp;
    }

    @Test
    void logProbIsTheClosedFormConditionalGaussian() {
        FlowGraph g = withParameters(graph(GradientMode.RELATIVE, 1e-2));
        Random r = new Random(1);
        int n = 50;
        double[][] x = new double[n][D];
        double[][] c = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextGaussian();
            x[i][1] = r.nextGaussian();
            c[i][0] = 2 * r.nextDouble() - 1;
        }
        ContextFlow flow = ContextFlow.of(g);
        INDArray logp = flow.logProb(Nd4j.createFromArray(x), Nd4j.createFromArray(c));
        double mean = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(closedForm(x[i], c[i][0]), logp.getDouble(i), 1e-10, "row " + i);
            mean += closedForm(x[i], c[i][0]) / n;
        }
        // the graph's own score is the exact NLL too
        double score = g.score(new MultiDataSet(new INDArray[] {Nd4j.createFromArray(x), Nd4j.createFromArray(c)},
                null));
        assertEquals(-mean, score, 1e-10);
    }

    @Test
    void samplesHaveTheClosedFormConditionalMeanAndCovariance() {
        FlowGraph g = withParameters(graph(GradientMode.RELATIVE, 1e-2));
        double c = 0.7;
        int n = 40_000;
        INDArray samples = ContextFlow.of(g).sample(Nd4j.valueArrayOf(new long[] {n, 1}, c), 11L);
        // x = (z - b) W^-1 with z ~ N(μ, diag σ²): mean (μ - b) W^-1, covariance W^-T diag(σ²) W^-1
        double det = W[0][0] * W[1][1] - W[0][1] * W[1][0];
        double[][] inv = {{W[1][1] / det, -W[0][1] / det}, {-W[1][0] / det, W[0][0] / det}};
        double[] m = new double[D];
        double[] v = new double[D];
        for (int j = 0; j < D; j++) {
            m[j] = c * A[j] + A0[j] - B[j];
            v[j] = Math.exp(2 * (c * A[D + j] + A0[D + j]));
        }
        for (int k = 0; k < D; k++) {
            double expectedMean = m[0] * inv[0][k] + m[1] * inv[1][k];
            assertEquals(expectedMean, samples.getColumn(k).meanNumber().doubleValue(), 0.03, "mean " + k);
        }
        for (int a = 0; a < D; a++) {
            for (int b = 0; b < D; b++) {
                double expected = inv[0][a] * v[0] * inv[0][b] + inv[1][a] * v[1] * inv[1][b];
                INDArray xa = samples.getColumn(a).sub(samples.getColumn(a).meanNumber());
                INDArray xb = samples.getColumn(b).sub(samples.getColumn(b).meanNumber());
                double cov = xa.mul(xb).sumNumber().doubleValue() / (n - 1);
                assertEquals(expected, cov, 0.04 * Math.max(1, Math.abs(expected)), "cov " + a + "," + b);
            }
        }
    }

    @Test
    void gradientsPassDl4jsGradientCheck() {
        DataType before = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil's precondition
        try {
            checkGradients();
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    private void checkGradients() {
        FlowGraph g = withParameters(graph(GradientMode.EUCLIDEAN, new org.nd4j.linalg.learning.config.NoOp()));
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.DOUBLE, new long[] {8, D});
        INDArray c = Nd4j.rand(DataType.DOUBLE, 8, 1);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x, c}).labels(new INDArray[] {x}).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9));
        assertTrue(ok);
    }

    @Test
    void relativeTrainingLearnsAConditionalMeanAndSpread() {
        FlowGraph g = graph(GradientMode.RELATIVE, 2e-2);
        Random r = new Random(7);
        int n = 2000;
        double[][] x = new double[n][D];
        double[][] c = new double[n][1];
        for (int i = 0; i < n; i++) {
            double ci = 2 * r.nextDouble() - 1;
            c[i][0] = ci;
            x[i][0] = 2 * ci + Math.exp(0.5 * ci) * r.nextGaussian();
            x[i][1] = -ci + 0.3 * r.nextGaussian();
        }
        INDArray xs = Nd4j.createFromArray(x);
        INDArray cs = Nd4j.createFromArray(c);
        ContextFlow flow = ContextFlow.of(g);
        double before = flow.logProb(xs, cs).meanNumber().doubleValue();
        for (int epoch = 0; epoch < 60; epoch++) {
            for (int s = 0; s < n; s += 100) {
                g.fit(new MultiDataSet(new INDArray[] {xs.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(s,
                        s + 100)), cs.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(s, s + 100))}, null));
            }
        }
        double after = flow.logProb(xs, cs).meanNumber().doubleValue();
        assertTrue(after > before + 0.5, before + " -> " + after);
        // conditional mean at c = 0.8: (1.6, -0.8); spread of x2: 0.3
        INDArray s = flow.sample(Nd4j.valueArrayOf(new long[] {20_000, 1}, 0.8), 3L);
        assertEquals(1.6, s.getColumn(0).meanNumber().doubleValue(), 0.15);
        assertEquals(-0.8, s.getColumn(1).meanNumber().doubleValue(), 0.1);
        assertEquals(0.3, s.getColumn(1).stdNumber().doubleValue(), 0.08);
    }
}
