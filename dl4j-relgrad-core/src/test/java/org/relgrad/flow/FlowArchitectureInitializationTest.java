package org.relgrad.flow;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.flow.FlowArchitecture.Initialization;
import org.relgrad.flow.FlowArchitecture.Nonlinearity;
import org.relgrad.nn.conf.layers.GradientMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starting density of a one-layer flow (standardisation, one linear dense layer, standard normal) in closed form:
 * with identity weights it is the product of the per-column normals N(mean_i, scale_i²); with orthogonal weights the
 * rotation keeps the norm of the standardised point, so the log-density is the same.
 */
class FlowArchitectureInitializationTest {
    private static final int D = 5;
    private static final double[] MEAN = {0.5, -1, 2, 0, 3};
    private static final double[] SCALE = {1, 2, 0.5, 3, 1.5};

    private static double closedForm(double[] x) {
        double lp = 0;
        for (int i = 0; i < D; i++) {
            double z = (x[i] - MEAN[i]) / SCALE[i];
            lp += -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - Math.log(SCALE[i]);
        }
        return lp;
    }

    private static FlowNetwork initialFlow(Initialization init) {
        MultiLayerConfiguration conf = new FlowArchitecture(1, Nonlinearity.SMOOTH_LEAKY_RELU, 0.3,
                GradientMode.RELATIVE, 8, 5, init).configuration(D, MEAN, SCALE, new Adam(1e-3), DataType.DOUBLE, 7);
        FlowNetwork net = new FlowNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void bothInitialisationsStartAtTheStandardisedGaussian() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 20, D).muli(8).subi(4);
        for (Initialization init : Initialization.values()) {
            INDArray lp = initialFlow(init).asFlow().logProb(x);
            for (int r = 0; r < 20; r++) {
                assertEquals(closedForm(x.getRow(r).toDoubleVector()), lp.getDouble(r), 1e-9, init + " row " + r);
            }
        }
    }

    @Test
    void identityKeepsEachCoordinateApartAndOrthogonalMixesThem() {
        INDArray w = initialFlow(Initialization.IDENTITY).getParam("1_W");
        assertEquals(Nd4j.eye(D).castTo(DataType.DOUBLE), w);
        INDArray q = initialFlow(Initialization.ORTHOGONAL).getParam("1_W");
        assertEquals(0, Nd4j.eye(D).castTo(DataType.DOUBLE).distance2(q.transpose().mmul(q)), 1e-9);
        double diagonal = 0;
        for (int i = 0; i < D; i++) {
            diagonal += q.getDouble(i, i) * q.getDouble(i, i);
        }
        assertTrue(D - diagonal > 0.5, "a random rotation moves mass off the diagonal: " + (D - diagonal));
    }

    @Test
    void namesAreTheCommandLineSpellings() {
        assertEquals(Initialization.IDENTITY, Initialization.fromName("identity"));
        assertEquals(Initialization.ORTHOGONAL, Initialization.fromName("orthogonal"));
        assertThrows(IllegalArgumentException.class, () -> Initialization.fromName("xavier"));
    }
}
