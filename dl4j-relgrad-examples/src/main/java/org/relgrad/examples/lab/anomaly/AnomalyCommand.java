package org.relgrad.examples.lab.anomaly;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.relgrad.learning.config.FusedAdam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.data.MnistDigits;
import org.relgrad.flow.Flow;
import org.relgrad.train.FlowTrainer;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.density.ConditionalGaussian;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.conf.layers.StandardizationLayer;
import org.relgrad.examples.options.SeedOption;
import org.relgrad.examples.options.ThreadsOption;
import picocli.CommandLine.Mixin;
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
 * {@code relgrad anomaly}: a flow head on a pretrained DL4J classifier's features, attached with DL4J's
 * TransferLearning API, scores a digit class the classifier never saw as anomalous; AUROC against the classifier's
 * own max-softmax score.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = {"Anomaly detection on MNIST with a flow head on a frozen DL4J classifier.",
            "",
            "Trains an ordinary DL4J MLP classifier (784-256-F-10) on every digit but --holdout, freezes its first "
                + "two layers with DL4J's TransferLearning API, replaces its output layer by a standardisation "
                + "layer, --flow-layers invertible layers and a density output layer, trains that head by exact "
                + "maximum likelihood on the same images, and scores test images by -log p(features). Prints the "
                + "AUROC for the held-out digit as the anomaly, and that of the classifier's max-softmax score "
                + "(a standard baseline).",
            ""})
public class AnomalyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mnist", defaultValue = "data/mnist", paramLabel = "DIR",
            description = "Folder with the MNIST IDX files (scripts/fetch-mnist.sh) (default: ${DEFAULT-VALUE}).")
    Path mnist;

    @Option(names = "--holdout", defaultValue = "9", paramLabel = "DIGIT",
            description = "The digit left out of training: the anomaly (default: ${DEFAULT-VALUE}).")
    int holdout;

    @Option(names = "--features", defaultValue = "32", paramLabel = "F",
            description = "Width of the classifier's (linear) feature layer and of the flow (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--feature-layer", defaultValue = "1", paramLabel = "K",
            description = "Frozen layers 0..K feed the flow: 1 = the F linear features, 0 = the 256 ReLU units "
                    + "(default: ${DEFAULT-VALUE}).")
    int featureLayer;

    @Option(names = "--classifier-epochs", defaultValue = "3", paramLabel = "E",
            description = "Classifier training epochs (default: ${DEFAULT-VALUE}).")
    int classifierEpochs;

    @Option(names = "--flow-layers", defaultValue = "4", paramLabel = "L",
            description = "Invertible layers of the head (default: ${DEFAULT-VALUE}).")
    int flowLayers;

    @Option(names = "--flow-epochs", defaultValue = "10", paramLabel = "E",
            description = "Flow head training epochs (default: ${DEFAULT-VALUE}).")
    int flowEpochs;

    @Option(names = "--train-size", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N training images of the other digits; 0 = all (default: "
                    + "${DEFAULT-VALUE}).")
    int trainSize;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        if (holdout < 0 || holdout > 9 || features <= 0 || classifierEpochs <= 0 || flowLayers <= 0
                || flowEpochs <= 0 || trainSize < 0) {
            throw new ParameterException(spec.commandLine(), "--holdout must be a digit 0-9 and --features, "
                    + "--classifier-epochs, --flow-layers, --flow-epochs positive (--train-size >= 0)");
        }
        threads.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MnistDigits normal = MnistDigits.load(mnist, false).where(holdout, false);
        if (trainSize > 0 && trainSize < normal.size()) {
            normal = new MnistDigits(normal.pixels().get(NDArrayIndex.interval(0, trainSize), NDArrayIndex.all()),
                    java.util.Arrays.copyOf(normal.labels(), trainSize));
        }
        MnistDigits test = MnistDigits.load(mnist, true);
        int inputs = (int) normal.pixels().columns();

        long t0 = System.nanoTime();
        MultiLayerNetwork classifier = classifier(inputs);
        FeatureDataSetIterator labelled = new FeatureDataSetIterator(normal.pixels(), oneHot(normal.labels()), 100,
                seed.value());
        for (int e = 0; e < classifierEpochs; e++) {
            classifier.fit(labelled);
        }
        err.printf(Locale.ROOT, "anomaly: classifier trained on %,d images of the other digits in %.1f s%n",
                normal.size(), (System.nanoTime() - t0) / 1e9);

        // the features the frozen part computes: output of layer 1
        INDArray trainFeatures = classifier.feedForwardToLayer(featureLayer, normal.pixels(), false)
                .get(featureLayer + 1);
        int width = (int) trainFeatures.columns();
        double[] mean = trainFeatures.mean(0).toDoubleVector();
        double[] std = trainFeatures.std(0).toDoubleVector();
        for (int i = 0; i < std.length; i++) {
            std[i] = Math.max(std[i], 1e-6);
        }
        TransferLearning.Builder tl = new TransferLearning.Builder(classifier)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new FusedAdam(1e-3)).seed(seed.value()).build())
                .setFeatureExtractor(featureLayer)
                .removeLayersFromOutput(2 - featureLayer)
                .addLayer(new StandardizationLayer.Builder().statistics(mean, std).build());
        for (int k = 0; k < flowLayers; k++) {
            tl.addLayer(new InvertibleDenseLayer.Builder().units(width)
                    .activation(k == flowLayers - 1 ? Activation.IDENTITY.getActivationFunction()
                            : new org.relgrad.activations.ActivationSmoothLeakyReLU(0.3)).build());
        }
        // class-conditional base density: per digit a learned location and scale of the latents
        FlowNetwork head = FlowNetwork.from(tl.addLayer(new ConditionalDensityOutputLayer.Builder().nIn(width).segments(10)
                .density(new ConditionalGaussian()).build()).build());
        long t1 = System.nanoTime();
        FeatureDataSetIterator withDigits = new FeatureDataSetIterator(normal.pixels(), oneHot(normal.labels()), 100,
                seed.value());
        FlowTrainer.builder().network(head).trainData(withDigits).epochs(flowEpochs).build().fit();
        Flow flow = Flow.ofHead(head);
        err.printf(Locale.ROOT, "anomaly: flow head (%d layers on %d features) trained in %.1f s%n", flowLayers,
                width, (System.nanoTime() - t1) / 1e9);

        INDArray logp = marginalLogProb(flow, test.pixels(), normal.labels());
        INDArray maxSoftmax = classifier.output(test.pixels()).max(1);
        double[] densityScore = logp.neg().toDoubleVector();
        double[] softmaxScore = maxSoftmax.neg().castTo(DataType.DOUBLE).toDoubleVector();
        double flowAuroc = auroc(densityScore, test.labels());
        double baseline = auroc(softmaxScore, test.labels());
        int anomalies = (int) java.util.Arrays.stream(test.labels()).filter(l -> l == holdout).count();
        out.printf(Locale.ROOT, "held-out digit %d: %d anomalies among %d test images%n", holdout, anomalies,
                test.size());
        out.printf(Locale.ROOT, "AUROC, flow head -log p(features):      %.4f%n", flowAuroc);
        out.printf(Locale.ROOT, "AUROC, classifier max-softmax baseline: %.4f%n", baseline);
        out.flush();
        return 0;
    }

    /** log p(f(x)) = log Σ_y π_y p(f(x) | y) over the digits seen in training, π their training frequencies. */
    private INDArray marginalLogProb(Flow flow, INDArray x, int[] trainLabels) {
        double[] prior = new double[10];
        for (int l : trainLabels) {
            prior[l] += 1.0 / trainLabels.length;
        }
        INDArray result = null;
        for (int digit = 0; digit < 10; digit++) {
            if (prior[digit] == 0) {
                continue;
            }
            INDArray u = Nd4j.valueArrayOf(new long[] {x.rows(), 1}, (double) digit, DataType.FLOAT);
            INDArray term = flow.logProb(x, u).addi(Math.log(prior[digit]));
            result = result == null ? term : logAddExp(result, term);
        }
        return result;
    }

    private static INDArray logAddExp(INDArray a, INDArray b) {
        INDArray max = Transforms.max(a, b);
        return max.add(Transforms.log(Transforms.exp(a.sub(max)).addi(Transforms.exp(b.sub(max)))));
    }

    private double auroc(double[] scores, int[] labels) {
        int n = (int) java.util.Arrays.stream(labels).filter(l -> l == holdout).count();
        double[] anomalous = new double[n];
        double[] normalScores = new double[labels.length - n];
        for (int i = 0, a = 0, b = 0; i < labels.length; i++) {
            if (labels[i] == holdout) {
                anomalous[a++] = scores[i];
            } else {
                normalScores[b++] = scores[i];
            }
        }
        return Auroc.of(anomalous, normalScores);
    }

    private static INDArray oneHot(int[] labels) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, 10);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    private MultiLayerNetwork classifier(int inputs) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed.value())
                .dataType(DataType.FLOAT).updater(new FusedAdam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(features).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(features).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }
}
