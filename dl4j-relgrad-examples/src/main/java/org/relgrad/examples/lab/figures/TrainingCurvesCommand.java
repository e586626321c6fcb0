package org.relgrad.examples.lab.figures;

import org.relgrad.plot.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code relgrad-lab curves}: validation negative log-likelihood against epochs for several training logs (the
 * per-epoch CSVs under docs/), one line each, so runs with different recipes can be compared at a glance.
 */
@Command(name = "curves", mixinStandardHelpOptions = true,
        description = {"Plots validation NLL against epochs from per-epoch training CSVs (columns epoch and "
            + "valid_loglik, as in docs/mnist-*-training.csv), one line per file."})
public class TrainingCurvesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "LABEL=CSV",
            description = "A curve: its legend label and its CSV (repeat, at most 3).")
    List<String> runs;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The figure.")
    Path out;

    @Option(names = "--title", defaultValue = "validation NLL against epochs", paramLabel = "TEXT",
            description = "Title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--y-label", defaultValue = "validation NLL (nats)", paramLabel = "TEXT",
            description = "Y axis label (default: ${DEFAULT-VALUE}).")
    String yLabel;

    /** One run's validation curve. */
    record Curve(String label, double[] epochs, double[] nll) {
    }

    @Override
    public Integer call() throws IOException {
        if (runs.size() > 3) {
            throw new ParameterException(spec.commandLine(), "at most 3 --run curves (the figure has 3 colours), got "
                    + runs.size());
        }
        List<Curve> curves = new ArrayList<>();
        for (String run : runs) {
            int eq = run.indexOf('=');
            if (eq <= 0 || eq == run.length() - 1) {
                throw new ParameterException(spec.commandLine(), "'--run' takes LABEL=CSV, got '" + run + "'");
            }
            curves.add(read(run.substring(0, eq), Path.of(run.substring(eq + 1))));
        }
        int n = curves.size();
        double[][][] xs = new double[n][1][];
        double[][][] ys = new double[n][1][];
        for (int m = 0; m < n; m++) {
            xs[m][0] = curves.get(m).epochs();
            ys[m][0] = curves.get(m).nll();
        }
        ImageFiles.writePng(LossCurvePlot.render(title, curves.stream().map(Curve::label).toList(), xs, ys, "epoch",
                yLabel), out);
        spec.commandLine().getOut().println("wrote " + out);
        return 0;
    }

    /** @throws ParameterException naming the file and what is missing */
    Curve read(String label, Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new ParameterException(spec.commandLine(), "no such file: " + csv);
        }
        List<String> lines = Files.readAllLines(csv);
        List<String> header = lines.isEmpty() ? List.of() : Arrays.asList(lines.get(0).trim().split(","));
        int epoch = header.indexOf("epoch");
        int valid = header.indexOf("valid_loglik");
        if (epoch < 0 || valid < 0) {
            throw new ParameterException(spec.commandLine(), csv + " needs the columns epoch and valid_loglik in its "
                    + "header, has " + header);
        }
        List<double[]> points = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",");
            try {
                points.add(new double[] {Double.parseDouble(cells[epoch]), -Double.parseDouble(cells[valid])});
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new ParameterException(spec.commandLine(), csv + " line " + (i + 1) + ": not a number in "
                        + "epoch or valid_loglik: '" + lines.get(i) + "'");
            }
        }
        if (points.isEmpty()) {
            throw new ParameterException(spec.commandLine(), csv + " has no epochs");
        }
        return new Curve(label, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }
}
