package org.relgrad.activations;

import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationSmoothLeakyReLUTest {

    private static double[] randomInputs(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 8 * r.nextGaussian();
        }
        v[0] = -1e4;
        v[1] = 1e4;
        v[2] = 0;
        return v;
    }

    @Test
    void defaultAlphaIsOnePercent() {
        assertEquals(0.01, new ActivationSmoothLeakyReLU().getAlpha(), 0.0);
        assertEquals(new ActivationSmoothLeakyReLU(0.01), new ActivationSmoothLeakyReLU());
    }

    @Test
    void getActivationMatchesClosedForm() {
        double[] v = randomInputs(24, 1);
        for (double a : new double[] {0.01, 0.3}) {
            ActivationSmoothLeakyReLU act = new ActivationSmoothLeakyReLU(a);
            INDArray in = Nd4j.create(v.clone(), new long[] {4, 6}, 'c');
            INDArray out = act.getActivation(in, true);
            assertArrayEquals(new long[] {4, 6}, out.shape());
            double[] o = InvertibleActivationContract.values(out);
            for (int i = 0; i < v.length; i++) {
                assertEquals(SmoothLeakyReLUTest.value(a, v[i]), o[i], 1e-12 * Math.max(1, Math.abs(v[i])),
                        "alpha=" + a + ", y=" + v[i]);
            }
        }
    }

    @Test
    void getActivationMatchesClosedFormInFloat() {
        double[] v = randomInputs(24, 2);
        ActivationSmoothLeakyReLU act = new ActivationSmoothLeakyReLU(0.1);
        INDArray in = Nd4j.create(v.clone(), new long[] {4, 6}, 'c').castTo(DataType.FLOAT);
        double[] vf = InvertibleActivationContract.values(in);
        INDArray out = act.getActivation(in, false);
        assertEquals(DataType.FLOAT, out.dataType());
        double[] o = InvertibleActivationContract.values(out);
        for (int i = 0; i < v.length; i++) {
            assertEquals(SmoothLeakyReLUTest.value(0.1, vf[i]), o[i], 1e-6 * Math.max(1, Math.abs(vf[i])));
        }
    }

    @Test
    void backpropReturnsEpsilonTimesDerivative() {
        double[] v = randomInputs(24, 3);
        double[] e = randomInputs(24, 4);
        for (double a : new double[] {0.01, 0.3}) {
            ActivationSmoothLeakyReLU act = new ActivationSmoothLeakyReLU(a);
            INDArray in = Nd4j.create(v.clone(), new long[] {4, 6}, 'c');
            INDArray eps = Nd4j.create(e.clone(), new long[] {4, 6}, 'c');
            Pair<INDArray, INDArray> p = act.backprop(in, eps);
            assertNull(p.getSecond(), "no parameters, so no parameter gradient");
            assertArrayEquals(new long[] {4, 6}, p.getFirst().shape());
            double[] g = InvertibleActivationContract.values(p.getFirst());
            for (int i = 0; i < v.length; i++) {
                assertEquals(e[i] * SmoothLeakyReLUTest.derivative(a, v[i]), g[i],
                        1e-12 * Math.max(1, Math.abs(e[i])), "alpha=" + a + ", y=" + v[i]);
            }
            assertArrayEquals(e, InvertibleActivationContract.values(eps), 0.0, "epsilon must not be modified");
        }
    }

    @Test
    void backpropMatchesFiniteDifferencesOfLoss() {
        // L(y) = sum(eps * σ(y)): dL/dy_i = eps_i σ'(y_i), checked against the activation's own forward pass
        double[] v = randomInputs(10, 5);
        v[0] = -3;
        v[1] = 3;
        double[] e = randomInputs(10, 6);
        ActivationSmoothLeakyReLU act = new ActivationSmoothLeakyReLU(0.2);
        double[] g = InvertibleActivationContract.values(act.backprop(
                Nd4j.createFromArray(v.clone()), Nd4j.createFromArray(e.clone())).getFirst());
        for (int i = 0; i < v.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(v[i]));
            double[] vp = v.clone();
            double[] vm = v.clone();
            vp[i] += h;
            vm[i] -= h;
            double lp = act.getActivation(Nd4j.createFromArray(vp), false).mul(Nd4j.createFromArray(e)).sumNumber()
                    .doubleValue();
            double lm = act.getActivation(Nd4j.createFromArray(vm), false).mul(Nd4j.createFromArray(e)).sumNumber()
                    .doubleValue();
            assertEquals((lp - lm) / (vp[i] - vm[i]), g[i], 1e-6 * Math.max(1, Math.abs(e[i])), "i=" + i);
        }
    }

    @Test
    void backpropRejectsMismatchedShapes() {
        ActivationSmoothLeakyReLU act = new ActivationSmoothLeakyReLU(0.2);
        assertThrows(RuntimeException.class,
                () -> act.backprop(Nd4j.zeros(DataType.DOUBLE, 2, 3), Nd4j.zeros(DataType.DOUBLE, 3, 2)));
    }

    @Test
    void mathRejectsAlphaOutsideOpenUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new ActivationSmoothLeakyReLU(0.0).math());
        assertThrows(IllegalArgumentException.class, () -> new ActivationSmoothLeakyReLU(1.0).math());
        assertThrows(IllegalArgumentException.class,
                () -> new ActivationSmoothLeakyReLU(1.5).getActivation(Nd4j.ones(DataType.DOUBLE, 2), false));
    }

    @Test
    void jsonRoundTripPreservesAlphaAndEquality() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (double a : new double[] {0.01, 0.123456789, 0.75}) {
            ActivationSmoothLeakyReLU act = new ActivationSmoothLeakyReLU(a);
            String json = mapper.writeValueAsString(act);
            assertTrue(json.contains("ActivationSmoothLeakyReLU"), "type information missing from " + json);
            IActivation back = mapper.readValue(json, IActivation.class);
            assertInstanceOf(ActivationSmoothLeakyReLU.class, back, json);
            assertEquals(a, ((ActivationSmoothLeakyReLU) back).getAlpha(), 0.0, json);
            assertEquals(act, back);
            assertEquals(act.hashCode(), back.hashCode());
            // and it still computes the same function
            INDArray y = Nd4j.createFromArray(-2.0, 0.0, 3.0);
            assertEquals(act.getActivation(y.dup(), false), back.getActivation(y.dup(), false));
        }
    }

    @Test
    void equalityDependsOnAlpha() {
        assertEquals(new ActivationSmoothLeakyReLU(0.2), new ActivationSmoothLeakyReLU(0.2));
        assertNotEquals(new ActivationSmoothLeakyReLU(0.2), new ActivationSmoothLeakyReLU(0.3));
        assertNotEquals(new ActivationSmoothLeakyReLU(0.2), new org.nd4j.linalg.activations.impl.ActivationLReLU(0.2));
    }
}
