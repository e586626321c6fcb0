package org.relgrad.examples;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.optimize.listeners.TrainingDivergedException;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.GradientMode;

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
        DataSet all = new DataSet(train, null);
        long t0 = System.nanoTime();
        FeatureDataSetIterator batches = new FeatureDataSetIterator(train, batch, seed);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            net.fit(batches);
            double nll = net.score(all);
            if (log != null) {
                log.printf(Locale.ROOT, "epoch %3d/%d  train NLL %.4f nats/example  %6.1f s%n", epoch, epochs, nll,
                        (System.nanoTime() - t0) / 1e9);
                log.flush();
            }
            if (!Double.isFinite(nll)) {
                throw new TrainingDivergedException("training diverged in epoch " + epoch + " (non-finite NLL); try "
                        + "a smaller --lr");
            }
        }
        return net;
    }
}
