package org.relgrad.flow;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.relgrad.density.ConditionalDensity;
import org.relgrad.density.ConditionalGaussian;
import org.relgrad.density.ConditionalLaplace;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.conf.layers.StandardizationLayer;
import org.relgrad.testutil.Dense;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sampling a conditional flow, {@code Flow.sample(u, seed)}, on an affine flow whose conditional moments are closed
 * form: x = ((z − b) W⁻¹) ⊙ scale + mean, so E[x | u] and Cov[x | u] follow from the per-segment location and
 * variance of the configured family (W⁻¹ by Gauss–Jordan here, not by the library). And a family defined only in
 * this test: the contract is all a new conditional density needs.
 */
class ConditionalSamplingTest {
    private static final int D = 3;
    private static final int S = 3;
    private static final double[] MEAN = {1.0, -2.0, 0.5};
    private static final double[] SCALE = {2.0, 0.5, 1.5};
    private static final double[][] MU = {{0.5, -1.0, 0.0}, {2.0, 0.0, 1.0}, {-3.0, 1.5, -0.5}};
    private static final double[][] LOG_SCALE = {{0.0, 0.3, -0.2}, {-0.5, 0.2, 0.4}, {0.7, -0.4, 0.1}};

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork affineFlow(ConditionalDensity density) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new StandardizationLayer.Builder().statistics(MEAN, SCALE).build())
                .layer(new InvertibleDenseLayer.Builder().units(D).activation(Activation.IDENTITY).build())
                .layer(new ConditionalDensityOutputLayer.Builder().segments(S).density(density).build())
                .setInputType(InputType.feedForward(D)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Params.randomize(net.getLayers(), 0.6, 1.0, 5);
        net.getLayer(2).getParam("mu").assign(Nd4j.createFromArray(MU));
        net.getLayer(2).getParam("logScale").assign(Nd4j.createFromArray(LOG_SCALE));
        return net;
    }

    /** A⁻¹ by Gauss–Jordan elimination with partial pivoting. */
    private static double[][] inverse(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a0[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[p][k])) {
                    p = i;
                }
            }
            double[] t = a[p];
            a[p] = a[k];
            a[k] = t;
            double piv = a[k][k];
            for (int j = 0; j < 2 * n; j++) {
                a[k][j] /= piv;
            }
            for (int i = 0; i < n; i++) {
                if (i != k) {
                    double f = a[i][k];
                    for (int j = 0; j < 2 * n; j++) {
                        a[i][j] -= f * a[k][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }

    private static INDArray indices(int n) {
        INDArray u = Nd4j.zeros(DataType.DOUBLE, n, 1);
        for (int k = 0; k < n; k++) {
            u.putScalar(k, 0, k % S);
        }
        return u;
    }

    private static void assertConditionalMoments(MultiLayerNetwork net, double shapeVariance) {
        double[][] a = inverse(Dense.of(net.getLayer(1).getParam("W")));
        double[] b = Dense.row(net.getLayer(1).getParam("b"));
        int perSegment = 30_000;
        INDArray x = Flow.of(net).sample(indices(S * perSegment), 11);
        assertArrayEquals(new long[] {S * perSegment, D}, x.shape());
        double[] flat = x.dup('c').data().asDouble();
        for (int g = 0; g < S; g++) {
            // expected mean: ((μ_g − b) A) ⊙ scale + mean; covariance diag(scale) Aᵀ diag(var_g) A diag(scale)
            double[] mean = new double[D];
            double[][] cov = new double[D][D];
            for (int j = 0; j < D; j++) {
                for (int i = 0; i < D; i++) {
                    mean[j] += (MU[g][i] - b[i]) * a[i][j];
                }
                mean[j] = mean[j] * SCALE[j] + MEAN[j];
                for (int k = 0; k < D; k++) {
                    for (int i = 0; i < D; i++) {
                        cov[j][k] += a[i][j] * shapeVariance * Math.exp(2 * LOG_SCALE[g][i]) * a[i][k];
                    }
                    cov[j][k] *= SCALE[j] * SCALE[k];
                }
            }
            double[] m = new double[D];
            double[][] c = new double[D][D];
            for (int r = g; r < S * perSegment; r += S) {
                for (int j = 0; j < D; j++) {
                    m[j] += flat[r * D + j] / perSegment;
                }
            }
            for (int r = g; r < S * perSegment; r += S) {
                for (int j = 0; j < D; j++) {
                    for (int k = 0; k < D; k++) {
                        c[j][k] += (flat[r * D + j] - m[j]) * (flat[r * D + k] - m[k]) / perSegment;
                    }
                }
            }
            for (int j = 0; j < D; j++) {
                assertEquals(mean[j], m[j], 5 * Math.sqrt(cov[j][j] / perSegment), "segment " + g + " mean " + j);
                for (int k = 0; k < D; k++) {
                    // Laplace's kurtosis is 6: the standard error of a covariance stays below 2.5·√(σ_jj σ_kk / n)
                    double tol = 5 * 2.5 * Math.sqrt(cov[j][j] * cov[k][k] / perSegment);
                    assertEquals(cov[j][k], c[j][k], tol, "segment " + g + " covariance " + j + "," + k);
                }
            }
        }
    }

    @Test
    void laplaceSamplesHaveTheClosedFormConditionalMeanAndCovariance() {
        assertConditionalMoments(affineFlow(new ConditionalLaplace()), 2.0);
    }

    @Test
    void gaussianSamplesHaveTheClosedFormConditionalMeanAndCovariance() {
        assertConditionalMoments(affineFlow(new ConditionalGaussian()), 1.0);
    }

    @Test
    void samplesAreReproducibleAndTakeEitherFormOfU() {
        Flow flow = Flow.of(affineFlow(new ConditionalLaplace()));
        INDArray idx = indices(50);
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 50, S);
        for (int k = 0; k < 50; k++) {
            oneHot.putScalar(k, k % S, 1.0);
        }
        INDArray a = flow.sample(idx, 3);
        assertEquals(a, flow.sample(oneHot, 3), "indices and one-hot rows mean the same u");
        assertEquals(a, flow.sample(idx, 3));
        assertTrue(Dense.maxAbsDiff(Dense.of(a), Dense.of(flow.sample(idx, 4))) > 0.1);
        IllegalStateException noU = assertThrows(IllegalStateException.class, () -> flow.sample(10, 3));
        assertTrue(noU.getMessage().contains("sample(u, seed)"), noU.getMessage());
        assertThrows(IllegalArgumentException.class, () -> flow.sample(Nd4j.valueArrayOf(new long[] {4, 1}, 7.0), 1));
        MultiLayerNetwork plain = new MultiLayerNetwork(Nets.mln(D, 1, GradientMode.RELATIVE, new NoOp(),
                DataType.DOUBLE, 1));
        plain.init();
        assertThrows(IllegalStateException.class, () -> Flow.of(plain).sample(idx, 1));
    }

    /**
     * A conditional family that only this test knows: unit-variance normal around a per-segment shift, one table
     * "shift" starting at 0.25. Nothing in the library names it.
     */
    public static final class SegmentShiftedNormal implements ConditionalDensity {
        @Override
        public List<String> parameterNames() {
            return List.of("shift");
        }

        @Override
        public double initialValue(String name) {
            return 0.25;
        }

        private static INDArray residual(INDArray z, INDArray oneHot, Map<String, INDArray> params) {
            return z.sub(oneHot.castTo(z.dataType()).mmul(params.get("shift").castTo(z.dataType())));
        }

        @Override
        public INDArray logProb(INDArray z, INDArray oneHot, Map<String, INDArray> params) {
            INDArray r = residual(z, oneHot, params);
            return r.mul(r).sum(1).muli(-0.5).subi(0.5 * z.columns() * Math.log(2 * Math.PI));
        }

        @Override
        public void gradients(INDArray z, INDArray oneHot, Map<String, INDArray> params, INDArray gradZ,
                Map<String, INDArray> gradParams) {
            INDArray r = residual(z, oneHot, params);
            gradZ.assign(r);
            gradParams.get("shift").assign(oneHot.castTo(z.dataType()).transpose().mmul(r).negi());
        }

        @Override
        public INDArray sample(INDArray oneHot, Map<String, INDArray> params, Random rng) {
            INDArray shift = params.get("shift").castTo(DataType.DOUBLE);
            INDArray e = Nd4j.zeros(DataType.DOUBLE, oneHot.rows(), shift.columns());
            for (long r = 0; r < e.rows(); r++) {
                for (long c = 0; c < e.columns(); c++) {
                    e.putScalar(r, c, rng.nextGaussian());
                }
            }
            return e.addi(oneHot.castTo(DataType.DOUBLE).mmul(shift));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SegmentShiftedNormal;
        }

        @Override
        public int hashCode() {
            return 7;
        }
    }

    @Test
    void aFamilyDefinedOutsideTheLibraryTrainsScoresSamplesAndSerialises() {
        MultiLayerNetwork net = affineFlowWithShiftedNormal();
        // its own parameter table, with its own initial value, and nothing else
        assertEquals(List.of("shift"), List.copyOf(net.getLayer(2).paramTable().keySet()));
        assertEquals(S * D, net.getLayer(2).numParams());
        assertEquals(0.25, net.getLayer(2).getParam("shift").minNumber().doubleValue(), 0.0);
        assertEquals(0.25, net.getLayer(2).getParam("shift").maxNumber().doubleValue(), 0.0);

        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(new SegmentShiftedNormal(), ((ConditionalDensityOutputLayer) back.getConf(2).getLayer())
                .getDensity());

        Params.randomize(net.getLayers(), 0.5, 0.5, 8);
        double[][] shift = {{1.0, -1.0, 0.5}, {0.0, 2.0, -2.0}, {-1.5, 0.3, 0.8}};
        net.getLayer(2).getParam("shift").assign(Nd4j.createFromArray(shift));
        INDArray x = ToyData.uniform(9, D, 4, DataType.DOUBLE).muli(3);
        INDArray u = indices(9);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(u)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));

        // log p(x | u) = log N(z; shift_u, I) + log|det W| − Σ log scale, z by hand
        Flow flow = Flow.of(net);
        double[][] w = Dense.of(net.getLayer(1).getParam("W"));
        double[] b = Dense.row(net.getLayer(1).getParam("b"));
        double logDet = Dense.logAbsDet(w);
        double[][] xs = Dense.of(x);
        double[] got = flow.logProb(x, u).toDoubleVector();
        for (int n = 0; n < 9; n++) {
            double lp = logDet;
            for (int j = 0; j < D; j++) {
                double z = b[j];
                for (int i = 0; i < D; i++) {
                    z += (xs[n][i] - MEAN[i]) / SCALE[i] * w[i][j];
                }
                double r = z - shift[n % S][j];
                lp += -0.5 * r * r - 0.5 * Math.log(2 * Math.PI) - Math.log(SCALE[j]);
            }
            assertEquals(lp, got[n], 1e-10, "example " + n);
        }
        INDArray latents = flow.forward(flow.sample(indices(3 * 20_000), 9));
        for (int g = 0; g < S; g++) {
            for (int j = 0; j < D; j++) {
                double m = 0;
                for (int r = g; r < 3 * 20_000; r += S) {
                    m += latents.getDouble(r, j) / 20_000;
                }
                assertEquals(shift[g][j], m, 5 / Math.sqrt(20_000), "segment " + g + " component " + j);
            }
        }
    }

    private static MultiLayerNetwork affineFlowWithShiftedNormal() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new StandardizationLayer.Builder().statistics(MEAN, SCALE).build())
                .layer(new InvertibleDenseLayer.Builder().units(D).activation(Activation.IDENTITY)
                        .gradientMode(GradientMode.EUCLIDEAN).logDetInTrainingScore(true).build())
                .layer(new ConditionalDensityOutputLayer.Builder().segments(S).density(new SegmentShiftedNormal())
                        .build())
                .setInputType(InputType.feedForward(D)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
