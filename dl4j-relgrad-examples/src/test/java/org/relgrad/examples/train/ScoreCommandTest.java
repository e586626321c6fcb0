package org.relgrad.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.examples.CliRun;
import org.relgrad.examples.TinyMnist;
import org.relgrad.flow.Flow;
import org.relgrad.io.ModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code relgrad score}: one row of exact scores per input row, in order; bad input writes nothing. */
class ScoreCommandTest {
    private static final int DIMS = 3;

    /** Rows of multiples of 1/64 (exact in float and double), with a dependence a flow can learn. */
    private static Path csv(Path file, int rows, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int n = 0; n < rows; n++) {
            double a = r.nextGaussian();
            double[] row = {a, a * a + 0.5 * r.nextGaussian(), 3 + 2 * r.nextGaussian()};
            for (int i = 0; i < DIMS; i++) {
                s.append(i > 0 ? "," : "").append(Math.round(row[i] * 64) / 64.0);
            }
            s.append('\n');
        }
        return Files.writeString(file, s);
    }

    private static double[][] read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        double[][] x = new double[lines.size() - 1][];
        for (int n = 1; n < lines.size(); n++) {
            String[] f = lines.get(n).split(",");
            x[n - 1] = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                x[n - 1][i] = Double.parseDouble(f[i]);
            }
        }
        return x;
    }

    private static Path trainedModel(Path dir, Path csv) {
        Path model = dir.resolve("m.zip");
        CliRun train = CliRun.of("train", "--data", "csv:" + csv, "--out", model.toString(), "--layers", "3",
                "--epochs", "5", "--batch", "50", "--lr", "0.01", "--threads", "1");
        assertEquals(0, train.code(), train.err());
        return model;
    }

    @Test
    void everyRowGetsItsExactLogDensityLatentsAndLayerTermsInOrder(@TempDir Path dir) throws IOException {
        Path csv = csv(dir.resolve("x.csv"), 700, 1);
        Path model = trainedModel(dir, csv);
        Path scores = dir.resolve("s.csv");
        CliRun run = CliRun.of("score", "--model", model.toString(), "--data", "csv:" + csv, "--out",
                scores.toString(), "--latents", "--log-dets", "--batch", "64");
        assertEquals(0, run.code(), run.err());

        List<String> lines = Files.readAllLines(scores);
        assertEquals("logp,anomaly_score,z1,z2,z3,logdet1,logdet2,logdet3,logdet4", lines.get(0));
        double[][] x = read(csv);
        assertEquals(x.length + 1, lines.size(), "one output row per input row");
        Flow flow = ModelFile.load(model, false).network().asFlow();
        INDArray in = Nd4j.createFromArray(x);
        INDArray logp = flow.logProb(in);
        INDArray z = flow.forward(in);
        for (int r = 0; r < x.length; r++) {
            double[] v = java.util.Arrays.stream(lines.get(r + 1).split(",")).mapToDouble(Double::parseDouble)
                    .toArray();
            assertEquals(logp.getDouble(r), v[0], 1e-9, "row " + r);
            assertEquals(-v[0], v[1], 0.0);
            double squares = 0;
            for (int j = 0; j < DIMS; j++) {
                assertEquals(z.getDouble(r, j), v[2 + j], 1e-9);
                squares += v[2 + j] * v[2 + j];
            }
            // log p = standard normal log-density of z (closed form) + the layers' log-det terms
            double base = -0.5 * squares - 0.5 * DIMS * Math.log(2 * Math.PI);
            assertEquals(v[0], base + v[5] + v[6] + v[7] + v[8], 1e-9, "row " + r);
        }
    }

    @Test
    void toyDataAreScoredToo(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("toy.zip");
        assertEquals(0, CliRun.of("train", "--data", "toy:moons?n=600", "--out", model.toString(), "--layers", "2",
                "--epochs", "2", "--threads", "1").code());
        Path scores = dir.resolve("s.csv");
        CliRun run = CliRun.of("score", "--model", model.toString(), "--data", "toy:moons?n=300", "--out",
                scores.toString());
        assertEquals(0, run.code(), run.err());
        List<String> lines = Files.readAllLines(scores);
        assertEquals("logp,anomaly_score", lines.get(0));
        assertEquals(301, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(Double.isFinite(Double.parseDouble(line.split(",")[0])), line);
        }
    }

    @Test
    void badInputFailsWithFileAndLineAndWritesNothing(@TempDir Path dir) throws IOException {
        Path csv = csv(dir.resolve("x.csv"), 300, 2);
        Path model = trainedModel(dir, csv);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, Files.readString(csv) + "1.0,oops,2.0\n");
        Path scores = dir.resolve("s.csv");
        CliRun run = CliRun.of("score", "--model", model.toString(), "--data", "csv:" + bad, "--out",
                scores.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("bad.csv") && run.err().contains("302"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(Files.exists(scores), "nothing half-written");
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("s.csv")), "no temporary file left");
        }

        Path narrow = Files.writeString(dir.resolve("narrow.csv"), "1,2\n3,4\n");
        CliRun width = CliRun.of("score", "--model", model.toString(), "--data", "csv:" + narrow, "--out",
                scores.toString());
        assertEquals(2, width.code(), width.err());
        assertTrue(width.err().contains("have 2 features but the model") && width.err().contains("expects 3"),
                width.err());

        CliRun intoDir = CliRun.of("score", "--model", model.toString(), "--data", "csv:" + csv, "--out",
                dir.toString());
        assertEquals(1, intoDir.code(), intoDir.err());
        assertTrue(intoDir.err().contains("it is a directory"), intoDir.err());
    }

    private static Path tinyMnist(Path dir, int train, int test) throws IOException {
        return TinyMnist.write(dir, train, test, TinyMnist.GRADIENT);
    }

    @Test
    void mnistRowsGetLogDensitiesInLogitAndPixelSpaceMatchingEval(@TempDir Path dir) throws IOException {
        Path mnist = tinyMnist(dir.resolve("mnist"), 600, 200);
        Path model = dir.resolve("mnist.zip");
        CliRun train = CliRun.of("train", "--data", "mnist:" + mnist, "--out", model.toString(), "--layers", "2",
                "--epochs", "2", "--threads", "1");
        assertEquals(0, train.code(), train.err());
        Path scores = dir.resolve("s.csv");
        CliRun run = CliRun.of("score", "--model", model.toString(), "--data", "mnist:" + mnist, "--out",
                scores.toString());
        assertEquals(0, run.code(), run.err());
        List<String> lines = Files.readAllLines(scores);
        assertEquals("logp,logp_pixels,anomaly_score", lines.get(0));
        assertEquals(201, lines.size(), "one row per test image");
        double logit = 0;
        double pixels = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            logit += Double.parseDouble(f[0]);
            pixels += Double.parseDouble(f[1]);
        }
        // eval computes the same test set (same seed, same dequantisation noise) through Flow.logProb
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", "mnist:" + mnist, "--json");
        assertEquals(0, eval.code(), eval.err());
        var json = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(eval.out());
        assertEquals(json.get("loglik_mean").asDouble(), logit / 200, 1e-6);
        assertEquals(json.get("bits_per_dim").asDouble(), -(pixels / 200) / (16 * Math.log(2)), 1e-9);
    }
}
