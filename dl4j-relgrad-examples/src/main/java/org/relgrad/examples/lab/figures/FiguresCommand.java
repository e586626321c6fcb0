package org.relgrad.examples.lab.figures;

import org.relgrad.plot.ScatterPanel;
import org.relgrad.io.AtomicFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.plot.DensityPlot;
import org.relgrad.plot.ImageFiles;
import org.relgrad.data.ToyDatasets;
import org.relgrad.examples.ToyFlowTraining;
import org.relgrad.flow.Flow;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.util.NativeThreads;
import org.relgrad.examples.options.SeedOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code relgrad figures}: regenerates the paper's Figure 1 (right) and Figure 2 with this library. */
@Command(name = "figures", mixinStandardHelpOptions = true,
        description = {"Regenerate the paper's figures into a folder.",
            "",
            "figure1-gradient-comparison.png (+ .csv): 1,000 points of the moons data, a 2-layer flow, full-batch "
                + "gradient descent on the exact NLL from --inits random initialisations, each shared by the "
                + "relative and the ordinary (Euclidean) gradient at the same learning rate.",
            "figure2-toy-densities.png: samples beside the learned density for trimodal, moons and sine "
                + "(10 layers, as the demo), with each model's test log-likelihood printed.",
            ""})
public class FiguresCommand implements Callable<Integer> {
    static final List<String> FIGURE2_DATASETS = List.of("trimodal", "moons", "sine");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "figures", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--figure", defaultValue = "all", paramLabel = "WHICH",
            description = "1, 2 or all (default: ${DEFAULT-VALUE}).")
    String figure;

    @Option(names = "--iterations", defaultValue = "300", paramLabel = "N",
            description = "Figure 1: gradient-descent iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--inits", defaultValue = "10", paramLabel = "K",
            description = "Figure 1: shared random initialisations (default: ${DEFAULT-VALUE}).")
    int inits;

    @Option(names = "--gd-lr", defaultValue = "0.05", paramLabel = "RATE",
            description = "Figure 1: learning rate of both methods (default: ${DEFAULT-VALUE}).")
    double gdLearningRate;

    @Option(names = "--epochs", defaultValue = "40", paramLabel = "E",
            description = "Figure 2: training epochs per dataset (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--n-train", defaultValue = "5000", paramLabel = "N",
            description = "Figure 2: training points per dataset (default: ${DEFAULT-VALUE}).")
    int nTrain;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() throws Exception {
        if (!List.of("1", "2", "all").contains(figure)) {
            throw new ParameterException(spec.commandLine(), "'--figure' must be 1, 2 or all, got '" + figure + "'");
        }
        if (iterations <= 0 || inits <= 0 || epochs <= 0 || nTrain <= 0 || !(gdLearningRate > 0)) {
            throw new ParameterException(spec.commandLine(), "--iterations, --inits, --epochs, --n-train and --gd-lr "
                    + "must be positive");
        }
        NativeThreads.set(1, 1);
        PrintWriter stdout = spec.commandLine().getOut();
        if (!figure.equals("2")) {
            figureOne(stdout);
        }
        if (!figure.equals("1")) {
            figureTwo(stdout);
        }
        return 0;
    }

    private void figureOne(PrintWriter stdout) throws Exception {
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.printf(Locale.ROOT, "figures: figure 1, %d initialisations x 2 methods x %d iterations%n", inits,
                iterations);
        stderr.flush();
        INDArray data = ToyDatasets.generate("moons", 1000, seed.value());
        List<GradientMode> methods = List.of(GradientMode.RELATIVE, GradientMode.EUCLIDEAN);
        double[][][] curves = new GradientComparison(data, 2, 0.3, gdLearningRate).run(methods, inits, iterations,
                seed.value());
        List<String> names = List.of("relative gradient", "ordinary gradient");
        Path png = out.resolve("figure1-gradient-comparison.png");
        ImageFiles.writePng(LossCurvePlot.render(String.format(Locale.ROOT, "2-layer flow on 1,000 moons points: "
                + "%d shared initialisations, learning rate %s", inits, gdLearningRate), names, curves,
                "exact NLL (nats/example)"), png);
        Path csv = out.resolve("figure1-gradient-comparison.csv");
        StringBuilder s = new StringBuilder("method,init,iteration,nll\n");
        for (int m = 0; m < curves.length; m++) {
            for (int i = 0; i < curves[m].length; i++) {
                for (int t = 0; t < curves[m][i].length; t++) {
                    s.append(m == 0 ? "relative" : "ordinary").append(',').append(i).append(',').append(t)
                            .append(',').append(curves[m][i][t]).append('\n');
                }
            }
        }
        AtomicFiles.write(csv, tmp -> Files.writeString(tmp, s.toString(), StandardCharsets.UTF_8));
        for (int m = 0; m < curves.length; m++) {
            stdout.printf(Locale.ROOT, "figure 1: %-17s median NLL after %d iterations %.4f (%d of %d runs "
                    + "finite)%n", names.get(m), iterations, medianFinal(curves[m]), finiteRuns(curves[m]), inits);
        }
        stdout.printf("figure 1: %s, %s%n", png, csv);
        stdout.flush();
    }

    private void figureTwo(PrintWriter stdout) throws Exception {
        PrintWriter stderr = spec.commandLine().getErr();
        int panel = 360;
        List<BufferedImage> rows = new ArrayList<>();
        for (String name : FIGURE2_DATASETS) {
            stderr.printf(Locale.ROOT, "figures: figure 2, %s (%d epochs)%n", name, epochs);
            stderr.flush();
            INDArray train = ToyDatasets.generate(name, nTrain, seed.value());
            INDArray test = ToyDatasets.generate(name, 2000, seed.value() + 0x9E3779B97F4A7C15L);
            Flow flow = new ToyFlowTraining(10, 0.3, GradientMode.RELATIVE, epochs, 100, 0.04, 0.1)
                    .train(train, seed.value(), null).asFlow();
            double testLogLik = flow.logProb(test).meanNumber().doubleValue();
            DensityPlot density = new DensityPlot(flow).boundsFrom(train, 0.08).size(panel).maxPoints(0)
                    .title(String.format(Locale.ROOT, "%s: learned density", name));
            BufferedImage samples = ScatterPanel.render(flow.sample(2000, seed.value()), density.bounds(), panel,
                    String.format(Locale.ROOT, "%s: 2,000 samples", name));
            rows.add(sideBySide(samples, density.render()));
            stdout.printf(Locale.ROOT, "figure 2: %-9s test log-likelihood %.4f nats/example (N=2000)%n", name,
                    testLogLik);
            stdout.flush();
        }
        Path png = out.resolve("figure2-toy-densities.png");
        ImageFiles.writePng(stack(rows), png);
        stdout.printf("figure 2: %s%n", png);
        stdout.flush();
    }

    private static BufferedImage sideBySide(BufferedImage a, BufferedImage b) {
        BufferedImage img = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ImageFiles.whiteCanvas(img);
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        return img;
    }

    private static BufferedImage stack(List<BufferedImage> rows) {
        int w = rows.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = rows.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ImageFiles.whiteCanvas(img);
        int y = 0;
        for (BufferedImage r : rows) {
            g.drawImage(r, 0, y, null);
            y += r.getHeight();
        }
        g.dispose();
        return img;
    }

    static double medianFinal(double[][] runs) {
        double[] last = java.util.Arrays.stream(runs).mapToDouble(r -> r[r.length - 1]).filter(Double::isFinite)
                .sorted().toArray();
        return last.length == 0 ? Double.NaN : last[last.length / 2];
    }

    static int finiteRuns(double[][] runs) {
        return (int) java.util.Arrays.stream(runs).filter(r -> Double.isFinite(r[r.length - 1])).count();
    }
}
