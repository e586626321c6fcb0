package org.relgrad.examples.lab.bench;

import org.relgrad.examples.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relgrad.examples.RelgradCli;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code relgrad bench} end to end at tiny sizes, and its argument checking. */
class BenchCommandTest {

    static CliRun run(String... args) {
        return CliRun.lab(args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--methods=relative,natural | Unknown method 'natural' for option '--methods'; valid methods: "
            + "relative,ordinary,autodiff,floor,dl4j-dense",
        "--methods=         | Unknown method ''",
        "--dims=64,0        | '--dims' values must be positive integers, got 0",
        "--dims=-5          | '--dims' values must be positive integers, got -5",
        "--updater=nope    | Unknown updater 'nope' for option '--updater'; valid: adam, dl4j-adam, sgd",
        "--dims=abc         | Invalid value for option '--dims'",
        "--batch=0          | '--batch' must be positive, got 0",
        "--layers=0         | '--layers' must be positive, got 0",
        "--threads=0        | '--threads' must be positive, got 0",
        "--reps=0           | '--reps' must be positive, got 0",
        "--warmup=-1        | '--warmup' must not be negative, got -1",
        "--autodiff-max-dim=0 | '--autodiff-max-dim' must be positive, got 0",
        "--cell-budget=0    | '--cell-budget' must be a positive number, got 0.0",
        "--no-such-option   | Unknown option: '--no-such-option'"})
    void badArgumentsExitWithCode2AndAClearMessage(String arg, String message, @TempDir Path dir) {
        Path csv = dir.resolve("never.csv");
        CliRun r = run("bench", arg.trim(), "--csv", csv.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message.trim()), r.err());
        r.assertOneLineConfigurationError("relgrad-lab bench");
        assertTrue(r.out().isEmpty(), r.out());
        assertFalse(Files.exists(csv));
    }

    @Test
    void tinyGridWritesTableRatiosCsvAndPlot(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out.csv");
        Path png = dir.resolve("plots/out.png");
        CliRun r = run("bench", "--dims", "16,8", "--reps", "2", "--warmup", "1", "--threads", "1", "--batch", "10",
                "--csv", csv.toString(), "--plot", png.toString());
        assertEquals(0, r.code(), r.err());

        List<String> lines = Files.readAllLines(csv);
        assertEquals("method,D,batch,threads,median_ms,min_ms,max_ms", lines.get(0));
        assertEquals(11, lines.size(), String.join("\n", lines));
        // widths ascending, methods in the default order
        assertTrue(lines.get(1).startsWith("relative,8,10,1,"), lines.get(1));
        assertTrue(lines.get(5).startsWith("dl4j-dense,8,10,1,"), lines.get(5));
        assertTrue(lines.get(8).startsWith("autodiff,16,10,1,"), lines.get(8));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            double median = Double.parseDouble(f[4]);
            assertTrue(Double.parseDouble(f[5]) <= median && median <= Double.parseDouble(f[6]), l);
        }

        assertTrue(r.out().contains("Time per training step"), r.out());
        assertTrue(r.out().contains("Ratios of median times:"), r.out());
        assertTrue(r.out().contains("relative/floor") && r.out().contains("ordinary/relative")
                && r.out().contains("autodiff/relative") && r.out().contains("dl4j-dense/floor"), r.out());
        assertTrue(r.out().matches("(?s).*peak resident memory \\(VmHWM\\): [0-9.]+ MiB.*"), r.out());
        assertTrue(r.err().contains("[10/10] dl4j-dense D=16"), r.err());
        assertTrue(r.err().contains("core LU/QR per step 0.00"), "relative must not factorise: " + r.err());
        assertTrue(r.err().contains("core LU/QR per step 2.00"), "ordinary inverts each W once: " + r.err());

        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(960, img.getWidth());
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "temporary file left behind");
        }
    }

    @Test
    void autodiffIsSkippedAboveItsMaximumWidth(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("a.csv");
        CliRun r = run("bench", "--dims", "8,16", "--methods", "autodiff", "--autodiff-max-dim", "8", "--reps", "2",
                "--warmup", "0", "--threads", "1", "--batch", "4", "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("autodiff   D=16    skipped (D > --autodiff-max-dim 8)"), r.err());
        assertTrue(r.out().contains("skipped (D > --autodiff-max-dim)"), r.out());
        assertEquals(2, Files.readAllLines(csv).size());
    }

    @Test
    void mnistShapeReportsThroughputAndEpochTime(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("m.csv");
        CliRun r = run("bench", "--mnist-shape", "--reps", "2", "--warmup", "1", "--threads", "1", "--csv",
                csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("relative-mnist-b10,784,10,1,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("relative-mnist-b100,784,100,1,"), lines.get(2));
        assertTrue(r.out().contains("examples/s") && r.out().contains("epoch of 50k (s)"), r.out());
        assertTrue(r.out().contains("peak resident memory"), r.out());
    }

    @Test
    void helpListsTheOptions() {
        CliRun r = run("bench", "--help");
        assertEquals(0, r.code());
        for (String opt : new String[] {"--dims", "--methods", "--batch", "--layers", "--threads", "--warmup",
            "--reps", "--autodiff-max-dim", "--csv", "--plot", "--mnist-shape"}) {
            assertTrue(r.out().contains(opt), opt + " missing from\n" + r.out());
        }
    }
}
