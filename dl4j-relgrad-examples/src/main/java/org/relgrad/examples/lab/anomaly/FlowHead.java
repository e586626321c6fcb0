package org.relgrad.examples.lab.anomaly;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.data.MnistDigits;
import org.relgrad.density.ConditionalGaussian;
import org.relgrad.examples.lab.baseline.ClassMixture;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.learning.config.FusedAdam;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.conf.layers.StandardizationLayer;
import org.relgrad.train.FlowTrainer;

/**
 * A flow head on a classifier's frozen layers 0..lastFrozen, attached with DL4J's TransferLearning API and trained by
 * exact maximum likelihood on images, early-stopped on held-out normal images; the best epoch's parameters are kept.
 * With {@code conditional}, the base density has a learned location and scale per digit, and log p(features) is the
 * mixture over the digits seen in training, weighted by their frequencies.
 */
final class FlowHead {
    private static final int CLASSES = 10;
    private final int lastFrozen;
    private final int flowLayers;
    private final boolean conditional;
    private final double lr;
    private final long seed;
    private double[] logPrior;
    private int epochs;
    private int bestEpoch;

    FlowHead(int lastFrozen, int flowLayers, boolean conditional, double lr, long seed) {
        this.lastFrozen = lastFrozen;
        this.flowLayers = flowLayers;
        this.conditional = conditional;
        this.lr = lr;
        this.seed = seed;
    }

    /** Trains on {@code fit} (whose features are {@code fitFeatures}), early-stopped on {@code valid}. */
    Flow train(MultiLayerNetwork classifier, INDArray fitFeatures, MnistDigits fit, MnistDigits valid, int maxEpochs,
            int patience) {
        int width = (int) fitFeatures.columns();
        double[] mean = fitFeatures.mean(0).toDoubleVector();
        double[] std = fitFeatures.std(0).toDoubleVector();
        for (int i = 0; i < std.length; i++) {
            std[i] = Math.max(std[i], 1e-6);
        }
        int layersAfter = classifier.getnLayers() - 1 - lastFrozen;
        TransferLearning.Builder tl = new TransferLearning.Builder(classifier)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new FusedAdam(lr)).seed(seed)
                        .build())
                .setFeatureExtractor(lastFrozen)
                .removeLayersFromOutput(layersAfter)
                .addLayer(new StandardizationLayer.Builder().statistics(mean, std).build());
        for (int k = 0; k < flowLayers; k++) {
            tl.addLayer(new InvertibleDenseLayer.Builder().units(width)
                    .activation(k == flowLayers - 1 ? Activation.IDENTITY.getActivationFunction()
                            : new ActivationSmoothLeakyReLU(0.3)).build());
        }
        tl.addLayer(conditional
                ? new ConditionalDensityOutputLayer.Builder().nIn(width).segments(CLASSES)
                        .density(new ConditionalGaussian()).build()
                : new DensityOutputLayer.Builder().build());
        FlowNetwork head = FlowNetwork.from(tl.build());
        logPrior = ClassMixture.logPriors(fit.labels(), CLASSES);

        INDArray[] best = {head.params().dup()};
        int[] bestAt = {0};
        FlowTrainer.Result result = FlowTrainer.builder().network(head)
                .trainData(iterator(fit, seed))
                .validation(iterator(valid, null))
                .epochs(maxEpochs).patience(patience)
                .validationCheck((validLogLik, before, file) -> {
                    if (before.bestEpoch() == 0 || validLogLik > before.bestValid()) {
                        best[0] = head.params().dup();
                        bestAt[0] = before.epoch() + 1;
                    }
                })
                .build().fit();
        epochs = result.state().epoch();
        bestEpoch = bestAt[0];
        head.setParams(best[0]);
        return Flow.ofHead(head);
    }

    /** Digits as labels for the conditional base; the unconditional head's batches carry none. */
    private FeatureDataSetIterator iterator(MnistDigits d, Long shuffleSeed) {
        INDArray labels = conditional ? AnomalyCommand.oneHot(d.labels()) : null;
        return new FeatureDataSetIterator(d.pixels(), labels, 100, shuffleSeed);
    }

    /** log p(features of {@code pixels}) per image, in double. */
    INDArray logProb(Flow flow, INDArray pixels) {
        if (!conditional) {
            return flow.logProb(pixels).castTo(DataType.DOUBLE);
        }
        double[][] perDigit = new double[CLASSES][];
        for (int digit = 0; digit < CLASSES; digit++) {
            if (logPrior[digit] != Double.NEGATIVE_INFINITY) {
                INDArray u = Nd4j.valueArrayOf(new long[] {pixels.rows(), 1}, (double) digit, pixels.dataType());
                perDigit[digit] = flow.logProb(pixels, u).castTo(DataType.DOUBLE).toDoubleVector();
            }
        }
        return Nd4j.createFromArray(ClassMixture.logProb(perDigit, logPrior));
    }

    int epochs() {
        return epochs;
    }

    int bestEpoch() {
        return bestEpoch;
    }
}
