package org.relgrad.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.relgrad.density.StandardNormal;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowGraph;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.ActNorm;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.FlowConfigurationException;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.optimize.listeners.InvertibilityGuard;
import org.relgrad.testutil.Dense;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import java.io.File;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ActNorm through the layer contract only: log p against a closed form and a brute-force Jacobian, DL4J's gradient
 * check, inverse and sampling, the data-dependent initialisation, JSON and ModelSerializer, training of
 * MultiLayerNetworks and ComputationGraphs, the invertibility guard and frozen wrappers. Expected values are computed
 * here in plain Java from the parameters, never by the code under test.
 */
class ActNormTest {
    private static final int D = 3;
    private static final double ALPHA = 0.1; // Nets.layer: smooth leaky ReLU with α = 0.1, identity when linear

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static ActNorm act(String name) {
        return new ActNorm.Builder().name(name).build();
    }

    /** act0 → flow0 (smooth leaky ReLU) → act1 → flow1 (linear) → standard normal. */
    private static MultiLayerConfiguration mln(IUpdater updater, GradientMode mode, DataType type) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(type).updater(updater).list()
                .layer(act("act0"))
                .layer(Nets.layer(D, false, mode, true, "flow0"))
                .layer(act("act1"))
                .layer(Nets.layer(D, true, mode, true, "flow1"))
                .layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(D)).build();
    }

    private static ComputationGraphConfiguration graph(IUpdater updater, GradientMode mode) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(updater).graphBuilder()
                .addInputs("x")
                .addLayer("act0", act("act0"), "x")
                .addLayer("flow0", Nets.layer(D, false, mode, true, "flow0"), "act0")
                .addLayer("act1", act("act1"), "flow0")
                .addLayer("flow1", Nets.layer(D, true, mode, true, "flow1"), "act1")
                .addLayer("density", new DensityOutputLayer.Builder().build(), "flow1")
                .setOutputs("density").setInputTypes(InputType.feedForward(D)).build();
    }

    /** Random log-scales and shifts in ±0.6 for every ActNorm layer, marked initialised. */
    private static void randomizeActNorms(Layer[] layers, long seed) {
        Random r = new Random(seed);
        for (Layer l : layers) {
            if (l.paramTable().containsKey(ActNorm.LOG_SCALE)) {
                for (String p : new String[] {ActNorm.LOG_SCALE, ActNorm.SHIFT}) {
                    INDArray v = l.getParam(p);
                    for (int i = 0; i < v.length(); i++) {
                        v.putScalar(i, 0.6 * (2 * r.nextDouble() - 1));
                    }
                }
                l.getParam(ActNorm.INITIALIZED).assign(1.0);
            }
        }
    }

    private static MultiLayerNetwork randomMln(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(mln(new NoOp(), GradientMode.EUCLIDEAN, DataType.DOUBLE));
        net.init();
        Params.randomize(net.getLayers(), 0.4, 0.5, seed);
        randomizeActNorms(net.getLayers(), seed + 1);
        return net;
    }

    /** Columns far from standard: means 5, −2, 0.3 and spreads 3, 0.1, 1 (uniform, not Gaussian). */
    private static INDArray rawData(int n, long seed, double meanShift) {
        INDArray u = ToyData.uniform(n, D, seed, DataType.DOUBLE);
        return u.mulRowVector(Nd4j.createFromArray(3.0, 0.1, 1.0))
                .addiRowVector(Nd4j.createFromArray(5.0 + meanShift, -2.0, 0.3));
    }

    private static double softplus(double y) {
        return Math.max(y, 0) + Math.log1p(Math.exp(-Math.abs(y)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // log p

    @Test
    void aloneItIsTheGaussianWithTheInverseAffineMap() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list().layer(act("a")).layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(D)).build());
        net.init();
        double[] l = {0.4, -1.2, 0.05};
        double[] t = {1.5, -0.3, 2.0};
        net.getLayer(0).getParam(ActNorm.LOG_SCALE).assign(Nd4j.createFromArray(l).reshape(1, D));
        net.getLayer(0).getParam(ActNorm.SHIFT).assign(Nd4j.createFromArray(t).reshape(1, D));
        INDArray x = ToyData.uniform(12, D, 3, DataType.DOUBLE).muli(4);
        double[][] xs = Dense.of(x);
        double[] got = Flow.of(net).logProb(x).toDoubleVector();
        double mean = 0;
        for (int n = 0; n < xs.length; n++) {
            double lp = 0;
            for (int i = 0; i < D; i++) {
                double z = xs[n][i] * Math.exp(l[i]) + t[i];
                lp += -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) + l[i];
            }
            assertEquals(lp, got[n], 1e-12, "example " + n);
            mean += lp / xs.length;
        }
        // the network's own score (outside training) is the exact mean NLL, Jacobian included
        assertEquals(-mean, net.score(new DataSet(x, x)), 1e-12);
    }

    /** log p(x) of one example: forward pass and full Jacobian diag(s0)·W0·diag(σ')·diag(s1)·W1 in plain Java. */
    private static double bruteForceLogProb(double[] x, Layer[] layers) {
        double[] z = x.clone();
        double[][] jac = new double[D][D];
        for (int i = 0; i < D; i++) {
            jac[i][i] = 1;
        }
        for (int k = 0; k < 4; k++) {
            double[][] step = new double[D][D];
            double[] next = new double[D];
            if (k % 2 == 0) {
                double[] l = Dense.row(layers[k].getParam(ActNorm.LOG_SCALE));
                double[] t = Dense.row(layers[k].getParam(ActNorm.SHIFT));
                for (int i = 0; i < D; i++) {
                    next[i] = z[i] * Math.exp(l[i]) + t[i];
                    step[i][i] = Math.exp(l[i]);
                }
            } else {
                boolean linear = k == 3;
                double[][] w = Dense.of(layers[k].getParam("W"));
                double[] b = Dense.row(layers[k].getParam("b"));
                for (int j = 0; j < D; j++) {
                    double y = b[j];
                    for (int i = 0; i < D; i++) {
                        y += z[i] * w[i][j];
                    }
                    double slope = linear ? 1.0 : ALPHA + (1 - ALPHA) / (1 + Math.exp(-y));
                    for (int i = 0; i < D; i++) {
                        step[i][j] = w[i][j] * slope;
                    }
                    next[j] = linear ? y : ALPHA * y + (1 - ALPHA) * softplus(y);
                }
            }
            jac = Dense.mul(jac, step);
            z = next;
        }
        double lp = Dense.logAbsDet(jac);
        for (double v : z) {
            lp += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
        }
        return lp;
    }

    @Test
    void logProbBetweenDenseLayersMatchesTheBruteForceJacobian() {
        MultiLayerNetwork net = randomMln(2);
        INDArray x = ToyData.uniform(15, D, 4, DataType.DOUBLE).muli(3);
        double[][] xs = Dense.of(x);
        double[] got = Flow.of(net).logProb(x).toDoubleVector();
        for (int n = 0; n < xs.length; n++) {
            assertEquals(bruteForceLogProb(xs[n], net.getLayers()), got[n], 1e-9, "example " + n);
        }
        ComputationGraph g = new ComputationGraph(graph(new NoOp(), GradientMode.EUCLIDEAN));
        g.init();
        g.setParams(net.params());
        Layer[] inOrder = {g.getLayer("act0"), g.getLayer("flow0"), g.getLayer("act1"), g.getLayer("flow1")};
        double[] gotGraph = Flow.of(g).logProb(x).toDoubleVector();
        for (int n = 0; n < xs.length; n++) {
            assertEquals(bruteForceLogProb(xs[n], inOrder), gotGraph[n], 1e-9, "graph example " + n);
        }
        assertEquals(-Flow.of(net).logProb(x).meanNumber().doubleValue(), net.score(new DataSet(x, x)), 1e-10);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // gradients

    @Test
    void multiLayerNetworkGradientMatchesFiniteDifferences() {
        MultiLayerNetwork net = randomMln(3);
        INDArray x = ToyData.uniform(8, D, 5, DataType.DOUBLE).muli(2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(x)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @Test
    void computationGraphGradientMatchesFiniteDifferences() {
        ComputationGraph g = new ComputationGraph(graph(new NoOp(), GradientMode.EUCLIDEAN));
        g.init();
        g.setParams(randomMln(4).params());
        INDArray x = ToyData.uniform(8, D, 6, DataType.DOUBLE).muli(2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {x}).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // inverse and sampling

    @Test
    void inverseOfForwardIsIdentityAndSamplesMapBackToTheirLatents() {
        Flow flow = Flow.of(randomMln(5));
        INDArray x = ToyData.uniform(40, D, 7, DataType.DOUBLE).muli(5);
        assertEquals(0.0, Dense.maxAbsDiff(Dense.of(x), Dense.of(flow.inverse(flow.forward(x)))), 1e-10);
        INDArray samples = flow.sample(300, 11);
        INDArray latents = new StandardNormal().sample(300, D, new Random(11));
        assertEquals(0.0, Dense.maxAbsDiff(Dense.of(latents), Dense.of(flow.forward(samples))), 1e-9);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // data-dependent initialisation

    private static void assertStandardised(INDArray out, String what) {
        double[][] o = Dense.of(out);
        for (int i = 0; i < D; i++) {
            double m = 0;
            for (double[] row : o) {
                m += row[i] / o.length;
            }
            double v = 0;
            for (double[] row : o) {
                v += (row[i] - m) * (row[i] - m) / o.length;
            }
            assertEquals(0.0, m, 1e-10, what + ": mean of feature " + i);
            assertEquals(1.0, Math.sqrt(v), 1e-10, what + ": population std of feature " + i);
        }
    }

    private static INDArray outputOf(MultiLayerNetwork net, int layer, INDArray x) {
        return net.feedForwardToLayer(layer, x, false).get(layer + 1);
    }

    @Test
    void theFirstTrainingBatchIsStandardisedAndLaterBatchesDoNotReinitialise(@TempDir File dir) throws Exception {
        FlowNetwork net = new FlowNetwork(mln(new Sgd(0.0), GradientMode.RELATIVE, DataType.DOUBLE));
        net.init();
        INDArray first = rawData(200, 1, 0.0);
        // inference does not initialise
        net.output(first);
        Flow.of(net).logProb(first);
        assertFalse(((ActNormImpl) net.getLayer(0)).isInitialized());
        assertEquals(0.0, net.getLayer(0).getParam(ActNorm.LOG_SCALE).amaxNumber().doubleValue(), 0.0);

        net.fit(new DataSet(first, null)); // Sgd(0): the update leaves the parameters as initialised
        assertTrue(((ActNormImpl) net.getLayer(0)).isInitialized());
        assertStandardised(outputOf(net, 0, first), "act0 on the first batch");
        assertStandardised(outputOf(net, 2, first), "act1 (after a dense layer) on the first batch");

        INDArray initialised = net.params().dup();
        INDArray second = rawData(200, 2, 4.0); // other statistics: a re-initialisation would change parameters
        net.fit(new DataSet(second, null));
        assertEquals(initialised, net.params(), "a later batch must not initialise again");
        double meanOfSecond = outputOf(net, 0, second).getColumn(0).meanNumber().doubleValue();
        assertTrue(Math.abs(meanOfSecond) > 1.0, "the second batch is not standardised: " + meanOfSecond);

        File zip = new File(dir, "initialised.zip");
        ModelSerializer.writeModel(net, zip, true);
        FlowNetwork back = FlowNetwork.load(zip, true);
        assertTrue(((ActNormImpl) back.getLayer(0)).isInitialized());
        back.fit(new DataSet(second, null));
        assertEquals(initialised, back.params(), "a restored network must not initialise again");

        // a network saved before its first batch initialises after loading
        FlowNetwork fresh = new FlowNetwork(mln(new Sgd(0.0), GradientMode.RELATIVE, DataType.DOUBLE));
        fresh.init();
        File freshZip = new File(dir, "fresh.zip");
        ModelSerializer.writeModel(fresh, freshZip, true);
        FlowNetwork freshBack = FlowNetwork.load(freshZip, true);
        freshBack.fit(new DataSet(second, null));
        assertStandardised(outputOf(freshBack, 0, second), "act0 of a restored fresh network");
    }

    @Test
    void adamStepsAfterTheInitialisationMoveTheParametersOnlyByTheirStepSize() {
        FlowNetwork net = new FlowNetwork(mln(new Adam(1e-3), GradientMode.RELATIVE, DataType.DOUBLE));
        net.init();
        INDArray first = rawData(200, 1, 0.0);
        net.fit(new DataSet(first, null));
        INDArray after1 = net.getLayer(0).getParam(ActNorm.LOG_SCALE).dup();
        // −log σ of the first batch's columns, by hand (σ = 3, 0.1, 1 times the std of U(−1, 1) ≈ 0.577)
        double[][] xs = Dense.of(first);
        for (int i = 0; i < D; i++) {
            double m = 0;
            for (double[] row : xs) {
                m += row[i] / xs.length;
            }
            double v = 0;
            for (double[] row : xs) {
                v += (row[i] - m) * (row[i] - m) / xs.length;
            }
            // initialised, then one Adam step of at most lr
            assertEquals(-0.5 * Math.log(v), after1.getDouble(i), 1.01e-3, "logScale " + i);
        }
        for (int k = 0; k < 5; k++) {
            net.fit(new DataSet(rawData(200, 10 + k, 3.0), null));
        }
        INDArray after6 = net.getLayer(0).getParam(ActNorm.LOG_SCALE);
        assertTrue(after6.sub(after1).amaxNumber().doubleValue() <= 5.05e-3, after1 + " -> " + after6);
    }

    @Test
    void computationGraphsInitialiseOnTheirFirstBatchToo() {
        FlowGraph g = new FlowGraph(graph(new Sgd(0.0), GradientMode.RELATIVE));
        g.init();
        INDArray first = rawData(150, 3, 0.0);
        g.fit(new INDArray[] {first}, null, null, null);
        assertStandardised(g.feedForward(first, false).get("act0"), "graph act0");
        assertStandardised(g.feedForward(first, false).get("act1"), "graph act1");
        INDArray initialised = g.params().dup();
        g.fit(new INDArray[] {rawData(150, 4, 2.0)}, null, null, null);
        assertEquals(initialised, g.params());
    }

    @Test
    void withoutDataDependentInitItStartsAsTheIdentity() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new Sgd(0.0)).list().layer(new ActNorm.Builder().dataDependentInit(false).build())
                .layer(new DensityOutputLayer.Builder().build()).setInputType(InputType.feedForward(D)).build());
        net.init();
        INDArray x = rawData(50, 5, 0.0);
        net.fit(new DataSet(x, x));
        assertEquals(x, net.output(x));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // serialisation

    @Test
    void jsonRoundTripKeepsEverySetting() {
        MultiLayerConfiguration conf = mln(new Adam(1e-2), GradientMode.RELATIVE, DataType.FLOAT);
        ((ActNorm) conf.getConf(2).getLayer()).setDataDependentInit(false);
        String json = conf.toJson();
        assertTrue(json.contains(ActNorm.class.getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertTrue(((ActNorm) back.getConf(0).getLayer()).isDataDependentInit());
        assertFalse(((ActNorm) back.getConf(2).getLayer()).isDataDependentInit());
        ComputationGraphConfiguration g = graph(new Adam(1e-2), GradientMode.RELATIVE);
        assertEquals(g, ComputationGraphConfiguration.fromJson(g.toJson()));
    }

    @Test
    void modelZipRoundTripGivesIdenticalOutputsAndNextStep(@TempDir File dir) throws Exception {
        INDArray x = rawData(64, 8, 0.0).castTo(DataType.FLOAT);
        FlowNetwork net = new FlowNetwork(mln(new Adam(1e-2), GradientMode.RELATIVE, DataType.FLOAT));
        net.init();
        net.fit(new DataSet(x, null));
        net.fit(new DataSet(x, null));
        File zip = new File(dir, "flow.zip");
        ModelSerializer.writeModel(net, zip, true);
        FlowNetwork back = FlowNetwork.load(zip, true);
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(net.output(x), back.output(x));
        assertEquals(net.asFlow().logProb(x), back.asFlow().logProb(x));
        INDArray before = net.params().dup();
        net.fit(new DataSet(x, null));
        back.fit(new DataSet(x, null));
        assertNotEquals(before, net.params());
        assertEquals(net.params(), back.params(), "next step after restore must be identical");
        assertEquals(Flow.of(ModelSerializer.restoreMultiLayerNetwork(zip, false)).logProb(x),
                FlowNetwork.load(zip, false).asFlow().logProb(x));

        FlowGraph g = new FlowGraph(graph(new Adam(1e-2), GradientMode.RELATIVE));
        g.init();
        INDArray xd = x.castTo(DataType.DOUBLE);
        g.fit(new INDArray[] {xd}, null, null, null);
        File gzip = new File(dir, "graph.zip");
        ModelSerializer.writeModel(g, gzip, true);
        FlowGraph gBack = FlowGraph.load(gzip, true);
        assertEquals(g.outputSingle(xd), gBack.outputSingle(xd));
        assertEquals(g.asFlow().logProb(xd), gBack.asFlow().logProb(xd));
        g.fit(new INDArray[] {xd}, null, null, null);
        gBack.fit(new INDArray[] {xd}, null, null, null);
        assertEquals(g.params(), gBack.params());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // training

    /** x = L e + m with e ~ N(0, I): the exact NLL of the population is D/2·log(2πe) + log|det L|. */
    private static final double[][] L = {{2.0, 0.0, 0.0}, {1.5, 0.5, 0.0}, {-0.8, 0.6, 0.3}};
    private static final double[] M = {4.0, -1.0, 10.0};

    private static double gaussianEntropy() {
        return 0.5 * D * Math.log(2 * Math.PI * Math.E) + Dense.logAbsDet(L);
    }

    /** ActNorm → linear dense → normal: a full-covariance Gaussian, which can reach the closed-form optimum. */
    private static MultiLayerConfiguration linearFlow() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new Adam(2e-2)).list()
                .layer(act("act0")).layer(Nets.layer(D, true, GradientMode.RELATIVE, false, "flow0"))
                .layer(new DensityOutputLayer.Builder().build()).setInputType(InputType.feedForward(D)).build();
    }

    @Test
    void trainingAMultiLayerNetworkLowersTheNllToTheClosedFormOptimum() {
        INDArray x = ToyData.gaussian(4000, L, M, 21);
        FlowNetwork net = new FlowNetwork(linearFlow());
        net.init();
        DataSet all = new DataSet(x, null);
        double before = net.score(all);
        net.fit(all);
        double afterInit = net.score(all);
        for (int i = 0; i < 400; i++) {
            net.fit(all);
        }
        double after = net.score(all);
        assertEquals(-Flow.of(net).logProb(x).meanNumber().doubleValue(), after, 1e-9);
        assertTrue(afterInit < before, before + " -> " + afterInit);
        // the marginal standardisation alone leaves the correlations: training must remove them too
        assertTrue(after < afterInit - 0.3, afterInit + " -> " + after);
        assertEquals(gaussianEntropy(), after, 0.05, "closed-form optimum " + gaussianEntropy());
    }

    @Test
    void trainingAComputationGraphLowersTheNll() {
        INDArray x = ToyData.gaussian(2000, L, M, 22);
        FlowGraph g = new FlowGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(2e-2)).graphBuilder().addInputs("x")
                .addLayer("act0", act("act0"), "x")
                .addLayer("flow0", Nets.layer(D, true, GradientMode.RELATIVE, false, "flow0"), "act0")
                .addLayer("density", new DensityOutputLayer.Builder().build(), "flow0")
                .setOutputs("density").setInputTypes(InputType.feedForward(D)).build());
        g.init();
        MultiDataSet all = new MultiDataSet(new INDArray[] {x}, null);
        double before = g.score(all);
        for (int i = 0; i < 300; i++) {
            g.fit(new INDArray[] {x}, null, null, null);
        }
        double after = g.score(all);
        assertEquals(-Flow.of(g).logProb(x).meanNumber().doubleValue(), after, 1e-9);
        assertTrue(after < before - 1.0, before + " -> " + after);
        assertEquals(gaussianEntropy(), after, 0.1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // guard, frozen wrappers, configuration

    @Test
    void theInvertibilityGuardChecksActNormLayers() {
        FlowNetwork net = new FlowNetwork(mln(new NoOp(), GradientMode.RELATIVE, DataType.DOUBLE));
        net.init();
        net.fit(new DataSet(rawData(50, 1, 0.0), null));
        InvertibilityGuard guard = new InvertibilityGuard(1);
        assertDoesNotThrow(() -> guard.check(net));

        net.getLayer(2).getParam(ActNorm.LOG_SCALE).putScalar(1, Double.NaN);
        SingularWeightsException nan = assertThrows(SingularWeightsException.class, () -> guard.check(net));
        assertTrue(nan.getMessage().contains("act1") && nan.getMessage().contains("NaN"), nan.getMessage());

        net.getLayer(2).getParam(ActNorm.LOG_SCALE).putScalar(1, 0.0);
        net.getLayer(0).getParam(ActNorm.LOG_SCALE).putScalar(0, 800.0); // e^800 overflows a double
        SingularWeightsException overflow = assertThrows(SingularWeightsException.class, () -> guard.check(net));
        assertTrue(overflow.getMessage().contains("act0") && overflow.getMessage().contains("800"),
                overflow.getMessage());

        // a flow without any dense layer is checked too
        MultiLayerNetwork alone = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).updater(new NoOp()).list().layer(act("only"))
                .layer(new DensityOutputLayer.Builder().build()).setInputType(InputType.feedForward(D)).build());
        alone.init();
        alone.getLayer(0).getParam(ActNorm.SHIFT).putScalar(2, Double.POSITIVE_INFINITY);
        alone.setScore(1.0);
        SingularWeightsException e = assertThrows(SingularWeightsException.class,
                () -> new InvertibilityGuard(1).check(alone));
        assertTrue(e.getMessage().contains("only"), e.getMessage());
    }

    @Test
    void aFrozenActNormKeepsItsJacobianInTheScore() {
        MultiLayerNetwork trained = randomMln(9);
        FlowNetwork frozen = new FlowNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).list()
                .layer(new FrozenLayerWithBackprop(act("act0")))
                .layer(Nets.layer(D, false, GradientMode.RELATIVE, true, "flow0"))
                .layer(act("act1"))
                .layer(Nets.layer(D, true, GradientMode.RELATIVE, true, "flow1"))
                .layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(D)).build());
        frozen.init(trained.params().dup(), false);
        INDArray x = ToyData.uniform(30, D, 12, DataType.DOUBLE).muli(2);
        INDArray exact = Flow.of(trained).logProb(x);
        assertTrue(exact.equalsWithEps(Flow.of(frozen).logProb(x), 1e-10));
        assertEquals(-exact.meanNumber().doubleValue(), frozen.score(new DataSet(x, null)), 1e-10);
        INDArray firstLayer = frozen.getLayer(0).params().dup();
        frozen.fit(new DataSet(x, null));
        assertEquals(firstLayer, frozen.getLayer(0).params());
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThrows(FlowConfigurationException.class, () -> new ActNorm.Builder().nIn(3).nOut(4).build());
        assertThrows(FlowConfigurationException.class, () -> new ActNorm.Builder().units(3)
                .activation(org.nd4j.linalg.activations.Activation.TANH).build());
        assertThrows(FlowConfigurationException.class, () -> new NeuralNetConfiguration.Builder().dropOut(0.5)
                .list().layer(new ActNorm.Builder().units(3).build())
                .layer(new DensityOutputLayer.Builder().build()).build());
    }
}
