package org.relgrad.flow;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.relgrad.density.StandardNormal;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Dense;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per-example log p(x) against a brute-force value: the forward pass and the full Jacobian J = Π_k W_k diag(σ'(y_k))
 * built here in plain Java, its log-determinant by Gaussian elimination, and the normal log-density in closed form.
 */
class FlowLogProbTest {
    private static final double ALPHA = 0.1; // Nets uses smooth leaky ReLU with α = 0.1, identity last

    private static double softplus(double y) {
        return Math.max(y, 0) + Math.log1p(Math.exp(-Math.abs(y)));
    }

    /** log p(x) of one example by brute force. */
    private static double bruteForceLogProb(double[] x, double[][][] ws, double[][] bs) {
        int d = x.length;
        double[] z = x.clone();
        double[][] jac = new double[d][d]; // ∂z/∂x in row convention: z = x J
        for (int i = 0; i < d; i++) {
            jac[i][i] = 1;
        }
        for (int k = 0; k < ws.length; k++) {
            boolean last = k == ws.length - 1;
            double[] y = new double[d];
            for (int j = 0; j < d; j++) {
                y[j] = bs[k][j];
                for (int i = 0; i < d; i++) {
                    y[j] += z[i] * ws[k][i][j];
                }
            }
            double[][] step = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double slope = last ? 1.0 : ALPHA + (1 - ALPHA) / (1 + Math.exp(-y[j]));
                    step[i][j] = ws[k][i][j] * slope;
                }
            }
            jac = Dense.mul(jac, step);
            for (int j = 0; j < d; j++) {
                z[j] = last ? y[j] : ALPHA * y[j] + (1 - ALPHA) * softplus(y[j]);
            }
        }
        double logNormal = 0;
        for (double v : z) {
            logNormal += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
        }
        return logNormal + Dense.logAbsDet(jac);
    }

    private static void assertMatchesBruteForce(Flow flow, org.deeplearning4j.nn.api.Layer[] layers, INDArray x) {
        int nFlow = layers.length - 1;
        double[][][] ws = new double[nFlow][][];
        double[][] bs = new double[nFlow][];
        for (int k = 0; k < nFlow; k++) {
            ws[k] = Dense.of(layers[k].getParam("W"));
            bs[k] = Dense.row(layers[k].getParam("b"));
        }
        double[] got = flow.logProb(x).toDoubleVector();
        double[][] xs = Dense.of(x);
        for (int n = 0; n < xs.length; n++) {
            assertEquals(bruteForceLogProb(xs[n], ws, bs), got[n], 1e-8, "example " + n);
        }
    }

    @Test
    void multiLayerNetworkLogProbMatchesBruteForce() {
        MultiLayerNetwork net = new MultiLayerNetwork(Nets.mln(5, 3, GradientMode.RELATIVE, new Sgd(0.1),
                DataType.DOUBLE, 1));
        net.init();
        Params.randomize(net.getLayers(), 0.6, 1.0, 2);
        INDArray x = ToyData.uniform(20, 5, 3, DataType.DOUBLE).muli(4);
        assertMatchesBruteForce(Flow.of(net), net.getLayers(), x);
    }

    @Test
    void computationGraphLogProbMatchesBruteForce() {
        ComputationGraph g = new ComputationGraph(Nets.graph(4, 4, GradientMode.RELATIVE, new Sgd(0.1),
                DataType.DOUBLE, 1, false));
        g.init();
        Params.randomize(g.getLayers(), 0.6, 1.0, 4);
        INDArray x = ToyData.uniform(20, 4, 5, DataType.DOUBLE).muli(4);
        assertMatchesBruteForce(Flow.of(g), g.getLayers(), x);
    }

    @Test
    void bruteForceJacobianAgreesWithFiniteDifferencesOfForward() {
        // guards the test's own Jacobian: z = forward(x), ∂z/∂x by central differences
        MultiLayerNetwork net = new MultiLayerNetwork(Nets.mln(3, 3, GradientMode.RELATIVE, new Sgd(0.1),
                DataType.DOUBLE, 1));
        net.init();
        Params.randomize(net.getLayers(), 0.6, 1.0, 9);
        Flow flow = Flow.of(net);
        double[] x = {0.3, -1.2, 2.0};
        double h = 1e-6;
        double[][] fd = new double[3][3];
        for (int i = 0; i < 3; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double[] zp = flow.forward(Nd4j.create(new double[][] {xp})).toDoubleVector();
            double[] zm = flow.forward(Nd4j.create(new double[][] {xm})).toDoubleVector();
            for (int j = 0; j < 3; j++) {
                fd[i][j] = (zp[j] - zm[j]) / (2 * h);
            }
        }
        double logDetFd = Dense.logAbsDet(fd);
        double z0 = 0;
        for (double v : flow.forward(Nd4j.create(new double[][] {x})).toDoubleVector()) {
            z0 += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
        }
        assertEquals(z0 + logDetFd, flow.logProb(Nd4j.create(new double[][] {x})).getDouble(0), 1e-7);
    }

    @Test
    void scoreOutsideTrainingIsExactMeanNegativeLogLikelihood() {
        FlowNetwork net = new FlowNetwork(Nets.mln(4, 3, GradientMode.RELATIVE, new Sgd(0.1), DataType.DOUBLE, 1));
        net.init();
        Params.randomize(net.getLayers(), 0.6, 1.0, 2);
        INDArray x = ToyData.uniform(30, 4, 3, DataType.DOUBLE).muli(2);
        double exact = -Flow.of(net).logProb(x).meanNumber().doubleValue();
        assertEquals(exact, net.score(new DataSet(x, null)), 1e-10);

        FlowGraph g = new FlowGraph(Nets.graph(4, 3, GradientMode.RELATIVE, new Sgd(0.1), DataType.DOUBLE, 1, false));
        g.init();
        g.setParams(net.params());
        assertEquals(exact, g.score(new DataSet(x, null)), 1e-10);
    }

    @Test
    void trainingScoreLeavesOutLogDetUnlessAsked() {
        INDArray x = ToyData.uniform(30, 4, 3, DataType.DOUBLE).muli(2);
        for (boolean exactTrainingScore : new boolean[] {false, true}) {
            FlowNetwork net = new FlowNetwork(Nets.mln(4, 3, GradientMode.RELATIVE, new Sgd(0.01), DataType.DOUBLE,
                    1, exactTrainingScore, new StandardNormal()));
            net.init();
            Params.randomize(net.getLayers(), 0.6, 1.0, 2);
            double exact = -Flow.of(net).logProb(x).meanNumber().doubleValue();
            double sumLogDet = 0;
            for (int k = 0; k < 3; k++) {
                sumLogDet += Dense.logAbsDet(Dense.of(net.getLayer(k).getParam("W")));
            }
            net.fit(new DataSet(x, null)); // the score is computed on the parameters before the update
            double expected = exactTrainingScore ? exact : exact + sumLogDet;
            assertEquals(expected, net.score(), 1e-10, "exactTrainingScore=" + exactTrainingScore);
        }
    }
}
