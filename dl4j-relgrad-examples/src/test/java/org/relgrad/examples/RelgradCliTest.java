package org.relgrad.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelgradCliTest {

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void demoWithTinySettingsWritesAPngAndAFiniteTestLikelihood(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sub/density.png");
        CliRun r = run("demo", "--n-train", "300", "--n-test", "100", "--epochs", "2", "--layers", "3",
                "--batch", "50", "--seed", "3", "--out", png.toString());
        assertEquals(0, r.code(), r.err());

        Matcher m = Pattern.compile("test log-likelihood: (\\S+) ± (\\S+) nats/example \\(dataset moons, N=100\\)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        double ll = Double.parseDouble(m.group(1));
        double halfWidth = Double.parseDouble(m.group(2));
        assertTrue(Double.isFinite(ll) && ll < 0, "log-likelihood " + ll);
        assertTrue(Double.isFinite(halfWidth) && halfWidth > 0, "half-width " + halfWidth);
        assertTrue(r.out().contains("density plot: " + png), r.out());
        // one progress line per epoch, on stderr
        assertTrue(r.err().contains("epoch   2/2"), r.err());

        assertTrue(Files.size(png) > 1000, "PNG size " + Files.size(png));
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertTrue(img.getWidth() >= 600 && img.getHeight() >= 600);
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "temporary file left behind");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--dataset=swissroll", "--n-train=0", "--n-test=-1", "--layers=0", "--epochs=0", "--batch=0", "--lr=0",
        "--lr=-0.1", "--lr=NaN", "--lr-decay=0", "--alpha=1", "--gradient=natural", "--no-such-option",
        "--n-train=many"})
    void badArgumentsExitWithCode2(String arg, @TempDir Path dir) {
        CliRun r = run("demo", arg, "--out", dir.resolve("never.png").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        r.assertOneLineConfigurationError("relgrad demo");
        assertTrue(r.out().isEmpty(), r.out());
        assertTrue(!Files.exists(dir.resolve("never.png")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--no-such-option    | Unknown option: '--no-such-option'",
        "--epochs=many       | '--epochs' must be auto or a positive integer, got 'many'",
        "--layers=2,0        | '--layers' takes auto, a positive integer or a list of distinct ones",
        "--alpha=1           | '--alpha' must lie strictly between 0 and 1, got 1.0"})
    void trainConfigurationErrorsAreOneLineWithTheMessageFirst(String arg, String message, @TempDir Path dir) {
        Path model = dir.resolve("m.zip");
        CliRun r = run("train", "--data", "toy:moons?n=400", "--out", model.toString(), arg.trim());
        assertEquals(2, r.code(), r.err());
        r.assertOneLineConfigurationError("relgrad train");
        assertTrue(r.err().contains(message.trim()), r.err());
        // refused before any work: no progress line ("train: ...") was printed
        assertFalse(r.err().lines().anyMatch(l -> l.startsWith("train:")), r.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void missingRequiredOptionsAndSubcommandsAreOneLineToo() {
        CliRun eval = run("eval", "--data", "toy:moons");
        assertEquals(2, eval.code(), eval.err());
        eval.assertOneLineConfigurationError("relgrad eval");
        assertTrue(eval.err().contains("--model"), eval.err());

        CliRun none = run();
        assertEquals(2, none.code(), none.err());
        none.assertOneLineConfigurationError("relgrad");
        assertTrue(none.err().contains("Missing subcommand") && none.err().contains("train"), none.err());

        CliRun unknown = run("nosuchcommand");
        assertEquals(2, unknown.code(), unknown.err());
        unknown.assertOneLineConfigurationError("relgrad");
        assertTrue(unknown.err().contains("nosuchcommand"), unknown.err());
    }

    @Test
    void unknownDatasetMessageListsTheValidNames() {
        CliRun r = run("demo", "--dataset", "swissroll");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("swissroll") && r.err().contains("2spirals, rings"), r.err());
    }

    @Test
    void helpAndMissingSubcommand() {
        CliRun help = run("demo", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--dataset") && help.out().contains("moons, trimodal"), help.out());
        assertTrue(help.out().contains("relative, transposed, euclidean"), help.out());

        assertEquals(0, run("--help").code());
        assertEquals(2, run().code());
        assertEquals(2, run("nosuchcommand").code());
    }

    @Test
    void theUserCommandLineAndTheLabAreApart() {
        CliRun user = run("--help");
        assertEquals(0, user.code(), user.err());
        for (String c : new String[] {"demo", "train", "eval", "sample"}) {
            assertTrue(user.out().contains(c), user.out());
        }
        CliRun lab = CliRun.lab("--help");
        assertEquals(0, lab.code(), lab.err());
        for (String c : new String[] {"bench", "figures", "ica", "anomaly", "gaussian"}) {
            assertTrue(lab.out().contains(c), lab.out());
            assertFalse(user.out().matches("(?s).*\\n\\s+" + c + "\\s.*"), "the user CLI lists " + c + ":\n" + user.out());
        }
        CliRun bench = run("bench");
        assertEquals(2, bench.code(), bench.err());
        bench.assertOneLineConfigurationError("relgrad");
    }
}
