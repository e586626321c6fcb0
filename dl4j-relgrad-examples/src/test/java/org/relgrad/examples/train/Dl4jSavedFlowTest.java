package org.relgrad.examples.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.examples.CliRun;
import org.relgrad.flow.FlowArchitecture;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flows saved from the Java API with DL4J's ModelSerializer (no relgrad metadata) evaluate and sample from the command
 * line like models of {@code relgrad train}; DL4J models that are not flows are refused in one line.
 */
class Dl4jSavedFlowTest {
    private static final int DIMS = 3;

    /** A CSV of rows whose values are multiples of 1/64: exact in float and double, however the reader parses. */
    private static Path csv(Path dir, int rows, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int n = 0; n < rows; n++) {
            for (int i = 0; i < DIMS; i++) {
                s.append(i > 0 ? "," : "").append(Math.round((2 * i + 3 * r.nextGaussian()) * 64) / 64.0);
            }
            s.append('\n');
        }
        return Files.writeString(dir.resolve("data.csv"), s);
    }

    /** The CSV read back here, without the command line's reader. */
    private static INDArray read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        double[][] x = new double[lines.size() - 1][];
        for (int n = 1; n < lines.size(); n++) {
            String[] f = lines.get(n).split(",");
            x[n - 1] = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                x[n - 1][i] = Double.parseDouble(f[i]);
            }
        }
        return Nd4j.createFromArray(x);
    }

    private static double evalLogLik(Path model, Path csv) throws IOException {
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + csv, "--json");
        assertEquals(0, eval.code(), eval.err());
        return new ObjectMapper().readTree(eval.out()).get("loglik_mean").asDouble();
    }

    private static void assertSamples(Path model, Path dir) throws IOException {
        Path out = dir.resolve("samples.csv");
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "-n", "50", "--out", out.toString());
        assertEquals(0, sample.code(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(51, lines.size());
        assertEquals("x1,x2,x3", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(DIMS, f.length, line);
            for (String v : f) {
                assertTrue(Double.isFinite(Double.parseDouble(v)), line);
            }
        }
    }

    /** A flow of the README's kind, standardisation included, away from its initial (near-identity) weights. */
    private static MultiLayerNetwork trainedMultiLayerNetwork(boolean flowNetwork, INDArray x) {
        var conf = new FlowArchitecture(2, true, 0.3, GradientMode.RELATIVE)
                .configuration(DIMS, new double[] {0, 2, 4}, new double[] {3, 3, 3}, new Adam(1e-2),
                        DataType.DOUBLE, 7);
        MultiLayerNetwork net = flowNetwork ? new FlowNetwork(conf) : new MultiLayerNetwork(conf);
        net.init();
        FlowNetwork trainer = FlowNetwork.from(net);
        for (int i = 0; i < 20; i++) {
            trainer.fit(new org.nd4j.linalg.dataset.DataSet(x, null));
        }
        if (!flowNetwork) {
            net.setParams(trainer.params());
        }
        return flowNetwork ? trainer : net;
    }

    private static Path save(Model net, Path file) throws IOException {
        ModelSerializer.writeModel(net, file.toFile(), true);
        return file;
    }

    @Test
    void aMultiLayerNetworkFlowSavedWithModelSerializerEvaluatesAndSamples(@TempDir Path dir) throws IOException {
        Path csv = csv(dir, 300, 1);
        INDArray x = read(csv);
        MultiLayerNetwork net = trainedMultiLayerNetwork(false, x);
        Path model = save(net, dir.resolve("plain.zip"));
        double expected = Flow.of(net).logProb(x).meanNumber().doubleValue();
        assertEquals(expected, evalLogLik(model, csv), 1e-9);
        assertSamples(model, dir);
    }

    /** The layer added through the layer contract alone (ActNorm) trains, evaluates and samples end to end. */
    @Test
    void aFlowWithAnActNormLayerTrainsEvaluatesAndSamples(@TempDir Path dir) throws IOException {
        Path csv = csv(dir, 300, 4);
        INDArray x = read(csv);
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).list()
                .layer(new org.relgrad.nn.conf.layers.ActNorm.Builder().units(DIMS).build())
                .layer(new org.relgrad.nn.conf.layers.InvertibleDenseLayer.Builder().units(DIMS).build())
                .layer(new org.relgrad.nn.conf.layers.InvertibleDenseLayer.Builder().units(DIMS)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .layer(new org.relgrad.nn.conf.layers.DensityOutputLayer.Builder().build())
                .build();
        FlowNetwork net = new FlowNetwork(conf);
        net.init();
        org.relgrad.train.FlowTrainer.builder().network(net).epochs(5)
                .trainData(new org.relgrad.data.FeatureDataSetIterator(x, 50, 1L)).build().fit();
        Path model = save(net, dir.resolve("actnorm.zip"));
        double expected = Flow.of(net).logProb(x).meanNumber().doubleValue();
        assertEquals(expected, evalLogLik(model, csv), 1e-9);
        assertSamples(model, dir);
    }

    @Test
    void aFlowNetworkSavedWithModelSerializerEvaluatesAndSamples(@TempDir Path dir) throws IOException {
        Path csv = csv(dir, 300, 2);
        INDArray x = read(csv);
        MultiLayerNetwork net = trainedMultiLayerNetwork(true, x);
        Path model = save(net, dir.resolve("flow.zip"));
        assertEquals(Flow.of(net).logProb(x).meanNumber().doubleValue(), evalLogLik(model, csv), 1e-9);
        assertSamples(model, dir);
    }

    @Test
    void aComputationGraphFlowSavedWithModelSerializerEvaluatesAndSamples(@TempDir Path dir) throws IOException {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.DOUBLE).updater(new Adam(1e-3)).graphBuilder().addInputs("x");
        g.addLayer("flow0", new InvertibleDenseLayer.Builder().units(DIMS)
                .activation(new ActivationSmoothLeakyReLU(0.3)).build(), "x");
        g.addLayer("flow1", new InvertibleDenseLayer.Builder().units(DIMS)
                .activation(Activation.IDENTITY.getActivationFunction()).build(), "flow0");
        g.addLayer("density", new DensityOutputLayer.Builder().build(), "flow1");
        ComputationGraph graph = new ComputationGraph(g.setOutputs("density")
                .setInputTypes(InputType.feedForward(DIMS)).build());
        graph.init();
        Path csv = csv(dir, 200, 3);
        INDArray x = read(csv);
        Path model = save(graph, dir.resolve("graph.zip"));
        assertEquals(Flow.of(graph).logProb(x).meanNumber().doubleValue(), evalLogLik(model, csv), 1e-9);
        assertSamples(model, dir);
    }

    @Test
    void aDl4jModelThatIsNotAFlowIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        MultiLayerNetwork mlp = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(DIMS).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(DIMS)
                        .activation(Activation.IDENTITY).build())
                .build());
        mlp.init();
        Path model = save(mlp, dir.resolve("mlp.zip"));
        Path csv = csv(dir, 10, 4);
        for (String[] args : new String[][] {{"eval", "--model", model.toString(), "--data", "csv:" + csv},
            {"sample", "--model", model.toString(), "-n", "5", "--out", dir.resolve("s.csv").toString()}}) {
            CliRun run = CliRun.of(args);
            assertEquals(1, run.code(), run.err());
            assertTrue(run.err().startsWith("relgrad " + args[0] + ": error: " + model
                    + " is a DL4J model but not a flow: "), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
        assertFalse(Files.exists(dir.resolve("s.csv")));
    }

    @Test
    void aZipThatIsNeitherIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("other.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            OutputStream o = z;
            o.write("hello".getBytes());
            z.closeEntry();
        }
        CliRun run = CliRun.of("eval", "--model", zip.toString(), "--data", "toy:moons");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains(zip + " is a zip but neither a relgrad model"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    /**
     * A flow trained (from the Java API, no bound in the way) on data whose two columns take the values 0 and 10 piles
     * its mass onto the four grid points; eval must say that its mean log-likelihood exceeds −2 log 10.
     */
    @Test
    void evalWarnsWhenTheLikelihoodExceedsWhatGridDataSupport(@TempDir Path dir) throws IOException {
        java.util.Random r = new java.util.Random(2);
        double[][] rows = new double[400][2];
        StringBuilder csvText = new StringBuilder();
        for (double[] row : rows) {
            row[0] = 10 * r.nextInt(2);
            row[1] = 10 * r.nextInt(2);
            csvText.append(row[0]).append(',').append(row[1]).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("grid.csv"), csvText);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.createFromArray(rows);
        org.relgrad.flow.FlowNetwork net = new org.relgrad.flow.FlowNetwork(new org.relgrad.flow.FlowArchitecture(
                4, true, 0.3, org.relgrad.nn.conf.layers.GradientMode.RELATIVE).configuration(2, new double[] {5, 5},
                new double[] {5, 5}, new org.nd4j.linalg.learning.config.Adam(1e-2),
                org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1));
        net.init();
        double bound = -2 * Math.log(10);
        org.relgrad.data.FeatureDataSetIterator it = new org.relgrad.data.FeatureDataSetIterator(x, 50, 3L);
        for (int epoch = 0; epoch < 300
                && org.relgrad.flow.Flow.of(net).logProb(x).meanNumber().doubleValue() <= bound + 0.2; epoch++) {
            net.fit(it);
        }
        double mean = org.relgrad.flow.Flow.of(net).logProb(x).meanNumber().doubleValue();
        assertTrue(mean > bound, "precondition: the flow did not concentrate (" + mean + ")");
        Path model = dir.resolve("spiky.zip");
        ModelSerializer.writeModel(net, model.toFile(), false);

        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + csv);
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.err().contains(String.format(java.util.Locale.ROOT, "exceeds %.4f = -sum log(step)", bound))
                && eval.err().contains("csv:" + csv + "?dequantize"), eval.err());
        CliRun continuous = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + csv + "?dequantize");
        assertFalse(continuous.err().contains("exceeds"), continuous.err());
    }
}
