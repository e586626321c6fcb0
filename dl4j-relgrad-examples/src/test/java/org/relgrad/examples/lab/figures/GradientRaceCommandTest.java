package org.relgrad.examples.lab.figures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relgrad.examples.CliRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code relgrad-lab race} on a small table: one CSV row per mode and epoch with growing training seconds, the
 * {@code --init} and {@code --lr-decay} choices reach the training, and bad values are one-line errors.
 */
class GradientRaceCommandTest {

    /** Three dependent, skewed columns. */
    private static Path table(Path dir) throws IOException {
        Random r = new Random(7);
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int n = 0; n < 400; n++) {
            double a = r.nextGaussian();
            double b = Math.exp(0.5 * r.nextGaussian()) + 0.8 * a;
            double c = a - b + 0.3 * r.nextGaussian();
            s.append(a).append(',').append(b).append(',').append(c).append('\n');
        }
        return Files.writeString(dir.resolve("t.csv"), s);
    }

    private static List<String[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("gradient,epoch,seconds,valid_loglik,valid_bits_per_dim", lines.get(0));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
    }

    private static CliRun race(Path data, Path out, String init, String... extra) {
        List<String> args = new ArrayList<>(List.of("race", "--data", "csv:" + data, "--out",
                out.toString(), "--gradients", "relative,euclidean", "--epochs", "3", "--batch", "20", "--lr", "1e-2",
                "--init", init, "--threads", "1"));
        args.addAll(List.of(extra));
        return CliRun.lab(args.toArray(String[]::new));
    }

    @Test
    void oneRowPerModeAndEpoch(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("race");
        CliRun run = race(table(dir), out, "identity");
        assertEquals(0, run.code(), run.err());
        List<String[]> rows = rows(out.resolve("gradient-race.csv"));
        assertEquals(6, rows.size());
        for (int m = 0; m < 2; m++) {
            double previous = 0;
            for (int e = 0; e < 3; e++) {
                String[] row = rows.get(3 * m + e);
                assertEquals(m == 0 ? "relative" : "euclidean", row[0].toLowerCase());
                assertEquals(e + 1, Integer.parseInt(row[1]));
                double seconds = Double.parseDouble(row[2]);
                assertTrue(seconds >= previous, "training seconds accumulate");
                previous = seconds;
                assertTrue(Double.isFinite(Double.parseDouble(row[3])), "finite log-likelihood");
            }
        }
        assertTrue(Files.size(out.resolve("gradient-race.png")) > 1000);
    }

    @Test
    void theInitialisationReachesTheNetworks(@TempDir Path dir) throws IOException {
        Path data = table(dir);
        CliRun identity = race(data, dir.resolve("i"), "identity");
        CliRun orthogonal = race(data, dir.resolve("o"), "orthogonal");
        assertEquals(0, identity.code(), identity.err());
        assertEquals(0, orthogonal.code(), orthogonal.err());
        // the same seed, batches and settings: only the starting weights differ
        assertNotEquals(rows(dir.resolve("i/gradient-race.csv")).get(0)[3],
                rows(dir.resolve("o/gradient-race.csv")).get(0)[3]);
    }

    @Test
    void aDecayingRateChangesTheRun(@TempDir Path dir) throws IOException {
        Path data = table(dir);
        CliRun constant = race(data, dir.resolve("c"), "identity");
        CliRun decaying = race(data, dir.resolve("d"), "identity", "--lr-decay", "0.01");
        assertEquals(0, constant.code(), constant.err());
        assertEquals(0, decaying.code(), decaying.err());
        assertNotEquals(rows(dir.resolve("c/gradient-race.csv")).get(2)[3],
                rows(dir.resolve("d/gradient-race.csv")).get(2)[3]);
        CliRun bad = race(data, dir.resolve("x"), "identity", "--lr-decay", "1.5");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--lr-decay"), bad.err());
    }

    @Test
    void aBadInitialisationIsAOneLineError(@TempDir Path dir) throws IOException {
        CliRun run = race(table(dir), dir.resolve("x"), "zeros");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--init"), run.err());
        assertTrue(Files.notExists(dir.resolve("x/gradient-race.csv")));
    }
}
