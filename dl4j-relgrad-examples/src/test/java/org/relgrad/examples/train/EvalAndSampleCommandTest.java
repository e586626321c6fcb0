package org.relgrad.examples.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.relgrad.examples.CliRun;
import org.relgrad.io.ModelFile;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.StandardizationLayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalAndSampleCommandTest {
    private static final double ALPHA = 0.3;
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void trainOnce() {
        model = dir.resolve("moons.zip");
        CliRun run = CliRun.of("train", "--data", "toy:moons?n=1500", "--out", model.toString(), "--layers", "3",
                "--activation", "smooth-leaky-relu", "--alpha", Double.toString(ALPHA), "--epochs", "2", "--lr",
                "0.01", "--threads", "1");
        assertEquals(0, run.code(), run.err());
    }

    /**
     * log p(x) of the trained 2-D model by brute force in plain Java, from its parameters: standardisation, then per
     * layer y = z W + b and the smooth leaky ReLU σ(y) = αy + (1−α) softplus(y) (identity on the last layer), a
     * standard-normal base, and log|det| = Σ log|det W| (2×2, by hand) + Σ log σ'(y) − Σ log scale.
     */
    private static double bruteForceLogProb(FlowNetwork net, double[] x) {
        assertEquals(5, net.getnLayers(), "standardize, flow0..flow2, density");
        StandardizationLayer std = (StandardizationLayer) net.getLayerWiseConfigurations().getConf(0).getLayer();
        double[] z = new double[2];
        double logDet = 0;
        for (int j = 0; j < 2; j++) {
            z[j] = (x[j] - std.getMean()[j]) / std.getScale()[j];
            logDet -= Math.log(std.getScale()[j]);
        }
        for (int k = 1; k <= 3; k++) {
            double[][] w = net.getLayer(k).getParam("W").toDoubleMatrix();
            double[] b = net.getLayer(k).getParam("b").toDoubleVector();
            logDet += Math.log(Math.abs(w[0][0] * w[1][1] - w[0][1] * w[1][0]));
            double[] next = new double[2];
            for (int j = 0; j < 2; j++) {
                double y = z[0] * w[0][j] + z[1] * w[1][j] + b[j];
                if (k == 3) {
                    next[j] = y;
                } else {
                    double softplus = Math.max(y, 0) + Math.log1p(Math.exp(-Math.abs(y)));
                    next[j] = ALPHA * y + (1 - ALPHA) * softplus;
                    logDet += Math.log(ALPHA + (1 - ALPHA) / (1 + Math.exp(-y)));
                }
            }
            z = next;
        }
        return -0.5 * (z[0] * z[0] + z[1] * z[1]) - Math.log(2 * Math.PI) + logDet;
    }

    @Test
    void evalJsonIsTheMeanAndTwoStandardErrorsOfPerExampleLogLikelihoods() throws IOException {
        CliRun moons = CliRun.of("eval", "--model", model.toString(), "--data", "toy:moons?n=1500", "--json");
        assertEquals(0, moons.code(), moons.err());
        JsonNode m = new ObjectMapper().readTree(moons.out());
        assertEquals("moons", m.get("dataset").asText());
        assertEquals(1500, m.get("n").asInt());
        assertEquals(2, m.get("dims").asInt());

        // data written here, per-example log p by brute force, mean and sample variance by two passes
        Random random = new Random(11);
        double[][] xs = new double[401][2];
        StringBuilder csv = new StringBuilder("x1,x2\n");
        for (double[] x : xs) {
            x[0] = 0.5 + 1.2 * random.nextGaussian();
            x[1] = 0.25 + 0.7 * random.nextGaussian();
            csv.append(x[0]).append(',').append(x[1]).append('\n');
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);
        CliRun run = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + file, "--json", "--batch",
                "150");
        assertEquals(0, run.code(), run.err());
        JsonNode o = new ObjectMapper().readTree(run.out());
        assertEquals(401, o.get("n").asInt());
        FlowNetwork net = ModelFile.load(model, false).network();
        double[] values = new double[xs.length];
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            values[i] = bruteForceLogProb(net, xs[i]);
            sum += values[i];
        }
        double mean = sum / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double twoSe = 2 * Math.sqrt(ss / (values.length - 1) / values.length);
        assertEquals(mean, o.get("loglik_mean").asDouble(), 1e-9);
        assertEquals(twoSe, o.get("loglik_2se").asDouble(), 1e-9);
        assertTrue(twoSe > 0.01, "the points' log-likelihoods must spread: " + twoSe);
    }

    @Test
    void evalRejectsDataOfAnotherWidth() throws IOException {
        Path csv = dir.resolve("three.csv");
        Files.writeString(csv, "1,2,3\n4,5,6\n");
        CliRun run = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + csv);
        assertEquals(2, run.code());
        assertTrue(run.err().contains("3 features") && run.err().contains("expects 2"), run.err());
    }

    @Test
    void evalOfAMissingOrCorruptModelIsOneClearLine() throws IOException {
        Path broken = dir.resolve("broken.zip");
        Files.write(broken, new byte[] {'P', 'K', 3, 4, 0, 0});
        for (Path p : new Path[] {dir.resolve("missing.zip"), broken}) {
            CliRun run = CliRun.of("eval", "--model", p.toString(), "--data", "toy:moons");
            assertEquals(1, run.code());
            assertTrue(run.err().contains(p.getFileName().toString()), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
        }
    }

    @Test
    void samplesAreReproducibleReadableAsDataAndScoredByTheModel() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "-n", "12345", "--out", a.toString(),
                "--seed", "3").code());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "-n", "12345", "--out", b.toString(),
                "--seed", "3").code());
        List<String> lines = Files.readAllLines(a);
        assertEquals(12346, lines.size());
        assertEquals("x1,x2", lines.get(0));
        assertEquals(lines, Files.readAllLines(b));
        // the first N samples do not depend on how many are drawn
        Path c = dir.resolve("c.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "-n", "10", "--out", c.toString(), "--seed",
                "3").code());
        assertEquals(lines.subList(0, 11), Files.readAllLines(c));
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + a);
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("N=12345"), eval.out());
    }
}
