package org.relgrad.examples.lab.figures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relgrad.examples.CliRun;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code relgrad-lab curves}: the better run's line is drawn lower, and bad input is a one-line error. */
class TrainingCurvesCommandTest {

    private static Path csv(Path dir, String name, double start) throws IOException {
        StringBuilder b = new StringBuilder("epoch,epoch_seconds,train_nll,valid_loglik\n");
        for (int e = 1; e <= 50; e++) {
            b.append(e).append(",10.0,0,").append(-(start - 2 * e)).append('\n');
        }
        return Files.writeString(dir.resolve(name), b.toString());
    }

    /**
     * Mean row of the pixels of the first (red) or second (blue) line's hue, anti-aliased lines included, left of the
     * legend (which sits top right).
     */
    private static double meanRow(BufferedImage img, boolean red) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 85; x < 500; x++) {
                int c = img.getRGB(x, y);
                int r = (c >> 16) & 0xFF;
                int g = (c >> 8) & 0xFF;
                int b = c & 0xFF;
                if (red ? r - Math.max(g, b) > 40 : b - r > 40 && b - g > 15) {
                    sum += y;
                    n++;
                }
            }
        }
        assertTrue(n > 50, (red ? "red" : "blue") + " line drawn");
        return sum / n;
    }

    @Test
    void theLowerNllIsDrawnLower(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("curves.png");
        CliRun run = CliRun.lab("curves", "--run", "worse=" + csv(dir, "a.csv", 1400), "--run",
                "better=" + csv(dir, "b.csv", 1300), "--out", png.toString());
        assertEquals(0, run.code(), run.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(meanRow(img, false) > meanRow(img, true) + 50, "better (blue) below worse (red)");
    }

    @Test
    void aFileWithoutTheColumnsIsNamed(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "step,loss\n1,2\n");
        CliRun run = CliRun.lab("curves", "--run", "x=" + bad, "--out", dir.resolve("o.png").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("bad.csv needs the columns epoch and valid_loglik"), run.err());
        CliRun noLabel = CliRun.lab("curves", "--run", bad.toString(), "--out", dir.resolve("o.png").toString());
        assertEquals(2, noLabel.code());
        assertTrue(noLabel.err().contains("LABEL=CSV"), noLabel.err());
    }
}
