package org.relgrad.examples.lab.regression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relgrad.examples.CliRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code relgrad-lab regression} on a table with a known heteroscedastic conditional: y | x ~ N(x₁, (0.2 e^{x₂})²).
 * The true conditional's expected log-likelihood is computed here, so the flow must land well above the linear
 * baseline (which cannot follow the spread; its own fit is tested in LinearGaussianRegressionTest) and near that
 * ceiling.
 */
class RegressionCommandTest {

    private static Path table(Path dir) throws IOException {
        Random r = new Random(4);
        StringBuilder b = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 800; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian();
            double y = x1 + 0.2 * Math.exp(x2) * r.nextGaussian();
            b.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", x1, x2, y));
        }
        Path f = dir.resolve("hetero.csv");
        Files.writeString(f, b.toString());
        return f;
    }

    @Test
    void theFlowLearnsTheSpreadThatTheLinearModelCannot(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("out.csv");
        CliRun run = CliRun.lab("regression", "--data", table(dir).toString(), "--targets", "y", "--seeds", "1",
                "--flow-layers", "1", "--base", "normal", "--epochs", "150", "--patience", "30", "--csv",
                csv.toString());
        assertEquals(0, run.code(), run.err());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("seed,targets,model,chosen,n_test,test_loglik", rows.get(0));
        double flow = Double.parseDouble(rows.get(1).split(",")[5]);
        double linear = Double.parseDouble(rows.get(2).split(",")[5]);
        // the true conditional: E[log N] = −½ log 2π − log 0.2 − E[x₂] − ½ ≈ 0.19 nats
        double truth = -0.5 * Math.log(2 * Math.PI) - Math.log(0.2) - 0.5;
        assertTrue(linear < truth - 0.2, run.out());
        assertTrue(flow > linear + 0.4, run.out());
        assertEquals(truth, flow, 0.25, run.out());
    }

    @Test
    void anUnknownColumnIsAOneLineError(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.lab("regression", "--data", table(dir).toString(), "--targets", "price");
        assertEquals(2, run.code());
        run.assertOneLineConfigurationError("relgrad-lab regression");
        assertTrue(run.err().contains("no column 'price'") && run.err().contains("x1,x2,y"), run.err());
    }
}
