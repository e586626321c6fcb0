package org.relgrad.examples;

import org.relgrad.plot.DensityPlot;
import org.relgrad.flow.FlowArchitecture;
import org.relgrad.data.ToyDatasets;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.relgrad.optimize.listeners.TrainingDivergedException;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.examples.options.SeedOption;
import org.relgrad.examples.options.ThreadsOption;
import picocli.CommandLine.Mixin;
import org.relgrad.examples.options.BatchOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code relgrad demo}: fits a flow of square invertible dense layers to a 2-D toy dataset by exact maximum
 * likelihood, reports the test log-likelihood and writes a PNG of the learned density.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fit a 2-D flow to a toy dataset; report its test log-likelihood and plot its density.",
            "",
            "Trains a stack of square invertible dense layers (smooth leaky ReLU, the last one linear) with a "
                + "standard normal base density by exact maximum likelihood (Adam on relative gradients by default), "
                + "prints the mean test log-likelihood with a ~95%% interval and writes a PNG heat map of the learned "
                + "density with the training points. Progress goes to stderr, the results to stdout.",
            ""})
public class DemoCommand implements Callable<Integer> {

    /** Completion candidates for {@code --dataset}, so that help lists the names. */
    static final class DatasetNames extends java.util.ArrayList<String> {
        DatasetNames() {
            super(ToyDatasets.NAMES);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", defaultValue = "moons", completionCandidates = DatasetNames.class, paramLabel = "NAME",
            description = "Toy dataset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--n-train", defaultValue = "5000", paramLabel = "N",
            description = "Training points (default: ${DEFAULT-VALUE}).")
    int nTrain;

    @Option(names = "--n-test", defaultValue = "2000", paramLabel = "N",
            description = "Test points, drawn independently of the training points (default: ${DEFAULT-VALUE}).")
    int nTest;

    @Option(names = "--layers", defaultValue = "10", paramLabel = "L",
            description = "Invertible 2x2 layers: L-1 with smooth leaky ReLU, the last linear (default: "
                    + "${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--alpha", defaultValue = "0.3", paramLabel = "A",
            description = "Slope alpha of the smooth leaky ReLU, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--epochs", defaultValue = "40", paramLabel = "E",
            description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    BatchOption batchOption;

    @Option(names = "--lr", defaultValue = "0.04", paramLabel = "RATE",
            description = "Initial Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", defaultValue = "0.1", paramLabel = "FACTOR",
            description = "The learning rate decays exponentially, per iteration, to FACTOR times --lr at the last "
                    + "iteration; 1 keeps it constant (default: ${DEFAULT-VALUE}).")
    double lrDecay;

    @Option(names = "--gradient", defaultValue = "relative", paramLabel = "MODE",
            description = "Descent direction: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    GradientOption gradient;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--out", defaultValue = "demo-density.png", paramLabel = "PNG",
            description = "Where to write the density plot (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        String name = dataset.trim().toLowerCase(Locale.ROOT);
        threads.apply();

        INDArray train = ToyDatasets.generate(name, nTrain, seed.value());
        // an independent sample from the same distribution: another seed, derived from --seed
        INDArray test = ToyDatasets.generate(name, nTest, seed.value() + 0x9E3779B97F4A7C15L);

        stderr.printf(Locale.ROOT, "demo: dataset %s, %d train / %d test points, %d layers (alpha %s), %s gradient, "
                + "Adam lr %s (decaying to x%s), batch %d, %d epochs%n", name, nTrain, nTest, layers, alpha, gradient,
                lr, lrDecay, batchOption.value(), epochs);
        FlowNetwork net;
        try {
            net = new ToyFlowTraining(layers, alpha, gradient.mode, epochs, batchOption.value(), lr, lrDecay).train(train, seed.value(),
                    stderr);
        } catch (TrainingDivergedException e) {
            stderr.println("demo: " + e.getMessage());
            stderr.flush();
            return 1;
        }
        Flow flow = net.asFlow();

        double[] lp = flow.logProb(test).data().asDouble();
        double mean = 0;
        for (double v : lp) {
            mean += v;
        }
        mean /= lp.length;
        double ss = 0;
        for (double v : lp) {
            ss += (v - mean) * (v - mean);
        }
        double std = lp.length > 1 ? Math.sqrt(ss / (lp.length - 1)) : 0;
        double halfWidth = 2 * std / Math.sqrt(lp.length);

        new DensityPlot(flow).boundsFrom(train, 0.08).points(train)
                .title(String.format(Locale.ROOT, "%s: %d-layer flow, %s gradient, test log p = %.3f nats", name,
                        layers, gradient, mean))
                .write(out);

        stdout.printf(Locale.ROOT, "test log-likelihood: %.4f ± %.4f nats/example (dataset %s, N=%d)%n", mean,
                halfWidth, name, lp.length);
        stdout.printf("density plot: %s%n", out);
        stdout.flush();
        return 0;
    }

    private void validate() {
        batchOption.value(); // checks it
        if (!ToyDatasets.isValid(dataset)) {
            fail("Unknown dataset '" + dataset + "' for option '--dataset'; valid names: "
                    + String.join(", ", ToyDatasets.NAMES));
        }
        positive("--n-train", nTrain);
        positive("--n-test", nTest);
        positive("--layers", layers);
        positive("--epochs", epochs);
        if (!(lr > 0) || !Double.isFinite(lr)) {
            fail("Learning rate '--lr' must be a positive number, got " + lr);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            fail("'--lr-decay' must lie in (0, 1], got " + lrDecay);
        }
        if (!(alpha > 0 && alpha < 1)) {
            fail("'--alpha' must lie strictly between 0 and 1 (the smooth leaky ReLU is invertible only then), got "
                    + alpha);
        }
    }

    private void positive(String option, int value) {
        if (value <= 0) {
            fail("'" + option + "' must be positive, got " + value);
        }
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    /**
     * The demo's flow: {@code layers} square invertible dense layers of width {@code dims}, smooth leaky ReLU with
     * slope {@code alpha} except the last, which is linear, then a standard-normal density output; double precision.
     */
    static MultiLayerConfiguration configuration(int dims, int layers, double alpha, GradientMode mode,
            IUpdater updater, long seed) {
        return new FlowArchitecture(layers, true, alpha, mode).configuration(dims, null, null, updater,
                DataType.DOUBLE, seed);
    }
}
