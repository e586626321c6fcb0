package org.relgrad.testutil;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/** Puts networks into generic states: random well-conditioned weights and non-zero biases. */
public final class Params {
    private Params() {
    }

    /** W = I + scale·U(-1,1) (well conditioned for small scale), b = U(-1,1)·biasScale, for every "W"/"b" param. */
    public static void randomize(Layer[] layers, double scale, double biasScale, long seed) {
        Random r = new Random(seed);
        for (Layer l : layers) {
            INDArray w = l.paramTable().get("W");
            INDArray b = l.paramTable().get("b");
            if (w == null) {
                continue;
            }
            long d = w.rows();
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    w.putScalar(i, j, (i == j ? 1.0 : 0.0) + scale * (2 * r.nextDouble() - 1));
                }
            }
            for (int j = 0; j < b.length(); j++) {
                b.putScalar(j, biasScale * (2 * r.nextDouble() - 1));
            }
        }
    }

    public static INDArray snapshot(Model m) {
        return m.params().dup();
    }
}
