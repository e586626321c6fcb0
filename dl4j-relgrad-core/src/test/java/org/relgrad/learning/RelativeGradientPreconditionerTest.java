package org.relgrad.learning;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.relgrad.nn.conf.layers.GradientMode;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stock DL4J DenseLayer with the preconditioner takes the step W Wᵀ G (or G Wᵀ W) where plain SGD takes G. */
class RelativeGradientPreconditionerTest {
    private static final int D = 4;

    private static MultiLayerNetwork net(List<Regularization> regularization, int width) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(D).nOut(width).activation(Activation.TANH)
                        .regularization(regularization).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(width).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet data() {
        Nd4j.getRandom().setSeed(5);
        return new DataSet(Nd4j.randn(DataType.DOUBLE, 16, D), Nd4j.randn(DataType.DOUBLE, 16, 2));
    }

    /** Plain-Java matrix product. */
    private static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    /**
     * The gradient of DL4J's MSE score (mean over the batch of Σ_k (y_k − t_k)² / nOut) with respect to the first
     * layer's W [nIn, nOut], by backpropagation written out in plain Java: h = tanh(x W0 + b0), y = h W1 + b1.
     */
    private static double[][] mseGradientOfFirstW(double[][] x, double[][] t, double[][] w0, double[] b0,
            double[][] w1, double[] b1) {
        int n = x.length;
        int width = w0[0].length;
        int out = w1[0].length;
        double[][] g = new double[w0.length][width];
        for (int e = 0; e < n; e++) {
            double[] h = new double[width];
            for (int j = 0; j < width; j++) {
                double z = b0[j];
                for (int i = 0; i < x[e].length; i++) {
                    z += x[e][i] * w0[i][j];
                }
                h[j] = Math.tanh(z);
            }
            double[] dy = new double[out];
            for (int k = 0; k < out; k++) {
                double y = b1[k];
                for (int j = 0; j < width; j++) {
                    y += h[j] * w1[j][k];
                }
                dy[k] = 2 * (y - t[e][k]) / out / n;
            }
            for (int j = 0; j < width; j++) {
                double dh = 0;
                for (int k = 0; k < out; k++) {
                    dh += dy[k] * w1[j][k];
                }
                double dz = dh * (1 - h[j] * h[j]);
                for (int i = 0; i < x[e].length; i++) {
                    g[i][j] += x[e][i] * dz;
                }
            }
        }
        return g;
    }

    /**
     * The expected steps are computed here independently of DL4J's updater and of ND4J's products: the SGD step
     * −lr·G with G by plain-Java backpropagation (checked against the stock network's own step), the relative one
     * −lr·W Wᵀ G or −lr·G Wᵀ W by plain-Java products.
     */
    private static void checkStep(GradientMode mode) {
        double lr = 0.1;
        MultiLayerNetwork plain = net(List.of(), D);
        MultiLayerNetwork relative = net(List.of(new RelativeGradientPreconditioner(D, mode)), D);
        INDArray w0 = plain.getLayer(0).getParam("W").dup();
        INDArray b0 = plain.getLayer(0).getParam("b").dup();
        assertEquals(w0, relative.getLayer(0).getParam("W"));
        double[][] w = w0.toDoubleMatrix();
        DataSet data = data();
        double[][] g = mseGradientOfFirstW(data.getFeatures().toDoubleMatrix(), data.getLabels().toDoubleMatrix(), w,
                b0.toDoubleVector(), plain.getLayer(1).getParam("W").toDoubleMatrix(),
                plain.getLayer(1).getParam("b").toDoubleVector());
        plain.fit(data());
        relative.fit(data());
        double[][] plainStep = plain.getLayer(0).getParam("W").sub(w0).toDoubleMatrix();
        double[][] sgd = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                sgd[i][j] = -lr * g[i][j];
            }
        }
        assertTrue(maxAbsDiff(sgd, plainStep) < 1e-14, "the plain-Java SGD step differs from DL4J's by "
                + maxAbsDiff(sgd, plainStep));
        double[][] expected = mode == GradientMode.RELATIVE ? mul(mul(w, transpose(w)), sgd)
                : mul(mul(sgd, transpose(w)), w);
        double[][] actual = relative.getLayer(0).getParam("W").sub(w0).toDoubleMatrix();
        assertTrue(maxAbsDiff(actual, expected) < 1e-13, "relative step differs from the expected by "
                + maxAbsDiff(actual, expected));
        assertTrue(maxAbsDiff(actual, plainStep) > 1e-6, "the step must differ from SGD's");
        // biases and the layers without the preconditioner step exactly as with plain SGD
        assertTrue(relative.getLayer(0).getParam("b").sub(b0).equalsWithEps(plain.getLayer(0).getParam("b").sub(b0),
                1e-14));
        assertTrue(relative.getLayer(1).params().equalsWithEps(plain.getLayer(1).params(), 1e-14));
    }

    @Test
    void relativeStepIsWWtTimesTheSgdStep() {
        checkStep(GradientMode.RELATIVE);
    }

    @Test
    void transposedStepIsTheSgdStepTimesWtW() {
        checkStep(GradientMode.TRANSPOSED_RELATIVE);
    }

    @Test
    void survivesConfigurationJson() {
        MultiLayerNetwork net = net(List.of(new RelativeGradientPreconditioner(D, GradientMode.TRANSPOSED_RELATIVE)), D);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        DenseLayer layer = (DenseLayer) back.getConf(0).getLayer();
        assertEquals(List.of(new RelativeGradientPreconditioner(D, GradientMode.TRANSPOSED_RELATIVE)),
                layer.getRegularization());
    }

    @Test
    void nonSquareLayersAndTheEuclideanModeAreRejected() {
        MultiLayerNetwork wide = net(List.of(new RelativeGradientPreconditioner(D)), D + 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wide.fit(data()));
        assertTrue(e.getMessage().contains("square") && e.getMessage().contains("nIn == nOut == 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RelativeGradientPreconditioner(D, GradientMode.EUCLIDEAN));
    }
}
