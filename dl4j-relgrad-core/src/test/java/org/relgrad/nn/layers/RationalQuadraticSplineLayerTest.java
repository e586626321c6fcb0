package org.relgrad.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.data.ToyDatasets;
import org.relgrad.density.StandardNormal;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowArchitecture;
import org.relgrad.flow.FlowGraph;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.FlowConfigurationException;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.RationalQuadraticSplineLayer;
import org.relgrad.nn.params.RationalQuadraticSplineParamInitializer;
import org.relgrad.optimize.listeners.InvertibilityGuard;
import org.relgrad.testutil.Dense;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.Params;
import org.relgrad.testutil.ToyData;

import java.io.File;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spline layer inside DL4J networks, through the layer contract only: the identity at initialisation, log p
 * against a brute-force Jacobian of a whole flow, DL4J's gradient check, inverse and sampling, float training, JSON and
 * ModelSerializer, the guard, and a training run on the moons where splines must beat the same depth without them.
 */
class RationalQuadraticSplineLayerTest {
    private static final int D = 3;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static RationalQuadraticSplineLayer spline(String name, int bins, double bound) {
        return new RationalQuadraticSplineLayer.Builder().name(name).nBins(bins).tailBound(bound).build();
    }

    /** spline0 → flow0 (smooth leaky ReLU) → spline1 → flow1 (linear) → spline2 → standard normal. */
    private static MultiLayerConfiguration mln(IUpdater updater, GradientMode mode, DataType type) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(type).updater(updater).list()
                .layer(spline("spline0", 5, 2.0))
                .layer(Nets.layer(D, false, mode, true, "flow0"))
                .layer(spline("spline1", 4, 3.0))
                .layer(Nets.layer(D, true, mode, true, "flow1"))
                .layer(spline("spline2", 6, 1.5))
                .layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(D)).build();
    }

    private static ComputationGraphConfiguration graph(IUpdater updater, GradientMode mode) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(updater).graphBuilder()
                .addInputs("x")
                .addLayer("spline0", spline("spline0", 5, 2.0), "x")
                .addLayer("flow0", Nets.layer(D, false, mode, true, "flow0"), "spline0")
                .addLayer("spline1", spline("spline1", 4, 3.0), "flow0")
                .addLayer("flow1", Nets.layer(D, true, mode, true, "flow1"), "spline1")
                .addLayer("spline2", spline("spline2", 6, 1.5), "flow1")
                .addLayer("density", new DensityOutputLayer.Builder().build(), "spline2")
                .setOutputs("density").setInputTypes(InputType.feedForward(D)).build();
    }

    /** Parameters N(0, scale²) for every spline layer: clearly curved splines, far from the identity. */
    private static void randomizeSplines(Layer[] layers, double scale, long seed) {
        Random r = new Random(seed);
        for (Layer l : layers) {
            if (l instanceof RationalQuadraticSplineLayerImpl) {
                for (String p : new String[] {RationalQuadraticSplineParamInitializer.WIDTHS,
                    RationalQuadraticSplineParamInitializer.HEIGHTS, RationalQuadraticSplineParamInitializer.DERIVATIVES}) {
                    INDArray v = l.getParam(p);
                    for (int i = 0; i < v.rows(); i++) {
                        for (int j = 0; j < v.columns(); j++) {
                            v.putScalar(i, j, scale * r.nextGaussian());
                        }
                    }
                }
            }
        }
    }

    private static MultiLayerNetwork randomMln(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(mln(new NoOp(), GradientMode.EUCLIDEAN, DataType.DOUBLE));
        net.init();
        Params.randomize(net.getLayers(), 0.4, 0.5, seed);
        randomizeSplines(net.getLayers(), 1.0, seed + 1);
        return net;
    }

    /** Points spread over the splines' ranges and beyond, into the identity tails. */
    private static INDArray data(int n, long seed) {
        return ToyData.uniform(n, D, seed, DataType.DOUBLE).muli(3.5);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // identity at initialisation

    @Test
    void anInitialisedSplineLayerIsTheIdentityWithZeroLogDet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list().layer(spline("s", 8, 2.0)).layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(D)).build());
        net.init();
        assertEquals(0.0, net.params().amaxNumber().doubleValue(), 0.0);
        INDArray x = data(50, 1);
        assertTrue(x.equalsWithEps(net.output(x), 1e-13));
        double[][] xs = Dense.of(x);
        double[] lp = Flow.of(net).logProb(x).toDoubleVector();
        for (int n = 0; n < xs.length; n++) {
            double expected = 0;
            for (double v : xs[n]) {
                expected += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
            }
            assertEquals(expected, lp[n], 1e-12, "example " + n);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // log p

    /**
     * log p(x) of one example by brute force: the Jacobian of the flow's forward map by central differences, its
     * log|det| by plain-Java elimination, plus the standard normal log-density of z.
     */
    private static double bruteForceLogProb(Flow flow, double[] x) {
        double h = 1e-6;
        double[][] jac = new double[D][D];
        for (int i = 0; i < D; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double[] zp = flow.forward(Nd4j.createFromArray(new double[][] {xp})).toDoubleVector();
            double[] zm = flow.forward(Nd4j.createFromArray(new double[][] {xm})).toDoubleVector();
            for (int j = 0; j < D; j++) {
                jac[i][j] = (zp[j] - zm[j]) / (2 * h);
            }
        }
        double[] z = flow.forward(Nd4j.createFromArray(new double[][] {x})).toDoubleVector();
        double lp = Dense.logAbsDet(jac);
        for (double v : z) {
            lp += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
        }
        return lp;
    }

    @Test
    void logProbOfAFlowWithSplinesMatchesTheBruteForceJacobian() {
        MultiLayerNetwork net = randomMln(2);
        INDArray x = data(20, 3);
        double[][] xs = Dense.of(x);
        Flow flow = Flow.of(net);
        double[] got = flow.logProb(x).toDoubleVector();
        for (int n = 0; n < xs.length; n++) {
            // central differences across a knot, where the second derivative jumps, are good to O(h) only
            assertEquals(bruteForceLogProb(flow, xs[n]), got[n], 1e-5, "example " + n);
        }
        ComputationGraph g = new ComputationGraph(graph(new NoOp(), GradientMode.EUCLIDEAN));
        g.init();
        g.setParams(net.params());
        assertTrue(Flow.of(g).logProb(x).equalsWithEps(flow.logProb(x), 1e-12));
        // the network's own score (outside training) is the exact mean NLL, the splines' Jacobians included
        assertEquals(-flow.logProb(x).meanNumber().doubleValue(), net.score(new DataSet(x, x)), 1e-10);
        assertEquals(-flow.logProb(x).meanNumber().doubleValue(),
                g.score(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, new INDArray[] {x})), 1e-10);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // gradients

    @Test
    void multiLayerNetworkGradientMatchesFiniteDifferences() {
        MultiLayerNetwork net = randomMln(3);
        INDArray x = data(10, 5);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(x)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @Test
    void computationGraphGradientMatchesFiniteDifferences() {
        ComputationGraph g = new ComputationGraph(graph(new NoOp(), GradientMode.EUCLIDEAN));
        g.init();
        g.setParams(randomMln(4).params());
        INDArray x = data(10, 6);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {x}).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9)));
    }

    /** The bulk host copies of the CPU backend and the portable ND4J-op copies move the same numbers. */
    @Test
    void theHostCopyPathAndThePortablePathGiveTheSameScoreAndGradient() {
        INDArray x = data(16, 15).castTo(DataType.FLOAT);
        double[] scores = new double[2];
        INDArray[] grads = new INDArray[2];
        boolean was = org.relgrad.cpu.FusedPath.enabled();
        try {
            for (int i = 0; i < 2; i++) {
                org.relgrad.cpu.FusedPath.setEnabled(i == 0);
                FlowNetwork net = new FlowNetwork(mln(new NoOp(), GradientMode.RELATIVE, DataType.FLOAT));
                net.init();
                randomizeSplines(net.getLayers(), 1.0, 16);
                net.setInput(x);
                net.setLabels(x);
                net.computeGradientAndScore();
                scores[i] = net.score();
                grads[i] = net.gradient().gradient().dup();
            }
        } finally {
            org.relgrad.cpu.FusedPath.setEnabled(was);
        }
        assertEquals(scores[0], scores[1], 1e-4);
        assertTrue(grads[0].equalsWithEps(grads[1], 1e-4), grads[0] + " vs " + grads[1]);
        assertTrue(grads[0].amaxNumber().doubleValue() > 1e-2);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // inverse and sampling

    @Test
    void inverseOfForwardIsIdentityAndSamplesMapBackToTheirLatents() {
        Flow flow = Flow.of(randomMln(5));
        INDArray x = data(60, 7).muli(2);
        assertEquals(0.0, Dense.maxAbsDiff(Dense.of(x), Dense.of(flow.inverse(flow.forward(x)))), 1e-9);
        INDArray samples = flow.sample(300, 11);
        INDArray latents = new StandardNormal().sample(300, D, new Random(11));
        assertEquals(0.0, Dense.maxAbsDiff(Dense.of(latents), Dense.of(flow.forward(samples))), 1e-9);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // training, float and double

    @Test
    void floatAndDoubleNetworksTrainAlikeAndTheTrainingScoreIncludesTheSplines() {
        INDArray x = data(200, 8);
        FlowNetwork dbl = new FlowNetwork(mln(new Adam(1e-2), GradientMode.RELATIVE, DataType.DOUBLE));
        dbl.init();
        FlowNetwork flt = new FlowNetwork(mln(new Adam(1e-2), GradientMode.RELATIVE, DataType.FLOAT));
        flt.init();
        flt.setParams(dbl.params().castTo(DataType.FLOAT));
        INDArray xf = x.castTo(DataType.FLOAT);
        double before = dbl.score(new DataSet(x, null));
        for (int i = 0; i < 30; i++) {
            dbl.fit(new DataSet(x, null));
            flt.fit(new DataSet(xf, null));
        }
        double after = dbl.score(new DataSet(x, null));
        assertTrue(after < before - 0.1, before + " -> " + after);
        INDArray splineParams = dbl.getLayer(2).params();
        assertTrue(splineParams.amaxNumber().doubleValue() > 1e-3, "the spline parameters must have moved");
        assertTrue(flt.params().castTo(DataType.DOUBLE).equalsWithEps(dbl.params(), 1e-3),
                "float and double diverged");
        double floatNll = -Flow.of(flt).logProb(x).meanNumber().doubleValue();
        assertEquals(after, floatNll, 1e-3);
        // DL4J's training score leaves out only −log|det W| (logDetInTrainingScore is on here): it is the exact NLL
        dbl.setInput(x);
        dbl.setLabels(x);
        dbl.computeGradientAndScore();
        assertEquals(after, dbl.score(), 1e-10);
    }

    /**
     * The moons under the same 4-layer budget, epochs and seed: a spline after each hidden dense layer must fit the
     * held-out points clearly better than the smooth leaky ReLU alone (bends a fixed activation cannot make).
     */
    @Test
    void splinesFitTheMoonsBetterThanTheSameDepthWithoutThem() {
        INDArray train = ToyDatasets.generate("moons", 2000, 1);
        INDArray test = ToyDatasets.generate("moons", 2000, 2);
        double[] mean = train.mean(0).toDoubleVector();
        double[] std = train.std(0).toDoubleVector();
        double without = heldOut(new FlowArchitecture(4, FlowArchitecture.Nonlinearity.SMOOTH_LEAKY_RELU, 0.3,
                GradientMode.RELATIVE), mean, std, train, test);
        double with = heldOut(new FlowArchitecture(4, FlowArchitecture.Nonlinearity.SPLINE, 0.3,
                GradientMode.RELATIVE), mean, std, train, test);
        double both = heldOut(new FlowArchitecture(4, FlowArchitecture.Nonlinearity.SMOOTH_LEAKY_RELU_THEN_SPLINE,
                0.3, GradientMode.RELATIVE), mean, std, train, test);
        // measured: without −3.38, spline −2.65, both −2.63 nats (a 10-layer flow of the demo reaches −2.77)
        assertTrue(with > without + 0.3, "spline " + with + " vs without " + without);
        assertTrue(both > without + 0.3, "smooth leaky ReLU + spline " + both + " vs without " + without);
    }

    private static double heldOut(FlowArchitecture arch, double[] mean, double[] std, INDArray train, INDArray test) {
        FlowNetwork net = new FlowNetwork(arch.configuration(2, mean, std, new Adam(5e-3), DataType.DOUBLE, 3));
        net.init();
        FeatureDataSetIterator it = new FeatureDataSetIterator(train, 100, 5L);
        for (int e = 0; e < 20; e++) {
            it.reset();
            net.fit(it);
        }
        return Flow.of(net).logProb(test).meanNumber().doubleValue();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // serialisation

    @Test
    void jsonRoundTripKeepsEverySetting() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).list()
                .layer(new RationalQuadraticSplineLayer.Builder().name("s").nBins(13).tailBound(2.75)
                        .minBinSize(0.01).minDerivative(0.05).build())
                .layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(D)).build();
        String json = conf.toJson();
        assertTrue(json.contains(RationalQuadraticSplineLayer.class.getName()), json);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        RationalQuadraticSplineLayer l = (RationalQuadraticSplineLayer) back.getConf(0).getLayer();
        assertEquals(13, l.getNBins());
        assertEquals(2.75, l.getTailBound(), 0.0);
        assertEquals(0.01, l.getMinBinSize(), 0.0);
        assertEquals(0.05, l.getMinDerivative(), 0.0);
        assertEquals(D, l.getNIn());
        ComputationGraphConfiguration g = graph(new Adam(1e-2), GradientMode.RELATIVE);
        assertEquals(g, ComputationGraphConfiguration.fromJson(g.toJson()));
    }

    @Test
    void modelZipRoundTripGivesIdenticalOutputsAndNextStep(@TempDir File dir) throws Exception {
        INDArray x = data(64, 9).castTo(DataType.FLOAT);
        FlowNetwork net = new FlowNetwork(mln(new Adam(1e-2), GradientMode.RELATIVE, DataType.FLOAT));
        net.init();
        for (int i = 0; i < 3; i++) {
            net.fit(new DataSet(x, null));
        }
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
    }

    // ---------------------------------------------------------------------------------------------------------------
    // architecture, guard, errors

    @Test
    void theArchitecturePutsASplineAfterEveryHiddenDenseLayer() {
        MultiLayerConfiguration spline = new FlowArchitecture(3, FlowArchitecture.Nonlinearity.SPLINE, 0.3,
                GradientMode.RELATIVE, 12, 4.0).configuration(D, null, null, new Adam(1e-3), DataType.DOUBLE, 1);
        String[] expected = {"flow0", "spline0", "flow1", "spline1", "flow2", "density"};
        assertEquals(expected.length, spline.getConfs().size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], spline.getConf(i).getLayer().getLayerName());
        }
        for (int i : new int[] {1, 3}) {
            RationalQuadraticSplineLayer l = (RationalQuadraticSplineLayer) spline.getConf(i).getLayer();
            assertEquals(12, l.getNBins());
            assertEquals(4.0, l.getTailBound(), 0.0);
        }
        // the spline is the activation: every dense layer is linear
        for (int i : new int[] {0, 2, 4}) {
            assertTrue(((org.relgrad.nn.conf.layers.InvertibleDenseLayer) spline.getConf(i).getLayer())
                    .invertibleActivation().isIdentity(), "layer " + i);
        }
        MultiLayerConfiguration both = new FlowArchitecture(2,
                FlowArchitecture.Nonlinearity.SMOOTH_LEAKY_RELU_THEN_SPLINE, 0.3, GradientMode.RELATIVE)
                .configuration(D, null, null, new Adam(1e-3), DataType.DOUBLE, 1);
        assertTrue(!((org.relgrad.nn.conf.layers.InvertibleDenseLayer) both.getConf(0).getLayer())
                .invertibleActivation().isIdentity());
        assertTrue(both.getConf(1).getLayer() instanceof RationalQuadraticSplineLayer);
        assertEquals(FlowArchitecture.Nonlinearity.SPLINE, FlowArchitecture.Nonlinearity.fromName("spline"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlowArchitecture.Nonlinearity.fromName("splines"));
        assertTrue(e.getMessage().contains("smooth-leaky-relu+spline"), e.getMessage());
    }

    @Test
    void theGuardAndTheForwardPassCatchNonFiniteParametersAndInputs() {
        FlowNetwork net = new FlowNetwork(mln(new NoOp(), GradientMode.RELATIVE, DataType.DOUBLE));
        net.init();
        net.fit(new DataSet(data(20, 10), null));
        InvertibilityGuard guard = new InvertibilityGuard(1);
        assertDoesNotThrow(() -> guard.check(net));
        INDArray bad = data(4, 11);
        bad.putScalar(2, 1, Double.NaN);
        NonFiniteInputException in = assertThrows(NonFiniteInputException.class, () -> net.output(bad));
        assertTrue(in.getMessage().contains("spline0"), in.getMessage());

        net.getLayer(2).getParam(RationalQuadraticSplineParamInitializer.HEIGHTS).putScalar(1, 2, Double.NaN);
        SingularWeightsException e = assertThrows(SingularWeightsException.class, () -> guard.check(net));
        assertTrue(e.getMessage().contains("spline1") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(SingularWeightsException.class, () -> net.output(data(4, 12)));
    }

    @Test
    void aFrozenSplineLayerKeepsItsJacobianInTheScore() {
        MultiLayerNetwork trained = randomMln(13);
        FlowNetwork frozen = new FlowNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).list()
                .layer(new org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop(spline("spline0", 5, 2.0)))
                .layer(Nets.layer(D, false, GradientMode.RELATIVE, true, "flow0"))
                .layer(spline("spline1", 4, 3.0))
                .layer(Nets.layer(D, true, GradientMode.RELATIVE, true, "flow1"))
                .layer(spline("spline2", 6, 1.5))
                .layer(new DensityOutputLayer.Builder().build())
                .setInputType(InputType.feedForward(D)).build());
        frozen.init(trained.params().dup(), false);
        INDArray x = data(30, 14);
        INDArray exact = Flow.of(trained).logProb(x);
        assertTrue(exact.equalsWithEps(Flow.of(frozen).logProb(x), 1e-10));
        assertEquals(-exact.meanNumber().doubleValue(), frozen.score(new DataSet(x, null)), 1e-10);
        INDArray firstLayer = frozen.getLayer(0).params().dup();
        frozen.fit(new DataSet(x, null));
        assertEquals(firstLayer, frozen.getLayer(0).params());
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThrows(FlowConfigurationException.class, () -> new RationalQuadraticSplineLayer.Builder().nIn(3)
                .nOut(4).build());
        assertThrows(FlowConfigurationException.class, () -> new RationalQuadraticSplineLayer.Builder().units(3)
                .activation(org.nd4j.linalg.activations.Activation.TANH).build());
        for (int bins : new int[] {-1, 0, 1, RationalQuadraticSplineLayer.MAX_BINS + 1}) {
            FlowConfigurationException e = assertThrows(FlowConfigurationException.class,
                    () -> new RationalQuadraticSplineLayer.Builder().units(3).nBins(bins).build());
            assertTrue(e.getMessage().contains("bins"), e.getMessage());
        }
        for (double b : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            FlowConfigurationException e = assertThrows(FlowConfigurationException.class,
                    () -> new RationalQuadraticSplineLayer.Builder().units(3).tailBound(b).build());
            assertTrue(e.getMessage().contains("tail bound"), e.getMessage());
        }
        // ten bins of at least 10% each leave nothing to learn
        assertThrows(FlowConfigurationException.class, () -> new RationalQuadraticSplineLayer.Builder().units(3)
                .nBins(10).minBinSize(0.1).build());
        assertThrows(FlowConfigurationException.class, () -> new RationalQuadraticSplineLayer.Builder().units(3)
                .minDerivative(0).build());
        assertThrows(FlowConfigurationException.class, () -> new NeuralNetConfiguration.Builder().dropOut(0.5)
                .list().layer(new RationalQuadraticSplineLayer.Builder().units(3).build())
                .layer(new DensityOutputLayer.Builder().build()).build());
    }
}
