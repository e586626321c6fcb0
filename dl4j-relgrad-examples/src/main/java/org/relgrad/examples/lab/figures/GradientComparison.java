package org.relgrad.examples.lab.figures;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.relgrad.flow.FlowArchitecture;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.train.FlowTrainer;
import org.relgrad.train.FlowTrainingListener;
import org.relgrad.nn.conf.layers.GradientMode;

import java.util.List;
import java.util.Random;

/**
 * The paper's Figure 1 (right): full-batch gradient descent on the exact NLL of a 2-D flow from several random
 * initialisations, each shared by every method, so the curves differ only by the descent direction.
 */
public final class GradientComparison {
    private final INDArray data;
    private final int layers;
    private final double alpha;
    private final double learningRate;

    /** @param data [N, 2] training points (double) */
    public GradientComparison(INDArray data, int layers, double alpha, double learningRate) {
        this.data = data.castTo(DataType.DOUBLE);
        this.layers = layers;
        this.alpha = alpha;
        this.learningRate = learningRate;
    }

    /**
     * NLL curves [method][initialisation][iteration 0..iterations] (exact, nats per example); iteration 0 is the
     * shared starting point. A run whose loss becomes non-finite keeps NaN from there on.
     */
    public double[][][] run(List<GradientMode> methods, int initialisations, int iterations, long seed) {
        double[][][] curves = new double[methods.size()][initialisations][iterations + 1];
        DataSet batch = new DataSet(data, null);
        Random r = new Random(seed);
        for (int init = 0; init < initialisations; init++) {
            double[] start = randomParameters(r);
            for (int m = 0; m < methods.size(); m++) {
                FlowNetwork net = new FlowNetwork(new FlowArchitecture(layers, true, alpha, methods.get(m))
                        .configuration((int) data.columns(), null, null, new Sgd(learningRate), DataType.DOUBLE,
                                seed));
                net.init();
                net.setParams(net.params().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(start)
                        .reshape(net.params().shape())));
                double[] curve = curves[m][init];
                java.util.Arrays.fill(curve, Double.NaN);
                curve[0] = net.score(batch);
                if (!Double.isFinite(curve[0])) {
                    continue;
                }
                // full-batch descent: each "epoch" is one step on all the data, validated exactly on the same data
                try {
                    FlowTrainer.builder().network(net).epochs(iterations).patience(iterations)
                            .trainData(epoch -> new FeatureDataSetIterator(data, (int) data.rows()))
                            .validation(new FeatureDataSetIterator(data, (int) data.rows()))
                            .listener(new FlowTrainingListener() {
                                @Override
                                public void epochEnded(int epoch, double validLogLik, boolean improvedAndSaved) {
                                    curve[epoch] = -validLogLik;
                                }
                            }).build().fit();
                } catch (RuntimeException e) {
                    // a step that makes W singular, or diverges, ends this run: the curve stops, the figure shows it
                }
            }
        }
        return curves;
    }

    /** Every W with i.i.d. N(0, 1) entries (generally far from orthogonal, where the two directions differ), b = 0. */
    private double[] randomParameters(Random r) {
        int d = (int) data.columns();
        double[] p = new double[layers * (d * d + d)];
        int k = 0;
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < d * d; i++) {
                p[k++] = r.nextGaussian();
            }
            k += d;
        }
        return p;
    }
}
