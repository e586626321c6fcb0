package org.relgrad.examples.lab.anomaly;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relgrad.examples.CliRun;
import org.relgrad.examples.TinyMnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnomalyCommandTest {

    /**
     * Digits 0-8: brightness rising with the digit plus a profile of their own; 9 (the anomaly): the brightness
     * trend carried on to "digit 20", along what the classifier must see to tell the digits apart, and beyond them.
     */
    private static final TinyMnist.Pixels PLANTED = (label, r) -> {
        int[] p = new int[16];
        for (int k = 0; k < 16; k++) {
            double v = 40 + 10 * (label == 9 ? 20 : label) + 25 * Math.sin(0.4 * k * (label + 1));
            p[k] = (int) Math.max(0, Math.min(255, v + 12 * r.nextGaussian()));
        }
        return p;
    };

    @Test
    void everyDensityIsReportedBesideTheFlowAndFlagsAPlantedAnomaly(@TempDir Path dir) throws IOException {
        Path mnist = TinyMnist.write(dir.resolve("mnist"), 3000, 1000, PLANTED);
        Path csv = dir.resolve("scores.csv");
        CliRun run = CliRun.lab("anomaly", "--mnist", mnist.toString(), "--holdout", "9", "--features", "4",
                "--classifier-epochs", "3", "--flow-layers", "2", "--flow-epochs", "15", "--patience", "3",
                "--flow-lr", "0.01", "--csv", csv.toString(), "--seed", "1", "--threads", "1");
        assertEquals(0, run.code(), run.err());

        List<String> lines = Files.readAllLines(csv);
        assertEquals("holdout,feature_layer,score,valid_loglik,auroc", lines.get(0));
        Map<String, double[]> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals("9", f[0]);
            assertEquals("linear", f[1]);
            rows.put(f[2], new double[] {f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]),
                Double.parseDouble(f[4])});
        }
        assertEquals(java.util.Set.of("max-softmax", "gaussian", "class-gaussian", "flow", "class-flow",
                "class-gaussian+softmax", "class-flow+softmax"), rows.keySet());
        // densities have a held-out log-likelihood, the other scores none
        assertTrue(Double.isNaN(rows.get("max-softmax")[0]) && Double.isNaN(rows.get("class-flow+softmax")[0]));
        // a flow whose last layer is linear contains the Gaussian: trained right, it is not worse on held-out normals
        assertTrue(rows.get("flow")[0] >= rows.get("gaussian")[0] - 0.1,
                "flow " + rows.get("flow")[0] + " vs Gaussian " + rows.get("gaussian")[0]);
        // the anomalies lie beyond every digit's features
        for (String density : List.of("gaussian", "class-gaussian", "flow", "class-flow")) {
            assertTrue(rows.get(density)[1] > 0.9, density + " AUROC " + rows.get(density)[1]);
        }
        assertTrue(run.out().contains("class-gaussian") && run.out().contains("AUROC"), run.out());
    }

    @Test
    void badOptionsAreOneLineErrors(@TempDir Path dir) {
        CliRun layer = CliRun.lab("anomaly", "--mnist", dir.toString(), "--feature-layer", "linear,output");
        assertEquals(2, layer.code(), layer.err());
        assertTrue(layer.err().contains("Unknown --feature-layer 'output'"), layer.err());
        CliRun digit = CliRun.lab("anomaly", "--mnist", dir.toString(), "--holdout", "3,10");
        assertEquals(2, digit.code(), digit.err());
        assertTrue(digit.err().contains("digits 0-9, got 10"), digit.err());
    }
}
