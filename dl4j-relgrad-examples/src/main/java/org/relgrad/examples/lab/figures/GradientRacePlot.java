package org.relgrad.examples.lab.figures;

import org.relgrad.examples.GradientOption;
import org.relgrad.plot.ImageFiles;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The race's figure: validation curves against epochs (left) and against training seconds (right). */
final class GradientRacePlot {

    private GradientRacePlot() {
    }

    static BufferedImage render(List<GradientRaceCommand.Point> points, List<GradientOption> gradients,
            String yLabel) {
        int n = gradients.size();
        double[][][] epochs = new double[n][1][];
        double[][][] seconds = new double[n][1][];
        double[][][] values = new double[n][1][];
        List<String> names = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            GradientOption g = gradients.get(m);
            List<GradientRaceCommand.Point> run = points.stream().filter(p -> p.gradient() == g && p.epoch() > 0)
                    .toList();
            if (run.isEmpty()) {
                run = List.of(new GradientRaceCommand.Point(g, 0, 0, Double.NaN, Double.NaN));
            }
            epochs[m][0] = run.stream().mapToDouble(GradientRaceCommand.Point::epoch).toArray();
            seconds[m][0] = run.stream().mapToDouble(GradientRaceCommand.Point::seconds).toArray();
            values[m][0] = run.stream().mapToDouble(GradientRaceCommand.Point::bitsPerDim).toArray();
            names.add(label(g));
        }
        BufferedImage left = LossCurvePlot.render("validation against epochs", names, epochs, values, "epoch",
                yLabel);
        BufferedImage right = LossCurvePlot.render("validation against training time", names, seconds, values,
                "seconds of training (validation passes excluded)", yLabel);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), left.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ImageFiles.whiteCanvas(both);
        try {
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        return both;
    }

    private static String label(GradientOption g) {
        switch (g) {
            case relative:
                return "relative gradient (W Wᵀ)";
            case euclidean:
                return "exact gradient (LU inverse per step)";
            default:
                return "transposed relative (WᵀW)";
        }
    }
}
