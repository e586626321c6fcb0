package org.relgrad.examples.lab.anomaly;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.data.MnistDigits;
import org.relgrad.examples.lab.baseline.ClassConditionalGaussian;
import org.relgrad.examples.lab.baseline.FullCovarianceGaussian;
import org.relgrad.examples.options.SeedOption;
import org.relgrad.examples.options.ThreadsOption;
import org.relgrad.flow.Flow;
import org.relgrad.io.AtomicFiles;
import org.relgrad.learning.config.FusedAdam;
import org.relgrad.util.Permutations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code relgrad-lab anomaly}: novelty detection of an MNIST digit the classifier never saw, from the features of a
 * pretrained DL4J classifier. Every density on the features is reported beside the flow head: a full-covariance
 * Gaussian and a class-conditional Gaussian mixture (a flow must do at least as well as them on held-out normals, or
 * its training is wrong), the classifier's own max-softmax score, and sums of standardised scores.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = {"Novelty detection on MNIST from the features of a frozen DL4J classifier.",
            "",
            "For each --holdout digit: trains a DL4J MLP classifier (784-256-ReLU-F-10) on 90 % of the images of the "
                + "other digits, takes the features of each --feature-layer (linear: the F features before the "
                + "output layer; hidden: the 256 units before their ReLU), and fits on the same images (a) a "
                + "full-covariance Gaussian, (b) one Gaussian per digit (a mixture weighted by digit frequencies), "
                + "(c) a flow head attached with DL4J's TransferLearning API (frozen classifier layers, "
                + "standardisation, --flow-layers invertible layers, standard-normal base) and (d) the same flow "
                + "with a class-conditional base. Flow heads are early-stopped on the other 10 % (held-out normals). "
                + "Prints per density its held-out-normal log-likelihood and the AUROC of -log p for the held-out "
                + "digit among the 10,000 test images, beside the classifier's max-softmax score and sums of "
                + "scores standardised on the held-out normals.",
            ""})
public class AnomalyCommand implements Callable<Integer> {

    /** Where a feature layer sits in {@link #classifier(int)}: the index of the last frozen layer. */
    enum FeatureLayer {
        LINEAR(2), HIDDEN(0);

        final int lastFrozen;

        FeatureLayer(int lastFrozen) {
            this.lastFrozen = lastFrozen;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--mnist", defaultValue = "data/mnist", paramLabel = "DIR",
            description = "Folder with the MNIST IDX files (scripts/fetch-mnist.sh) (default: ${DEFAULT-VALUE}).")
    Path mnist;

    @Option(names = "--holdout", defaultValue = "9", split = ",", paramLabel = "DIGIT",
            description = "Digits left out of training, each in its own experiment: the anomaly (default: "
                    + "${DEFAULT-VALUE}).")
    List<Integer> holdouts;

    @Option(names = "--features", defaultValue = "32", paramLabel = "F",
            description = "Width of the classifier's linear feature layer (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--feature-layer", defaultValue = "linear", split = ",", paramLabel = "NAME",
            description = "Feature layers to model: linear, hidden (default: ${DEFAULT-VALUE}).")
    List<String> featureLayers;

    @Option(names = "--classifier-epochs", defaultValue = "3", paramLabel = "E",
            description = "Classifier training epochs (default: ${DEFAULT-VALUE}).")
    int classifierEpochs;

    @Option(names = "--flow-layers", defaultValue = "4", paramLabel = "L",
            description = "Invertible layers of each flow head (default: ${DEFAULT-VALUE}).")
    int flowLayers;

    @Option(names = "--flow-epochs", defaultValue = "60", paramLabel = "E",
            description = "Epoch limit of each flow head (default: ${DEFAULT-VALUE}).")
    int flowEpochs;

    @Option(names = "--patience", defaultValue = "5", paramLabel = "P",
            description = "Stop a flow head after P epochs without a better held-out-normal log-likelihood "
                    + "(default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--flow-lr", defaultValue = "0.002", paramLabel = "RATE",
            description = "Adam learning rate of the flow heads (default: ${DEFAULT-VALUE}).")
    double flowLr;

    @Option(names = "--train-size", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N training images of the other digits; 0 = all (default: "
                    + "${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Also write one row per holdout, feature layer and score to FILE.")
    Path csv;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    /** One score of one experiment; validLogLik is NaN for scores that are not densities. */
    record Row(int holdout, String featureLayer, String score, double validLogLik, double auroc) {
    }

    @Override
    public Integer call() {
        List<FeatureLayer> layers = checkOptions();
        threads.apply();
        PrintWriter out = spec.commandLine().getOut();
        MnistDigits train = MnistDigits.load(mnist, false);
        MnistDigits test = MnistDigits.load(mnist, true);
        List<Row> rows = new ArrayList<>();
        out.printf(Locale.ROOT, "%-7s %-7s %-24s %15s %8s%n", "holdout", "layer", "score", "valid log p", "AUROC");
        for (int holdout : holdouts) {
            List<Row> done = experiment(holdout, layers, train, test);
            for (Row r : done) {
                out.printf(Locale.ROOT, "%-7d %-7s %-24s %15s %8.4f%n", r.holdout(), r.featureLayer(), r.score(),
                        Double.isNaN(r.validLogLik()) ? "" : String.format(Locale.ROOT, "%.3f", r.validLogLik()),
                        r.auroc());
            }
            out.flush();
            rows.addAll(done);
            // after every digit, so an interrupted sweep keeps what it finished
            if (csv != null) {
                writeCsv(rows);
            }
        }
        return 0;
    }

    private List<FeatureLayer> checkOptions() {
        for (int h : holdouts) {
            if (h < 0 || h > 9) {
                throw new ParameterException(spec.commandLine(), "--holdout takes digits 0-9, got " + h);
            }
        }
        if (features <= 0 || classifierEpochs <= 0 || flowLayers <= 0 || flowEpochs <= 0 || patience <= 0
                || trainSize < 0 || !(flowLr > 0)) {
            throw new ParameterException(spec.commandLine(), "--features, --classifier-epochs, --flow-layers, "
                    + "--flow-epochs, --patience and --flow-lr must be positive (--train-size >= 0)");
        }
        List<FeatureLayer> layers = new ArrayList<>();
        for (String name : featureLayers) {
            try {
                layers.add(FeatureLayer.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Unknown --feature-layer '" + name
                        + "': use linear or hidden");
            }
        }
        return layers;
    }

    private List<Row> experiment(int holdout, List<FeatureLayer> layers, MnistDigits train, MnistDigits test) {
        PrintWriter err = spec.commandLine().getErr();
        MnistDigits normal = train.where(holdout, false);
        int n = trainSize > 0 ? Math.min(trainSize, normal.size()) : normal.size();
        int[] order = Permutations.shuffled(normal.size(), new Random(seed.value() + holdout));
        int nValid = Math.max(1, n / 10);
        MnistDigits fit = rows(normal, Arrays.copyOfRange(order, 0, n - nValid));
        MnistDigits valid = rows(normal, Arrays.copyOfRange(order, n - nValid, n));

        long t0 = System.nanoTime();
        MultiLayerNetwork classifier = classifier((int) fit.pixels().columns());
        FeatureDataSetIterator labelled = new FeatureDataSetIterator(fit.pixels(), oneHot(fit.labels()), 100,
                seed.value());
        for (int e = 0; e < classifierEpochs; e++) {
            classifier.fit(labelled);
        }
        err.printf(Locale.ROOT, "anomaly: holdout %d: classifier trained on %,d images of the other digits in %.1f s%n",
                holdout, fit.size(), (System.nanoTime() - t0) / 1e9);
        boolean[] isAnomaly = new boolean[test.size()];
        for (int i = 0; i < isAnomaly.length; i++) {
            isAnomaly[i] = test.labels()[i] == holdout;
        }
        double[] softmaxTest = negMaxSoftmax(classifier, test.pixels());
        StandardizedScore softmaxScale = StandardizedScore.of(negMaxSoftmax(classifier, valid.pixels()));

        List<Row> rows = new ArrayList<>();
        for (FeatureLayer layer : layers) {
            rows.add(new Row(holdout, layer.label(), "max-softmax", Double.NaN, auroc(softmaxTest, isAnomaly)));
            Map<String, DensityScores> densities = densities(classifier, layer, fit, valid, test);
            for (Map.Entry<String, DensityScores> d : densities.entrySet()) {
                rows.add(new Row(holdout, layer.label(), d.getKey(), d.getValue().validMean(),
                        auroc(d.getValue().test(), isAnomaly)));
            }
            for (String name : List.of("class-gaussian", "class-flow")) {
                DensityScores d = densities.get(name);
                StandardizedScore scale = StandardizedScore.of(d.valid());
                double[] combined = StandardizedScore.sum(scale.apply(d.test()), softmaxScale.apply(softmaxTest));
                rows.add(new Row(holdout, layer.label(), name + "+softmax", Double.NaN, auroc(combined, isAnomaly)));
            }
        }
        return rows;
    }

    /** -log p of the held-out normals and of the test images under one density. */
    record DensityScores(double[] valid, double[] test) {
        double validMean() {
            return -Arrays.stream(valid).average().orElse(Double.NaN);
        }
    }

    private Map<String, DensityScores> densities(MultiLayerNetwork classifier, FeatureLayer layer, MnistDigits fit,
            MnistDigits valid, MnistDigits test) {
        PrintWriter err = spec.commandLine().getErr();
        INDArray fitFeatures = features(classifier, layer, fit.pixels());
        INDArray validFeatures = features(classifier, layer, valid.pixels());
        INDArray testFeatures = features(classifier, layer, test.pixels());
        Map<String, DensityScores> d = new LinkedHashMap<>();
        FullCovarianceGaussian gaussian = FullCovarianceGaussian.fit(fitFeatures);
        d.put("gaussian", new DensityScores(negate(gaussian.logProb(validFeatures)),
                negate(gaussian.logProb(testFeatures))));
        ClassConditionalGaussian perClass = ClassConditionalGaussian.fit(fitFeatures, fit.labels(), 10);
        d.put("class-gaussian", new DensityScores(negate(perClass.logProb(validFeatures)),
                negate(perClass.logProb(testFeatures))));
        for (boolean conditional : new boolean[] {false, true}) {
            long t = System.nanoTime();
            FlowHead head = new FlowHead(layer.lastFrozen, flowLayers, conditional, flowLr, seed.value());
            Flow flow = head.train(classifier, fitFeatures, fit, valid, flowEpochs, patience);
            d.put(conditional ? "class-flow" : "flow", new DensityScores(negate(head.logProb(flow, valid.pixels())),
                    negate(head.logProb(flow, test.pixels()))));
            err.printf(Locale.ROOT, "anomaly: %s flow head on the %d %s features: %d epochs (best %d) in %.1f s%n",
                    conditional ? "class-conditional" : "unconditional", fitFeatures.columns(), layer.label(),
                    head.epochs(), head.bestEpoch(), (System.nanoTime() - t) / 1e9);
        }
        return d;
    }

    /** The output of the classifier's last frozen layer for {@code layer}. */
    static INDArray features(MultiLayerNetwork classifier, FeatureLayer layer, INDArray pixels) {
        return classifier.feedForwardToLayer(layer.lastFrozen, pixels, false).get(layer.lastFrozen + 1);
    }

    private static double[] negMaxSoftmax(MultiLayerNetwork classifier, INDArray pixels) {
        return negate(classifier.output(pixels).max(1));
    }

    private static double[] negate(INDArray logp) {
        return logp.castTo(DataType.DOUBLE).neg().toDoubleVector();
    }

    private static double auroc(double[] scores, boolean[] isAnomaly) {
        int n = 0;
        for (boolean a : isAnomaly) {
            n += a ? 1 : 0;
        }
        double[] anomalous = new double[n];
        double[] normal = new double[isAnomaly.length - n];
        for (int i = 0, a = 0, b = 0; i < isAnomaly.length; i++) {
            if (isAnomaly[i]) {
                anomalous[a++] = scores[i];
            } else {
                normal[b++] = scores[i];
            }
        }
        return Auroc.of(anomalous, normal);
    }

    private static MnistDigits rows(MnistDigits d, int[] rows) {
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = d.labels()[rows[i]];
        }
        return new MnistDigits(d.pixels().getRows(rows), labels);
    }

    static INDArray oneHot(int[] labels) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, 10);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    private void writeCsv(List<Row> rows) {
        StringBuilder b = new StringBuilder("holdout,feature_layer,score,valid_loglik,auroc\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.6f%n", r.holdout(), r.featureLayer(), r.score(),
                    Double.isNaN(r.validLogLik()) ? "" : String.format(Locale.ROOT, "%.6f", r.validLogLik()),
                    r.auroc()));
        }
        try {
            AtomicFiles.write(csv, tmp -> Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + csv + ": " + e.getMessage(), e);
        }
    }

    /** 784-256 (linear) - ReLU - F (linear) - 10 softmax: layer 0's output is the hidden, layer 2's the linear features. */
    private MultiLayerNetwork classifier(int inputs) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed.value())
                .dataType(DataType.FLOAT).updater(new FusedAdam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(256).activation(Activation.IDENTITY).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(features).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(features).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }
}
