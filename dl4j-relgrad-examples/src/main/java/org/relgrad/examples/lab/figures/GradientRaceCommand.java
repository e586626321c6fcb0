package org.relgrad.examples.lab.figures;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.relgrad.data.DataSource;
import org.relgrad.data.DataSpec;
import org.relgrad.data.ExampleSource;
import org.relgrad.data.MnistPreprocessing;
import org.relgrad.examples.GradientOption;
import org.relgrad.examples.options.BatchOption;
import org.relgrad.examples.options.SeedOption;
import org.relgrad.examples.options.ThreadsOption;
import org.relgrad.flow.FlowArchitecture;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.io.AtomicFiles;
import org.relgrad.learning.config.DecayingAdam;
import org.relgrad.nn.conf.layers.RationalQuadraticSplineLayer;
import org.relgrad.plot.ImageFiles;
import org.relgrad.train.FlowTrainer;
import org.relgrad.train.FlowTrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code relgrad-lab race}: the same MNIST flow, from the same initialisation and with the same data, optimiser and
 * settings, trained with each gradient mode (relative, exact, transposed-relative); validation bits per dimension
 * against epochs and against wall-clock seconds, as one figure and a CSV.
 */
@Command(name = "race", mixinStandardHelpOptions = true,
        description = {"Relative vs exact (Euclidean, an LU inverse per step) vs transposed-relative gradient on "
            + "MNIST: the same 2-layer flow, initialisation, batches and Adam settings for each; validation bits/dim "
            + "against epochs and seconds.",
            "",
            "Writes OUT/gradient-race.csv (gradient, epoch, seconds, valid_loglik, valid_bits_per_dim; a mode that "
                + "stops, e.g. on a singular W, gets a row with epoch -1 and NaN) and "
                + "OUT/gradient-race.png (two panels). Run it alone on the machine: the seconds are wall-clock.",
            ""})
public class GradientRaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "mnist:data/mnist", paramLabel = "DATA",
            description = "MNIST (mnist:DIR) or any other data spec (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--out", defaultValue = "docs", paramLabel = "DIR", description = "Output folder (default: "
            + "${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--gradients", split = ",", defaultValue = "relative,euclidean,transposed", paramLabel = "G",
            description = "Gradient modes to race (default: ${DEFAULT-VALUE}).")
    List<GradientOption> gradients;

    @Option(names = "--layers", defaultValue = "2", paramLabel = "L", description = "Dense layers (default: "
            + "${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--alpha", defaultValue = "0.3", paramLabel = "A",
            description = "Smooth leaky ReLU slope (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "E", description = "Epochs per gradient mode "
            + "(default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "5e-4", paramLabel = "RATE", description = "Adam learning rate "
            + "(default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", defaultValue = "1", paramLabel = "FACTOR",
            description = "The rate decays exponentially per step to FACTOR times --lr at the last step of --epochs, "
                    + "as in relgrad train (default: ${DEFAULT-VALUE}, constant).")
    double lrDecay;

    @Option(names = "--init", defaultValue = "orthogonal", paramLabel = "NAME",
            description = "Initial dense weights shared by every mode: orthogonal or identity (default: "
                    + "${DEFAULT-VALUE}).")
    String init;

    @Mixin
    BatchOption batch;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    /** One validation point of one run. */
    record Point(GradientOption gradient, int epoch, double seconds, double validLogLik, double bitsPerDim) {
    }

    @Override
    public Integer call() throws IOException {
        if (layers < 1 || epochs < 1 || !(lr > 0) || !(lrDecay > 0 && lrDecay <= 1) || gradients.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--layers, --epochs and --lr must be positive, "
                    + "--lr-decay in (0, 1] and --gradients not empty");
        }
        FlowArchitecture.Initialization initialization;
        try {
            initialization = FlowArchitecture.Initialization.fromName(init);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "'--init': " + e.getMessage());
        }
        threads.apply();
        PrintWriter log = spec.commandLine().getOut();
        DataSource source = DataSpec.open(data, seed.value());
        DataSource.Split split = source.split(0.1, seed.value());
        boolean mnist = data.startsWith("mnist:");
        int dims = source.dims();
        double validLogDet = mnist ? meanLogDet(split.validation()) : 0;
        org.relgrad.data.ColumnStats stats = split.train().stats();
        long iterations = (long) epochs * ((stats.count() + batch.value() - 1) / batch.value());
        List<Point> points = new ArrayList<>();
        for (GradientOption g : gradients) {
            // the same seed: the same initial weights and the same batches for every mode
            FlowArchitecture arch = new FlowArchitecture(layers, FlowArchitecture.Nonlinearity.SMOOTH_LEAKY_RELU, alpha,
                    g.mode, RationalQuadraticSplineLayer.DEFAULT_BINS, RationalQuadraticSplineLayer.DEFAULT_TAIL_BOUND,
                    initialization);
            FlowNetwork net = new FlowNetwork(arch.configuration(dims, stats.mean(), stats.std(),
                    DecayingAdam.of(lr, lrDecay, iterations), DataType.FLOAT, seed.value()));
            net.init();
            // training time only: the validation pass after each epoch is the same work for every mode
            long[] clock = {0, 0}; // nanoseconds trained, start of the current epoch
            FlowTrainer trainer = FlowTrainer.builder().network(net).epochs(epochs).patience(epochs)
                    .trainData(epoch -> split.train().iterator(batch.value(), seed.value() * 1_000_003L + epoch))
                    .validation(split.validation().iterator(1000, null))
                    .listener(new FlowTrainingListener() {
                        @Override
                        public void epochStarted(int epoch, int batchesDone) {
                            clock[1] = System.nanoTime();
                        }

                        @Override
                        public void batchDone(int epoch, int batchesDone, int examples, double score) {
                            long now = System.nanoTime();
                            clock[0] += now - clock[1];
                            clock[1] = now;
                        }

                        @Override
                        public void epochEnded(int epoch, double validLogLik, boolean improved) {
                            double seconds = clock[0] / 1e9;
                            double bpd = bitsPerDim(validLogLik, validLogDet, dims);
                            points.add(new Point(g, epoch, seconds, validLogLik, bpd));
                            log.printf(Locale.ROOT, "%-10s epoch %3d  %7.1f s  validation %.4f nats, %.4f bits/dim%n",
                                    g, epoch, seconds, validLogLik, bpd);
                            log.flush();
                            // a race takes hours at MNIST size: what is done is on disk if it is cut off
                            writeCsvUnchecked(points);
                        }
                    })
                    .build();
            try {
                trainer.fit();
            } catch (org.relgrad.nn.layers.SingularWeightsException
                    | org.relgrad.optimize.listeners.TrainingDivergedException e) {
                // a mode that breaks down is a result of the race, not the end of it
                log.printf("%-10s stopped: %s%n", g, e.getMessage());
                log.flush();
                points.add(new Point(g, -1, clock[0] / 1e9, Double.NaN, Double.NaN));
            }
        }
        writeCsv(points);
        BufferedImage fig = GradientRacePlot.render(points, gradients, mnist ? "validation bits/dim (pixel space)"
                : "validation bits/dim");
        Path png = out.resolve("gradient-race.png");
        AtomicFiles.write(png, tmp -> ImageFiles.writePng(fig, tmp));
        log.printf("wrote %s and %s%n", out.resolve("gradient-race.csv"), png);
        log.flush();
        return 0;
    }

    private static double bitsPerDim(double logLik, double logDet, int dims) {
        return -(logLik + logDet) / (dims * Math.log(2));
    }

    /** Mean log|det| of the MNIST preprocessing over the validation images (fixed noise: a constant). */
    private static double meanLogDet(ExampleSource validation) {
        DataSetIterator it = validation.iterator(1000, null);
        double sum = 0;
        long n = 0;
        while (it.hasNext()) {
            org.nd4j.linalg.api.ndarray.INDArray z = it.next().getFeatures();
            sum += MnistPreprocessing.logDetJacobian(z).sumNumber().doubleValue();
            n += z.rows();
        }
        return sum / n;
    }

    private void writeCsvUnchecked(List<Point> points) {
        try {
            writeCsv(points);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeCsv(List<Point> points) throws IOException {
        StringBuilder b = new StringBuilder("gradient,epoch,seconds,valid_loglik,valid_bits_per_dim\n");
        for (Point p : points) {
            b.append(String.format(Locale.ROOT, "%s,%d,%.2f,%.4f,%.5f%n", p.gradient(), p.epoch(), p.seconds(),
                    p.validLogLik(), p.bitsPerDim()));
        }
        AtomicFiles.write(out.resolve("gradient-race.csv"),
                tmp -> Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8));
    }
}
