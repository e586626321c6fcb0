package org.relgrad.examples.lab.ica;

import org.relgrad.ica.FastIca;
import org.relgrad.ica.IcaData;
import org.relgrad.ica.Mcc;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.relgrad.learning.config.FusedAdam;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.density.ConditionalDensity;
import org.relgrad.density.ConditionalGaussian;
import org.relgrad.density.ConditionalLaplace;
import org.relgrad.density.StandardLaplace;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.train.FlowTrainer;
import org.relgrad.train.FlowTrainingListener;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
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
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code relgrad ica}: identifiable nonlinear ICA on synthetic segment-modulated sources. Trains a conditional flow
 * (relative gradient, per-segment Laplace base density) and, on the same data, an unconditional flow and linear
 * FastICA, and prints each model's mean correlation coefficient (MCC) with the true sources.
 */
@Command(name = "ica", mixinStandardHelpOptions = true,
        description = {"Nonlinear ICA on synthetic data: MCC of a conditional flow, an unconditional flow and linear ICA.",
            ""})
public class IcaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dims", defaultValue = "5", paramLabel = "D", description = "Number of sources (default: ${DEFAULT-VALUE}).")
    int dims;

    @Option(names = "--segments", defaultValue = "40", paramLabel = "S",
            description = "Segments (values of the auxiliary variable u) (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--per-segment", defaultValue = "250", paramLabel = "N",
            description = "Observations per segment (default: ${DEFAULT-VALUE}).")
    int perSegment;

    @Option(names = "--mixing-layers", defaultValue = "2", paramLabel = "L",
            description = "Layers of the random invertible leaky-ReLU mixing (default: ${DEFAULT-VALUE}).")
    int mixingLayers;

    @Option(names = "--layers", defaultValue = "3", paramLabel = "L",
            description = "Invertible layers of the flows (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--epochs", defaultValue = "60", paramLabel = "E", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    BatchOption batchOption;

    @Option(names = "--lr", defaultValue = "0.01", paramLabel = "LR", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", defaultValue = "0.1", paramLabel = "F",
            description = "The learning rate decays exponentially to F x --lr by the last step (default: ${DEFAULT-VALUE}).")
    double lrDecay;

    @Option(names = "--alpha", defaultValue = "0.2", paramLabel = "A",
            description = "Slope of the flows' smooth leaky ReLU for negative inputs (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--activation", defaultValue = "smooth", paramLabel = "NAME",
            description = "Flow activation: smooth (smooth leaky ReLU) or leaky (leaky ReLU), slope --alpha "
                    + "(default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--sources", defaultValue = "laplace", paramLabel = "SHAPE",
            description = "Per-segment source distribution: laplace or gaussian; the conditional flow's base uses the "
                    + "same shape (default: ${DEFAULT-VALUE}).")
    String sources;

    @Option(names = "--scale-range", defaultValue = "0.25,4", split = ",", paramLabel = "MIN,MAX",
            description = "Range of the log-uniform per-segment source scales (default: ${DEFAULT-VALUE}).")
    double[] scaleRange;

    @Option(names = "--segment-means", description = "Modulate the sources' per-segment means too, not only their "
            + "scales (uniform in [-1, 1]).")
    boolean segmentMeans;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    private void positive(String name, double v) {
        if (!(v > 0)) {
            throw new ParameterException(spec.commandLine(), "'" + name + "' must be positive, got " + v);
        }
    }

    @Override
    public Integer call() {
        positive("--dims", dims);
        positive("--segments", segments);
        positive("--per-segment", perSegment);
        positive("--mixing-layers", mixingLayers);
        positive("--layers", layers);
        positive("--epochs", epochs);
        batchOption.value(); // checks it
        positive("--lr", lr);
        positive("--lr-decay", lrDecay);
        if (!(alpha > 0 && alpha < 1)) {
            throw new ParameterException(spec.commandLine(), "'--alpha' must be in (0, 1), got " + alpha);
        }
        if (!activation.equals("smooth") && !activation.equals("leaky")) {
            throw new ParameterException(spec.commandLine(), "Unknown activation '" + activation
                    + "' for option '--activation'; valid: smooth, leaky");
        }
        threads.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        if (!sources.equals("laplace") && !sources.equals("gaussian")) {
            throw new ParameterException(spec.commandLine(), "'--sources' must be laplace or gaussian, got '" + sources
                    + "'");
        }
        if (scaleRange.length != 2 || !(scaleRange[0] > 0) || scaleRange[1] < scaleRange[0]) {
            throw new ParameterException(spec.commandLine(), "'--scale-range' must be MIN,MAX with 0 < MIN <= MAX");
        }
        IcaData data = IcaData.generate(dims, segments, perSegment, mixingLayers, segmentMeans,
                sources.equals("gaussian"), scaleRange[0], scaleRange[1], seed.value());
        INDArray x = standardise(data.observationsArray());
        INDArray u = data.labelsOneHot();
        out.printf(Locale.ROOT, "ica: D=%d, %d segments x %d, %d mixing layers; flows of %d layers, %d epochs%n", dims,
                segments, perSegment, mixingLayers, layers, epochs);

        String[] models = {"conditional", "laplace", "normal"};
        String[] names = {"conditional flow (relative gradient)", "unconditional flow, Laplace base",
            "unconditional flow, normal base"};
        for (int k = 0; k < models.length; k++) {
            boolean conditional = k == 0;
            long t0 = System.nanoTime();
            FlowNetwork net = new FlowNetwork(configuration(models[k]));
            net.init();
            DataSet all = new DataSet(x, conditional ? u : null);
            String model = models[k];
            FlowTrainer.builder().network(net).epochs(epochs)
                    .trainData(new FeatureDataSetIterator(x, conditional ? u : null, batchOption.value(), seed.value()))
                    .listener(new FlowTrainingListener() {
                        @Override
                        public void epochEnded(int e, double validLogLik, boolean improvedAndSaved) {
                            if (e % 10 == 0 || e == epochs) {
                                err.printf(Locale.ROOT, "  %s epoch %d/%d  NLL %.4f%n", model, e, epochs,
                                        net.score(all));
                                err.flush();
                            }
                        }
                    }).build().fit();
            double mcc = Mcc.mcc(data.sources(), net.asFlow().forward(x).toDoubleMatrix());
            out.printf(Locale.ROOT, "%-36s MCC %.4f   (training %.1f s)%n", names[k], mcc,
                    (System.nanoTime() - t0) / 1e9);
            out.flush();
        }
        long t0 = System.nanoTime();
        double linear = Mcc.mcc(data.sources(), new FastIca().seed(seed.value()).fit(data.observations()).sources());
        out.printf(Locale.ROOT, "%-36s MCC %.4f   (%.1f s)%n", "linear ICA (FastICA)", linear,
                (System.nanoTime() - t0) / 1e9);
        out.flush();
        return 0;
    }

    /** Per-column standardisation: an affine map, so it changes no MCC, but it keeps the flows' first steps sane. */
    private static INDArray standardise(INDArray x) {
        return x.subRowVector(x.mean(0)).divRowVector(x.std(0));
    }

    /** The flow with a conditional Laplace base ("conditional"), or an unconditional "laplace" or "normal" base. */
    private MultiLayerConfiguration configuration(String model) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed.value()).dataType(DataType.FLOAT)
                .updater(new FusedAdam(new org.nd4j.linalg.schedule.ExponentialSchedule(
                        org.nd4j.linalg.schedule.ScheduleType.ITERATION, lr, Math.pow(lrDecay, 1.0 / Math.max(1,
                        (long) epochs * ((segments * (long) perSegment + batchOption.value() - 1) / batchOption.value())))))).list();
        for (int k = 0; k < layers; k++) {
            b.layer(new InvertibleDenseLayer.Builder().units(dims).gradientMode(GradientMode.RELATIVE)
                    .activation(k == layers - 1 ? Activation.IDENTITY.getActivationFunction()
                            : activation.equals("leaky") ? new org.nd4j.linalg.activations.impl.ActivationLReLU(alpha)
                            : new ActivationSmoothLeakyReLU(alpha)).build());
        }
        b.layer(model.equals("conditional")
                ? new ConditionalDensityOutputLayer.Builder().segments(segments).density(conditionalDensity())
                        .build()
                : new DensityOutputLayer.Builder(model.equals("laplace") ? new StandardLaplace()
                        : new org.relgrad.density.StandardNormal()).build());
        return b.setInputType(InputType.feedForward(dims)).build();
    }

    /** The conditional model's base density: the family the sources are drawn from. */
    private ConditionalDensity conditionalDensity() {
        switch (sources) {
            case "gaussian":
                return new ConditionalGaussian();
            case "laplace":
                return new ConditionalLaplace();
            default:
                throw new IllegalStateException("--sources " + sources + " has no conditional density");
        }
    }
}
