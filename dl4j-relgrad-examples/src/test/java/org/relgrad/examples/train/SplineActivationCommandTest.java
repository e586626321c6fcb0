package org.relgrad.examples.train;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.relgrad.examples.CliRun;
import org.relgrad.flow.Flow;
import org.relgrad.io.ModelFile;
import org.relgrad.nn.conf.layers.RationalQuadraticSplineLayer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code relgrad train --activation spline}: the model holds spline layers with the requested bins and tail bound,
 * survives the model file, and {@code eval}, {@code sample} and {@code score} work on it; bad spline options are
 * one-line errors before any work.
 */
class SplineActivationCommandTest {
    private static final int DIMS = 3;

    /** Skewed, dependent columns (a spline has something to bend), multiples of 1/64 so float and double agree. */
    private static Path csv(Path file, int rows, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int n = 0; n < rows; n++) {
            double a = r.nextGaussian();
            double b = Math.exp(0.7 * r.nextGaussian()) + 0.5 * a;
            double c = a * a - b + 0.3 * r.nextGaussian();
            s.append(q(a)).append(',').append(q(b)).append(',').append(q(c)).append('\n');
        }
        return Files.writeString(file, s);
    }

    private static double q(double v) {
        return Math.round(v * 64) / 64.0;
    }

    private static double[][] read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        double[][] x = new double[lines.size() - 1][];
        for (int n = 1; n < lines.size(); n++) {
            x[n - 1] = Arrays.stream(lines.get(n).split(",")).mapToDouble(Double::parseDouble).toArray();
        }
        return x;
    }

    private static CliRun train(Path csv, Path model, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", "csv:" + csv, "--out", model.toString(),
                "--layers", "3", "--epochs", "4", "--batch", "50", "--lr", "0.01", "--threads", "1"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    @Test
    void aSplineFlowTrainsAndEvaluatesSamplesAndScoresFromTheCommandLine(@TempDir Path dir) throws IOException {
        Path csv = csv(dir.resolve("x.csv"), 600, 1);
        Path model = dir.resolve("m.zip");
        CliRun run = train(csv, model, "--activation", "spline", "--spline-bins", "6", "--spline-tail-bound", "4");
        assertEquals(0, run.code(), run.err());

        ModelFile.Loaded loaded = ModelFile.load(model, false);
        assertEquals(6, loaded.metadata().get("splineBins").asInt());
        assertEquals(4.0, loaded.metadata().get("splineTailBound").asDouble(), 0.0);
        assertEquals("spline", loaded.metadata().get("activation").asText());
        MultiLayerConfiguration conf = loaded.network().getLayerWiseConfigurations();
        int splines = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            if (conf.getConf(i).getLayer() instanceof RationalQuadraticSplineLayer) {
                RationalQuadraticSplineLayer l = (RationalQuadraticSplineLayer) conf.getConf(i).getLayer();
                assertEquals(6, l.getNBins());
                assertEquals(4.0, l.getTailBound(), 0.0);
                // trained: no longer the zero (identity) initialisation
                assertTrue(loaded.network().getLayer(i).params().amaxNumber().doubleValue() > 1e-3);
                splines++;
            }
        }
        assertEquals(2, splines, "a spline after each of the two hidden dense layers");

        double[][] x = read(csv);
        INDArray in = Nd4j.createFromArray(x);
        Flow flow = loaded.network().asFlow();
        INDArray logp = flow.logProb(in);
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + csv, "--json");
        assertEquals(0, eval.code(), eval.err());
        assertEquals(logp.meanNumber().doubleValue(),
                new ObjectMapper().readTree(eval.out()).get("loglik_mean").asDouble(), 1e-9);

        Path scores = dir.resolve("s.csv");
        CliRun score = CliRun.of("score", "--model", model.toString(), "--data", "csv:" + csv, "--out",
                scores.toString(), "--latents", "--log-dets");
        assertEquals(0, score.code(), score.err());
        List<String> lines = Files.readAllLines(scores);
        // standardisation, three dense layers and two spline layers each contribute a log-det column
        assertEquals("logp,anomaly_score,z1,z2,z3,logdet1,logdet2,logdet3,logdet4,logdet5,logdet6", lines.get(0));
        for (int r = 0; r < x.length; r++) {
            double[] v = Arrays.stream(lines.get(r + 1).split(",")).mapToDouble(Double::parseDouble).toArray();
            assertEquals(logp.getDouble(r), v[0], 1e-9, "row " + r);
            double squares = 0;
            for (int j = 0; j < DIMS; j++) {
                squares += v[2 + j] * v[2 + j];
            }
            double terms = 0;
            for (int j = 5; j < 11; j++) {
                terms += v[j];
            }
            // log p = standard normal log-density of z (closed form) + the layers' log-det terms
            assertEquals(v[0], -0.5 * squares - 0.5 * DIMS * Math.log(2 * Math.PI) + terms, 1e-9, "row " + r);
        }

        Path samples = dir.resolve("samples.csv");
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "-n", "200", "--out", samples.toString(),
                "--seed", "3");
        assertEquals(0, sample.code(), sample.err());
        List<String> drawn = Files.readAllLines(samples);
        assertEquals(201, drawn.size());
        for (String line : drawn.subList(1, drawn.size())) {
            for (String f : line.split(",")) {
                assertTrue(Double.isFinite(Double.parseDouble(f)), line);
            }
        }
    }

    @Test
    void badSplineOptionsAreOneLineErrorsBeforeAnyWork(@TempDir Path dir) throws IOException {
        Path csv = csv(dir.resolve("x.csv"), 50, 2);
        Path model = dir.resolve("m.zip");
        String[][] bad = {
            {"--activation", "spline", "--spline-bins", "1"},
            {"--activation", "spline", "--spline-bins", "257"},
            {"--activation", "spline", "--spline-tail-bound", "0"},
            {"--activation", "smooth-leaky-relu+spline", "--spline-tail-bound", "-2"},
            {"--activation", "spline", "--spline-tail-bound", "NaN"},
            {"--activation", "spline", "--spline-tail-bound", "Infinity"},
            {"--spline-bins", "4"}, // the default activation has no splines
            {"--activation", "leaky-relu", "--spline-tail-bound", "3"},
            {"--activation", "splines"},
        };
        for (String[] options : bad) {
            CliRun run = train(csv, model, options);
            String what = String.join(" ", options);
            assertEquals(2, run.code(), what + ": " + run.err());
            String option = options[options.length - 2];
            assertTrue(run.err().startsWith("relgrad train: error: '" + option + "'"), what + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), what + ": " + run.err());
        }
        assertFalse(Files.exists(model));
    }
}
