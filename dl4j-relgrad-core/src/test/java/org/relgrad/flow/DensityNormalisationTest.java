package org.relgrad.flow;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DensityNormalisationTest {

    /**
     * ∫ p(x) dx over all of R² by the substitution x = s·tan(u), u ∈ (−π/2, π/2)², midpoint rule on an m × m grid.
     * Leaky-ReLU flows have wide tails (slope α stretches latents by 1/α per layer), so a finite box would miss mass;
     * a briefly trained deep flow on sharp data can put percents of its mass at distances of 1e3 and more.
     */
    static double totalMass(Flow flow, int m, double s) {
        double h = Math.PI / m;
        double[] grid = new double[m * m * 2];
        double[] jac = new double[m * m];
        for (int i = 0; i < m; i++) {
            double ui = -Math.PI / 2 + (i + 0.5) * h;
            for (int j = 0; j < m; j++) {
                double uj = -Math.PI / 2 + (j + 0.5) * h;
                int k = i * m + j;
                grid[2 * k] = s * Math.tan(ui);
                grid[2 * k + 1] = s * Math.tan(uj);
                jac[k] = s * s / (Math.cos(ui) * Math.cos(ui) * Math.cos(uj) * Math.cos(uj));
            }
        }
        INDArray p = Transforms.exp(flow.logProb(Nd4j.create(grid, new long[] {(long) m * m, 2}, 'c')), false);
        return p.muli(Nd4j.create(jac)).sumNumber().doubleValue() * h * h;
    }

    @Test
    void trainedTwoDimensionalDensityIntegratesToOne() {
        INDArray x = ToyData.moons(1000, 0.25, 1, DataType.DOUBLE);
        FlowNetwork net = new FlowNetwork(Nets.mln(2, 4, GradientMode.RELATIVE, new Adam(5e-3), DataType.DOUBLE, 1));
        net.init();
        Flow flow = net.asFlow();
        double before = flow.meanLogProb(new FeatureDataSetIterator(x, 500));
        for (int epoch = 0; epoch < 10; epoch++) {
            net.fit(new FeatureDataSetIterator(x, 100, (long) epoch));
        }
        double after = flow.meanLogProb(new FeatureDataSetIterator(x, 500));
        assertTrue(after > before + 0.3, "training should raise the likelihood: " + before + " -> " + after);
        assertEquals(1.0, totalMass(flow, 700, 1.5), 0.01);
    }
}
