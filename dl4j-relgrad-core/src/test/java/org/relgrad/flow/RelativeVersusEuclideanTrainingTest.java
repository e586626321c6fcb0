package org.relgrad.flow;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relative gradient changes the path, not the destination: with the same update rule (Adam) and budget it
 * reaches the test NLL of Euclidean training. The data are an un-centred, correlated Gaussian, so the optimum is
 * known in closed form and both runs can be held to it.
 */
class RelativeVersusEuclideanTrainingTest {
    private static final double[][] L = {{1.5, 0}, {1.2, 0.4}};
    private static final double[] MEAN = {3, -2};

    private static double train(GradientMode mode, INDArray train, INDArray test) {
        FlowNetwork net = new FlowNetwork(Nets.mln(2, 2, mode, new Adam(2e-2), DataType.DOUBLE, 7));
        net.init();
        for (int epoch = 0; epoch < 80; epoch++) {
            net.fit(new FeatureDataSetIterator(train, 100, (long) epoch));
        }
        return -net.asFlow().meanLogProb(new FeatureDataSetIterator(test, 2000));
    }

    @Test
    void relativeReachesTheEuclideanTestLikelihood() {
        INDArray train = ToyData.gaussian(1000, L, MEAN, 1);
        INDArray test = ToyData.gaussian(2000, L, MEAN, 2);
        // entropy of N(m, LLᵀ): log 2π + 1 + log|det L|
        double optimum = Math.log(2 * Math.PI) + 1 + Math.log(Math.abs(L[0][0] * L[1][1] - L[0][1] * L[1][0]));

        double relative = train(GradientMode.RELATIVE, train, test);
        double euclidean = train(GradientMode.EUCLIDEAN, train, test);
        double transposed = train(GradientMode.TRANSPOSED_RELATIVE, train, test);
        System.err.printf("test NLL: relative %.4f, transposed %.4f, Euclidean %.4f, optimum %.4f%n", relative,
                transposed, euclidean, optimum);
        assertTrue(relative < optimum + 0.1, "relative training should reach the optimum: " + relative);
        assertEquals(euclidean, relative, 0.05);
        assertEquals(euclidean, transposed, 0.05);
    }
}
