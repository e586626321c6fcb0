package org.relgrad.examples.lab.bench;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.activations.Identity;
import org.relgrad.activations.InvertibleActivation;
import org.relgrad.activations.SmoothLeakyReLU;
import org.relgrad.density.StandardNormal;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The autodiff baseline's gradient, built from explicit per-example Jacobians, checked against finite differences of
 * an independent double-precision implementation of the exact NLL, and against the core library's Euclidean gradient.
 */
class ExplicitJacobianFlowTest {

    /** A flow's parameters and activations in plain Java; alpha = 0 means the identity. */
    record Net(double[][][] w, double[][] b, double[] alpha) {
        int layers() {
            return w.length;
        }

        int d() {
            return b[0].length;
        }
    }

    static Net randomNet(int d, double[] alpha, long seed) {
        Random r = new Random(seed);
        int layers = alpha.length;
        double[][][] w = new double[layers][d][d];
        double[][] b = new double[layers][d];
        for (int k = 0; k < layers; k++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    w[k][i][j] = (i == j ? 1 : 0) + 0.4 * (2 * r.nextDouble() - 1);
                }
                b[k][i] = 0.5 * (2 * r.nextDouble() - 1);
            }
        }
        return new Net(w, b, alpha);
    }

    static double[][] data(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                row[i] = 1.5 * r.nextGaussian();
            }
        }
        return x;
    }

    /**
     * Σ_n −log p(x_n), exactly, by the layer-wise formula (log|det W| by Gaussian elimination): independent of the
     * class under test, which never uses that structure.
     */
    static double referenceNll(Net net, double[][] x) {
        int d = net.d();
        double total = 0;
        for (double[] row : x) {
            double[] z = row.clone();
            double logDet = 0;
            for (int k = 0; k < net.layers(); k++) {
                double[] y = new double[d];
                for (int j = 0; j < d; j++) {
                    double s = net.b()[k][j];
                    for (int i = 0; i < d; i++) {
                        s += z[i] * net.w()[k][i][j];
                    }
                    y[j] = s;
                }
                double a = net.alpha()[k];
                for (int j = 0; j < d; j++) {
                    if (a == 0) {
                        z[j] = y[j];
                    } else {
                        double softplus = Math.max(y[j], 0) + Math.log1p(Math.exp(-Math.abs(y[j])));
                        z[j] = a * y[j] + (1 - a) * softplus;
                        logDet += Math.log(a + (1 - a) / (1 + Math.exp(-y[j])));
                    }
                }
                logDet += logAbsDet(net.w()[k]);
            }
            double sq = 0;
            for (double v : z) {
                sq += v * v;
            }
            total += 0.5 * sq + 0.5 * d * Math.log(2 * Math.PI) - logDet;
        }
        return total;
    }

    static double logAbsDet(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        double s = 0;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            s += Math.log(Math.abs(a[c][c]));
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j < n; j++) {
                    a[r][j] -= f * a[c][j];
                }
            }
        }
        return s;
    }

    static ExplicitJacobianFlow flowOf(Net net, IUpdater updater) {
        List<INDArray> ws = new ArrayList<>();
        List<INDArray> bs = new ArrayList<>();
        List<InvertibleActivation> acts = new ArrayList<>();
        for (int k = 0; k < net.layers(); k++) {
            ws.add(Nd4j.createFromArray(net.w()[k]));
            bs.add(Nd4j.createFromArray(net.b()[k]));
            double a = net.alpha()[k];
            acts.add(a == 0 ? Identity.INSTANCE : new SmoothLeakyReLU(a));
        }
        return new ExplicitJacobianFlow(ws, bs, acts, new StandardNormal(), updater, DataType.DOUBLE);
    }

    static void assertClose(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(expected - actual) <= tol * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + ", got " + actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.01,0", "0.3,0,0.2", "0.2"})
    void gradientMatchesFiniteDifferencesOfTheExactNll(String alphas) {
        double[] alpha = java.util.Arrays.stream(alphas.split(",")).mapToDouble(Double::parseDouble).toArray();
        int d = 3;
        Net net = randomNet(d, alpha, 11);
        double[][] x = data(4, d, 12);
        try (ExplicitJacobianFlow flow = flowOf(net, new NoOp())) {
            double meanNll = flow.computeGradient(Nd4j.createFromArray(x));
            assertClose(referenceNll(net, x) / x.length, meanNll, 1e-12, "NLL");

            double h = 1e-6;
            for (int k = 0; k < net.layers(); k++) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        double keep = net.w()[k][i][j];
                        net.w()[k][i][j] = keep + h;
                        double up = referenceNll(net, x);
                        net.w()[k][i][j] = keep - h;
                        double down = referenceNll(net, x);
                        net.w()[k][i][j] = keep;
                        assertClose((up - down) / (2 * h), flow.gradientW(k).getDouble(i, j), 1e-7,
                                "dNLL/dW" + k + "[" + i + "," + j + "]");
                    }
                    double keep = net.b()[k][i];
                    net.b()[k][i] = keep + h;
                    double up = referenceNll(net, x);
                    net.b()[k][i] = keep - h;
                    double down = referenceNll(net, x);
                    net.b()[k][i] = keep;
                    assertClose((up - down) / (2 * h), flow.gradientB(k).getDouble(0, i), 1e-7,
                            "dNLL/db" + k + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void chunkedJacobiansGiveTheSameGradient() {
        Net net = randomNet(4, new double[] {0.05, 0.3, 0}, 21);
        INDArray x = Nd4j.createFromArray(data(7, 4, 22));
        try (ExplicitJacobianFlow whole = flowOf(net, new NoOp());
             ExplicitJacobianFlow chunked = flowOf(net, new NoOp())) {
            chunked.setStackBytes(1);
            double a = whole.computeGradient(x);
            double b = chunked.computeGradient(x);
            assertEquals(7, whole.chunkSize());
            assertEquals(1, chunked.chunkSize());
            assertEquals(a, b, 1e-12);
            for (int k = 0; k < 3; k++) {
                assertEquals(0, whole.gradientW(k).sub(chunked.gradientW(k)).amaxNumber().doubleValue(), 1e-12);
                assertEquals(0, whole.gradientB(k).sub(chunked.gradientB(k)).amaxNumber().doubleValue(), 1e-12);
            }
        }
    }

    @Test
    void parallelLusGiveTheSameGradient() {
        Net net = randomNet(6, new double[] {0.1, 0}, 31);
        INDArray x = Nd4j.createFromArray(data(9, 6, 32));
        try (ExplicitJacobianFlow one = flowOf(net, new NoOp());
             ExplicitJacobianFlow two = flowOf(net, new NoOp()).parallelLu(2)) {
            assertEquals(one.computeGradient(x), two.computeGradient(x), 1e-12);
            for (int k = 0; k < 2; k++) {
                assertEquals(0, one.gradientW(k).sub(two.gradientW(k)).amaxNumber().doubleValue(), 1e-12);
            }
        } finally {
            // the test JVM runs OpenBLAS single-threaded (OMP_NUM_THREADS=1); parallelLu(2) left it at 2
            org.bytedeco.openblas.global.openblas.blas_set_num_threads(1);
        }
    }

    static FlowNetwork coreNetwork(int d, int layers, IUpdater updater, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(updater).list();
        for (int k = 0; k < layers; k++) {
            b.layer(new InvertibleDenseLayer.Builder().units(d).gradientMode(GradientMode.EUCLIDEAN)
                    .activation(k == layers - 1 ? Activation.IDENTITY.getActivationFunction()
                            : new ActivationSmoothLeakyReLU(0.1))
                    .build());
        }
        FlowNetwork net = new FlowNetwork(b.layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(d)).build());
        net.init();
        // away from the orthogonal start: generic weights and non-zero biases
        Random r = new Random(seed);
        for (int k = 0; k < layers; k++) {
            INDArray w = net.getLayer(k).getParam("W");
            INDArray bias = net.getLayer(k).getParam("b");
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    w.putScalar(i, j, (i == j ? 1 : 0) + 0.4 * (2 * r.nextDouble() - 1));
                }
                bias.putScalar(i, 0.8 * (2 * r.nextDouble() - 1));
            }
        }
        return net;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void gradientEqualsTheCoreEuclideanGradient(int layers) {
        int d = 5;
        FlowNetwork net = coreNetwork(d, layers, new NoOp(), 7);
        INDArray x = Nd4j.createFromArray(data(6, d, 8));
        try (ExplicitJacobianFlow flow = ExplicitJacobianFlow.of(net, new NoOp(), DataType.DOUBLE)) {
            double nll = flow.computeGradient(x);
            net.setInput(x);
            net.setLabels(x);
            net.computeGradientAndScore();
            for (int k = 0; k < layers; k++) {
                // the core layers write batch means; the explicit flow sums over the batch
                INDArray gw = net.gradient().getGradientFor(k + "_W").mul(x.rows());
                INDArray gb = net.gradient().getGradientFor(k + "_b").reshape(1, d).mul(x.rows());
                double dw = gw.sub(flow.gradientW(k)).amaxNumber().doubleValue();
                double db = gb.sub(flow.gradientB(k)).amaxNumber().doubleValue();
                assertTrue(dw <= 1e-8, "layer " + k + " W gradient differs by " + dw);
                assertTrue(db <= 1e-8, "layer " + k + " b gradient differs by " + db);
            }
            assertEquals(-net.asFlow().logProb(x).meanNumber().doubleValue(), nll, 1e-10);
        }
    }

    @Test
    void trainingStepsMatchTheCoreEuclideanNetworkUnderAdam() {
        int d = 4;
        FlowNetwork net = coreNetwork(d, 2, new Adam(1e-2), 9);
        INDArray x = Nd4j.createFromArray(data(5, d, 10));
        try (ExplicitJacobianFlow flow = ExplicitJacobianFlow.of(net, new Adam(1e-2), DataType.DOUBLE)) {
            for (int step = 0; step < 3; step++) {
                net.fit(new DataSet(x, null));
                flow.fit(x);
            }
            for (int k = 0; k < 2; k++) {
                INDArray w = net.getLayer(k).getParam("W");
                INDArray b = net.getLayer(k).getParam("b").reshape(1, d);
                assertEquals(0, w.sub(flow.weight(k)).amaxNumber().doubleValue(), 1e-10, "W" + k);
                assertEquals(0, b.sub(flow.bias(k)).amaxNumber().doubleValue(), 1e-10, "b" + k);
            }
            // the step did move the parameters
            INDArray w0 = coreNetwork(d, 2, new Adam(1e-2), 9).getLayer(0).getParam("W");
            assertTrue(w0.sub(flow.weight(0)).amaxNumber().doubleValue() > 1e-3);
        }
    }

    @Test
    void floatStepRunsAndAgreesWithDouble() {
        int d = 16;
        FlowNetwork net = coreNetwork(d, 2, new NoOp(), 13);
        INDArray x = Nd4j.createFromArray(data(10, d, 14));
        try (ExplicitJacobianFlow f64 = ExplicitJacobianFlow.of(net, new NoOp(), DataType.DOUBLE);
             ExplicitJacobianFlow f32 = ExplicitJacobianFlow.of(net, new NoOp(), DataType.FLOAT)) {
            double a = f64.computeGradient(x);
            double b = f32.computeGradient(x.castTo(DataType.FLOAT));
            assertEquals(a, b, 1e-4 * Math.abs(a));
            for (int k = 0; k < 2; k++) {
                double scale = f64.gradientW(k).amaxNumber().doubleValue();
                double diff = f64.gradientW(k).sub(f32.gradientW(k).castTo(DataType.DOUBLE)).amaxNumber()
                        .doubleValue();
                assertTrue(diff <= 1e-4 * scale, "float gradient differs by " + diff + " (scale " + scale + ")");
            }
        }
    }
}
