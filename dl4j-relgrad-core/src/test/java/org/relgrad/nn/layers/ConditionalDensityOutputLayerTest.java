package org.relgrad.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.density.ConditionalDensity;
import org.relgrad.density.ConditionalFamily;
import org.relgrad.density.ConditionalGaussian;
import org.relgrad.density.ConditionalLaplace;
import org.relgrad.density.ConditionalLogistic;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionalDensityOutputLayerTest {
    private static final int D = 3;
    private static final int S = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** Each family with its standard shape log p₀(r), written here independently of the library. */
    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of(new ConditionalGaussian(), (DoubleUnaryOperator) r -> -0.5 * r * r
                        - 0.5 * Math.log(2 * Math.PI)),
                Arguments.of(new ConditionalLaplace(), (DoubleUnaryOperator) r -> -Math.abs(r) - Math.log(2)),
                Arguments.of(new ConditionalLogistic(), (DoubleUnaryOperator) r -> -Math.abs(r)
                        - 2 * Math.log1p(Math.exp(-Math.abs(r)))));
    }

    private static MultiLayerConfiguration conf(GradientMode mode, IUpdater updater, ConditionalDensity family,
            boolean conditional) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(updater).list()
                .layer(new InvertibleDenseLayer.Builder().units(D).gradientMode(mode).logDetInTrainingScore(true)
                        .activation(new ActivationSmoothLeakyReLU(0.2)).build())
                .layer(new InvertibleDenseLayer.Builder().units(D).gradientMode(mode).logDetInTrainingScore(true)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build());
        b.layer(conditional ? new ConditionalDensityOutputLayer.Builder().segments(S).density(family).build()
                : new DensityOutputLayer.Builder().build());
        return b.setInputType(InputType.feedForward(D)).build();
    }

    private static INDArray oneHot(int[] seg) {
        INDArray u = Nd4j.zeros(DataType.DOUBLE, seg.length, S);
        for (int i = 0; i < seg.length; i++) {
            u.putScalar(i, seg[i], 1.0);
        }
        return u;
    }

    private static int[] segments(int n, long seed) {
        Random r = new Random(seed);
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextInt(S);
        }
        return s;
    }

    private static void randomizeDensity(MultiLayerNetwork net, long seed) {
        Random r = new Random(seed);
        for (String p : new String[] {"mu", "logScale"}) {
            INDArray v = net.getLayer(2).getParam(p);
            for (int i = 0; i < v.rows(); i++) {
                for (int j = 0; j < v.columns(); j++) {
                    v.putScalar(i, j, 0.6 * (2 * r.nextDouble() - 1));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("families")
    void gradientCheckIncludingLocationsAndScales(ConditionalDensity family, DoubleUnaryOperator logPdf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(GradientMode.EUCLIDEAN, new NoOp(), family, true));
        net.init();
        Params.randomize(net.getLayers(), 0.3, 0.5, 3);
        randomizeDensity(net, 4);
        INDArray x = ToyData.uniform(10, D, 5, DataType.DOUBLE).muli(2);
        // ε = 1e-6: a parameter whose gradient is exactly 0 (Laplace signs cancelling within a segment) has a numerical
        // gradient of one rounding step of the score / 2ε, which must stay below minAbsoluteError
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                .labels(oneHot(segments(10, 6))).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @ParameterizedTest
    @MethodSource("families")
    void conditionalMinusUnconditionalIsTheClosedFormDensityRatio(ConditionalDensity family,
            DoubleUnaryOperator logPdf) {
        MultiLayerNetwork cond = new MultiLayerNetwork(conf(GradientMode.RELATIVE, new NoOp(), family, true));
        cond.init();
        Params.randomize(cond.getLayers(), 0.3, 0.5, 3);
        randomizeDensity(cond, 7);
        MultiLayerNetwork plain = new MultiLayerNetwork(conf(GradientMode.RELATIVE, new NoOp(), family, false));
        plain.init();
        plain.getLayer(0).setParams(cond.getLayer(0).params());
        plain.getLayer(1).setParams(cond.getLayer(1).params());

        INDArray x = ToyData.uniform(12, D, 8, DataType.DOUBLE).muli(2);
        int[] seg = segments(12, 9);
        Flow fc = Flow.of(cond);
        double[] got = fc.logProb(x, oneHot(seg)).toDoubleVector();
        double[] uncond = Flow.of(plain).logProb(x).toDoubleVector();
        double[][] z = fc.forward(x).toDoubleMatrix();
        double[][] mu = cond.getLayer(2).getParam("mu").toDoubleMatrix();
        double[][] ls = cond.getLayer(2).getParam("logScale").toDoubleMatrix();
        for (int n = 0; n < 12; n++) {
            double logCond = 0;
            double logNormal = 0;
            for (int i = 0; i < D; i++) {
                double r = (z[n][i] - mu[seg[n]][i]) / Math.exp(ls[seg[n]][i]);
                logCond += logPdf.applyAsDouble(r) - ls[seg[n]][i];
                logNormal += -0.5 * z[n][i] * z[n][i] - 0.5 * Math.log(2 * Math.PI);
            }
            assertEquals(uncond[n] - logNormal + logCond, got[n], 1e-10, "example " + n);
        }
        INDArray indices = Nd4j.create(java.util.Arrays.stream(seg).asDoubleStream().toArray(), new long[] {12, 1});
        assertTrue(fc.logProb(x, indices).equalsWithEps(fc.logProb(x, oneHot(seg)), 1e-12),
                "segment indices and one-hot labels mean the same");
    }

    @Test
    void labelsAreRequiredAndChecked() {
        FlowNetwork net = new FlowNetwork(conf(GradientMode.RELATIVE, new Adam(1e-2), new ConditionalLaplace(),
                true));
        net.init();
        INDArray x = ToyData.uniform(20, D, 1, DataType.DOUBLE);
        INDArray before = net.params().dup();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> net.fit(new FeatureDataSetIterator(x, 10)));
        assertTrue(missing.getMessage().contains("needs labels u"), missing.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> net.fit(new DataSet(x, Nd4j.zeros(DataType.DOUBLE, 20, 7))));
        assertTrue(shape.getMessage().contains("expected one-hot [20, 4] or indices [20, 1]"), shape.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> net.fit(new DataSet(x, Nd4j.valueArrayOf(new long[] {20, 1}, 9.0))));
        assertTrue(range.getMessage().contains("not an integer in [0, 4)"), range.getMessage());
        assertEquals(before, net.params());
        assertThrows(IllegalStateException.class, () -> Flow.of(net).logProb(x));
    }

    @Test
    void jsonRoundTripAndTrainingOnSegmentData() {
        MultiLayerConfiguration c = conf(GradientMode.RELATIVE, new Adam(2e-2), new ConditionalLaplace(), true);
        assertEquals(c, MultiLayerConfiguration.fromJson(c.toJson()));

        // segment-dependent means and scales: the conditional model must learn them
        int n = 800;
        int[] seg = segments(n, 11);
        Random r = new Random(12);
        double[] v = new double[n * D];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D; j++) {
                v[i * D + j] = 2.0 * (seg[i] - 1.5) + Math.exp(0.5 * (seg[i] - 1.5)) * r.nextGaussian();
            }
        }
        INDArray x = Nd4j.create(v, new long[] {n, D}, 'c');
        FlowNetwork net = new FlowNetwork(c);
        net.init();
        DataSet all = new DataSet(x, oneHot(seg));
        double before = net.score(all);
        for (int e = 0; e < 40; e++) {
            net.fit(all);
        }
        double after = net.score(all);
        assertEquals(-Flow.of(net).logProb(x, oneHot(seg)).meanNumber().doubleValue(), after, 1e-8);
        assertTrue(after < before - 1.0, before + " -> " + after);
    }

    @ParameterizedTest
    @MethodSource("families")
    void theDensityObjectSurvivesJsonAndSelectsTheMath(ConditionalDensity family, DoubleUnaryOperator logPdf) {
        MultiLayerConfiguration c = conf(GradientMode.RELATIVE, new NoOp(), family, true);
        String json = c.toJson();
        assertTrue(json.contains(family.getClass().getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(family, ((ConditionalDensityOutputLayer) back.getConf(2).getLayer()).getDensity());
        assertEquals(c, back);
    }

    /** The "family" enum property of configurations written before densities were classes still selects the math. */
    @Test
    void legacyFamilyJsonLoadsAsTheCorrespondingClass() {
        for (ConditionalDensity family : new ConditionalDensity[] {new ConditionalGaussian(),
                new ConditionalLaplace()}) {
            MultiLayerConfiguration c = conf(GradientMode.RELATIVE, new NoOp(), family, true);
            String json = c.toJson();
            String name = family instanceof ConditionalGaussian ? "GAUSSIAN" : "LAPLACE";
            // the density object as an old configuration had it: "family" : "NAME" in place of "density" : {...}
            int start = json.indexOf("\"density\" : {");
            int end = json.indexOf('}', start);
            assertTrue(start > 0 && end > start, json);
            String legacy = json.substring(0, start) + "\"family\" : \"" + name + "\"" + json.substring(end + 1);
            assertTrue(!legacy.contains("Conditional" + (name.equals("GAUSSIAN") ? "Gaussian" : "Laplace")), legacy);
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(legacy);
            assertEquals(family, ((ConditionalDensityOutputLayer) back.getConf(2).getLayer()).getDensity(), name);
        }
        // and the deprecated builder shorthand picks the same classes
        assertEquals(new ConditionalGaussian(), new ConditionalDensityOutputLayer.Builder().segments(2)
                .family(ConditionalFamily.GAUSSIAN).build().getDensity());
    }
}
