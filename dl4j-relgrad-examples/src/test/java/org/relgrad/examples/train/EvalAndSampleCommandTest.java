package org.relgrad.examples.train;

import org.relgrad.io.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.relgrad.examples.CliRun;
import org.relgrad.data.DataSpec;
import org.relgrad.flow.Flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalAndSampleCommandTest {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void trainOnce() {
        model = dir.resolve("moons.zip");
        CliRun run = CliRun.of("train", "--data", "toy:moons?n=1500", "--out", model.toString(), "--layers", "3",
                "--epochs", "2", "--lr", "0.01", "--threads", "1");
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void evalJsonIsTheMeanAndTwoStandardErrorsOfPerExampleLogLikelihoods() throws IOException {
        CliRun run = CliRun.of("eval", "--model", model.toString(), "--data", "toy:moons?n=1500", "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode o = new ObjectMapper().readTree(run.out());
        assertEquals("moons", o.get("dataset").asText());
        assertEquals(1500, o.get("n").asInt());
        assertEquals(2, o.get("dims").asInt());
        // recompute from the per-example values of the same evaluation set
        Flow flow = ModelFile.load(model, false).network().asFlow();
        DataSetIterator it = DataSpec.open("toy:moons?n=1500", 1).evaluation().iterator(700, null);
        List<Double> values = new ArrayList<>();
        while (it.hasNext()) {
            INDArray lp = flow.logProb(it.next().getFeatures());
            for (double v : lp.toDoubleVector()) {
                values.add(v);
            }
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1);
        assertEquals(mean, o.get("loglik_mean").asDouble(), 1e-9);
        assertEquals(2 * Math.sqrt(var / values.size()), o.get("loglik_2se").asDouble(), 1e-9);
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
