package org.relgrad.nn.math;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.linalg.HostLapack;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.Dense;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relative directions are the Euclidean gradient (validated by the gradient check) multiplied by the metric on
 * the augmented matrix Ã = [[W, 0], [b, 1]] (relative: Ã Ãᵀ G̃), or by WᵀW from the right on the parameter block
 * [W; b] (transposed), computed here explicitly.
 */
class RelativeGradientDirectionTest {
    private static final int D = 5;
    private static final int B = 7;

    private static Gradient gradientOf(GradientMode mode, boolean biasInLogDet, INDArray params, INDArray x) {
        MultiLayerNetwork net = new MultiLayerNetwork(Nets.mln(D, 3, mode, new Adam(1e-3), DataType.DOUBLE, 1));
        net.init();
        for (Layer l : net.getLayers()) {
            if (l.conf().getLayer() instanceof InvertibleDenseLayer) {
                ((InvertibleDenseLayer) l.conf().getLayer()).setBiasInLogDetTerm(biasInLogDet);
            }
        }
        net.setParams(params);
        net.setInput(x);
        net.setLabels(x);
        net.computeGradientAndScore();
        return net.gradient();
    }

    private static double[][] augmented(double[][] w, double[] b) {
        int d = w.length;
        double[][] a = new double[d + 1][d + 1];
        for (int i = 0; i < d; i++) {
            System.arraycopy(w[i], 0, a[i], 0, d);
        }
        System.arraycopy(b, 0, a[d], 0, d);
        a[d][d] = 1;
        return a;
    }

    private static double[][] augmentedGradient(double[][] gw, double[] gb) {
        int d = gw.length;
        double[][] g = new double[d + 1][d + 1];
        for (int i = 0; i < d; i++) {
            System.arraycopy(gw[i], 0, g[i], 0, d);
        }
        System.arraycopy(gb, 0, g[d], 0, d);
        return g;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void relativeAndTransposedEqualMetricTimesEuclidean(long seed) {
        MultiLayerNetwork ref = new MultiLayerNetwork(Nets.mln(D, 3, GradientMode.EUCLIDEAN, new Adam(1e-3),
                DataType.DOUBLE, seed));
        ref.init();
        Params.randomize(ref.getLayers(), 0.5, 1.0, seed);
        INDArray params = ref.params().dup();
        INDArray x = ToyData.uniform(B, D, seed + 10, DataType.DOUBLE).muli(3).addi(1.5); // un-centred on purpose

        Gradient eu = gradientOf(GradientMode.EUCLIDEAN, true, params, x);
        Gradient rel = gradientOf(GradientMode.RELATIVE, true, params, x);
        Gradient tr = gradientOf(GradientMode.TRANSPOSED_RELATIVE, true, params, x);
        Gradient authors = gradientOf(GradientMode.RELATIVE, false, params, x);

        for (int k = 0; k < 3; k++) {
            double[][] w = Dense.of(ref.getLayer(k).getParam("W"));
            double[] b = Dense.row(ref.getLayer(k).getParam("b"));
            double[][] a = augmented(w, b);
            double[][] g = augmentedGradient(Dense.of(eu.getGradientFor(k + "_W")), Dense.row(eu.getGradientFor(k + "_b")));

            double[][] expectRel = Dense.mul(Dense.mul(a, Dense.transpose(a)), g);
            double[][] block = new double[D + 1][];
            for (int i = 0; i <= D; i++) {
                block[i] = java.util.Arrays.copyOf(g[i], D);
            }
            double[][] expectTr = Dense.mul(block, Dense.mul(Dense.transpose(w), w));
            double scale = Math.max(1.0, Dense.maxAbs(expectRel));

            assertBlock(expectRel, rel, k, 1e-10 * scale, "relative");
            for (int i = 0; i < D; i++) {
                assertEquals(0.0, expectRel[i][D], 1e-10 * scale, "Ã Ãᵀ G̃ keeps the constant column at zero");
            }
            assertBlock(expectTr, tr, k, 1e-10 * Math.max(1.0, Dense.maxAbs(expectTr)), "transposed");

            // the authors' variant differs only by leaving +b in the bias direction (gradients are batch means)
            double[] relB = Dense.row(rel.getGradientFor(k + "_b"));
            double[] autB = Dense.row(authors.getGradientFor(k + "_b"));
            for (int j = 0; j < D; j++) {
                assertEquals(relB[j] + b[j], autB[j], 1e-10 * scale);
            }
            assertEquals(0.0, Dense.maxAbsDiff(Dense.of(rel.getGradientFor(k + "_W")),
                    Dense.of(authors.getGradientFor(k + "_W"))), 0.0);
        }
    }

    private static void assertBlock(double[][] expect, Gradient got, int k, double tol, String what) {
        double[][] gw = Dense.of(got.getGradientFor(k + "_W"));
        double[] gb = Dense.row(got.getGradientFor(k + "_b"));
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                assertEquals(expect[i][j], gw[i][j], tol, what + " W[" + i + "," + j + "] of layer " + k);
            }
            assertEquals(expect[D][i], gb[i], tol, what + " b[" + i + "] of layer " + k);
        }
    }

    @Test
    void relativeTrainingRunsNoFactorisation() {
        FlowNetwork net = new FlowNetwork(Nets.mln(8, 3, GradientMode.RELATIVE, new Adam(1e-3), DataType.FLOAT, 1));
        net.init();
        long before = HostLapack.factorizationCount();
        net.fit(new FeatureDataSetIterator(ToyData.uniform(400, 8, 1, DataType.FLOAT), 50));
        assertEquals(before, HostLapack.factorizationCount(), "a relative-mode training epoch ran an LU or QR");

        FlowNetwork eu = new FlowNetwork(Nets.mln(8, 3, GradientMode.EUCLIDEAN, new Adam(1e-3), DataType.FLOAT, 1));
        eu.init();
        long beforeEu = HostLapack.factorizationCount();
        eu.fit(new FeatureDataSetIterator(ToyData.uniform(400, 8, 1, DataType.FLOAT), 50));
        assertTrue(HostLapack.factorizationCount() - beforeEu >= 8 * 3, "the Euclidean baseline inverts every W");
    }
}
