package org.relgrad.examples;

import org.relgrad.flow.FlowArchitecture;
import org.relgrad.learning.config.DecayingAdam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.train.FlowTrainer;
import org.relgrad.train.FlowTrainingListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How the demo and the figures fit a 2-D flow: smooth-leaky-ReLU layers, double precision, Adam with the learning
 * rate decaying exponentially per iteration from {@code lr} to {@code lrDecay·lr}, shuffled mini-batches.
 */
public record ToyFlowTraining(int layers, double alpha, GradientMode mode, int epochs, int batch, double lr,
        double lrDecay) {

    /** Trains on {@code train} [N, 2]; progress (exact train NLL per epoch) to {@code log} when not null. */
    public FlowNetwork train(INDArray train, long seed, PrintWriter log) {
        long iterations = (long) epochs * ((train.rows() + batch - 1) / batch);
        FlowNetwork net = new FlowNetwork(new FlowArchitecture(layers, true, alpha, mode).configuration(
                (int) train.columns(), null, null, DecayingAdam.of(lr, lrDecay, iterations), DataType.DOUBLE, seed));
        net.init();
        long t0 = System.nanoTime();
        FlowTrainer.Builder trainer = FlowTrainer.builder().network(net).epochs(epochs)
                .trainData(new FeatureDataSetIterator(train, batch, seed));
        if (log != null) {
            // the training data themselves as "validation": the exact train NLL per epoch, no early stopping
            trainer.validation(new FeatureDataSetIterator(train, 10_000)).patience(epochs)
                    .listener(new FlowTrainingListener() {
                        @Override
                        public void epochEnded(int epoch, double validLogLik, boolean improvedAndSaved) {
                            log.printf(Locale.ROOT, "epoch %3d/%d  train NLL %.4f nats/example  %6.1f s%n", epoch,
                                    epochs, -validLogLik, (System.nanoTime() - t0) / 1e9);
                            log.flush();
                        }
                    });
        }
        trainer.build().fit();
        return net;
    }
}
