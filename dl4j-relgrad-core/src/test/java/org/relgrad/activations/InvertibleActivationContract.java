package org.relgrad.activations;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract every {@link InvertibleActivation} must satisfy, checked against closed forms written in plain Java
 * doubles by the subclasses (never against the code under test), finite differences and round trips.
 */
abstract class InvertibleActivationContract {

    /**
     * One activation under test with its independent closed forms.
     *
     * @param lowSlope   σ'(y) for y → −∞ (σ'(y) → 1 for y → +∞ for every activation here)
     * @param kinkAtZero σ is not differentiable at 0, so finite differences must stay away from it
     */
    protected record Case(String name, InvertibleActivation act, DoubleUnaryOperator value,
            DoubleUnaryOperator derivative, double lowSlope, boolean kinkAtZero) {
        @Override
        public String toString() {
            return name;
        }
    }

    protected abstract List<Case> cases();

    /** Extreme and moderate points for double precision, including ±1e6. */
    static final double[] EXTREMES_DOUBLE = {-1e6, -1e5, -1e4, -1e3, -750, -710, -100, -40, -37, -20, -5, -1, -0.1,
            -1e-5, -1e-12, 0.0, 1e-12, 1e-5, 0.1, 1, 5, 20, 37, 40, 100, 710, 750, 1e3, 1e4, 1e5, 1e6};

    /** Extreme and moderate points for float precision, including ±1e4. */
    static final double[] EXTREMES_FLOAT = {-1e4, -5e3, -1e3, -200, -100, -88, -40, -30, -17, -5, -1, -0.25, -1e-3,
            0.0, 1e-3, 0.25, 1, 5, 17, 30, 40, 88, 100, 200, 1e3, 5e3, 1e4};

    /** Dense moderate grid plus random points, avoiding |y| < 1e-3 (the kink of the leaky ReLU). */
    static double[] smoothGrid() {
        List<Double> pts = new ArrayList<>();
        for (double y = -60; y <= 60; y += 0.173) {
            if (Math.abs(y) > 1e-3) {
                pts.add(y);
            }
        }
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            double y = (r.nextBoolean() ? 1 : -1) * Math.pow(10, -2 + 5 * r.nextDouble());
            pts.add(y);
        }
        return pts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static INDArray dvec(double[] v) {
        return Nd4j.createFromArray(v.clone());
    }

    static INDArray fvec(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Nd4j.createFromArray(f);
    }

    static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
    }

    static void assertClose(String what, double[] ys, double[] expected, double[] actual, double tol,
            boolean scaleByInput) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double scale = scaleByInput ? Math.max(1.0, Math.abs(ys[i])) : Math.max(1.0, Math.abs(expected[i]));
            double err = Math.abs(expected[i] - actual[i]);
            if (!(err <= tol * scale)) {
                fail(what + " at y=" + ys[i] + ": expected " + expected[i] + " but was " + actual[i]
                        + " (error " + err + ", tolerance " + tol * scale + ")");
            }
        }
    }

    static double[] map(double[] ys, DoubleUnaryOperator f) {
        return Arrays.stream(ys).map(f).toArray();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // value

    @Test
    void valueMatchesClosedFormInDouble() {
        double[] ys = concat(smoothGrid(), EXTREMES_DOUBLE);
        for (Case c : cases()) {
            INDArray out = c.act().applyInPlace(dvec(ys));
            assertEquals(DataType.DOUBLE, out.dataType(), c + ": data type");
            assertClose(c + " value (double)", ys, map(ys, c.value()), values(out), 1e-13, true);
        }
    }

    @Test
    void valueMatchesClosedFormInFloat() {
        double[] ys = values(fvec(concat(smoothGrid(), EXTREMES_FLOAT))); // float-representable inputs
        for (Case c : cases()) {
            INDArray out = c.act().applyInPlace(fvec(ys));
            assertEquals(DataType.FLOAT, out.dataType(), c + ": data type");
            assertClose(c + " value (float)", ys, map(ys, c.value()), values(out), 1e-6, true);
        }
    }

    @Test
    void applyInPlaceOverwritesAndReturnsItsArgument() {
        double[] ys = {-3, -0.5, 0, 0.5, 3};
        for (Case c : cases()) {
            INDArray y = dvec(ys);
            INDArray out = c.act().applyInPlace(y);
            assertSame(y, out, c + ": applyInPlace must return its argument");
            assertClose(c + " argument after applyInPlace", ys, map(ys, c.value()), values(y), 1e-14, true);
        }
    }

    @Test
    void valueKeepsShapeOfMatrixInput() {
        Random r = new Random(3);
        double[] v = new double[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = 6 * r.nextGaussian();
        }
        for (Case c : cases()) {
            INDArray y = Nd4j.create(v.clone(), new long[] {3, 4}, 'c');
            INDArray out = c.act().applyInPlace(y);
            assertArrayEquals(new long[] {3, 4}, out.shape());
            assertClose(c + " value [3,4]", v, map(v, c.value()), values(out), 1e-13, true);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // derivative

    @Test
    void derivativeMatchesClosedForm() {
        double[] ys = concat(smoothGrid(), EXTREMES_DOUBLE);
        for (Case c : cases()) {
            INDArray d = c.act().derivative(dvec(ys));
            assertEquals(DataType.DOUBLE, d.dataType());
            assertClose(c + " derivative", ys, map(ys, c.derivative()), values(d), 1e-14, false);
        }
    }

    @Test
    void derivativeMatchesCentralFiniteDifferencesOfValue() {
        double[] ys = smoothGrid();
        double[] yp = new double[ys.length];
        double[] ym = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            double h = 1e-6 * Math.max(1.0, Math.abs(ys[i]));
            yp[i] = ys[i] + h;
            ym[i] = ys[i] - h;
        }
        for (Case c : cases()) {
            double[] fp = values(c.act().applyInPlace(dvec(yp)));
            double[] fm = values(c.act().applyInPlace(dvec(ym)));
            double[] fd = new double[ys.length];
            for (int i = 0; i < ys.length; i++) {
                fd[i] = (fp[i] - fm[i]) / (yp[i] - ym[i]);
            }
            double[] d = values(c.act().derivative(dvec(ys)));
            assertClose(c + " derivative vs finite differences", ys, fd, d, 1e-7, false);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // log-derivative and its gradient

    @Test
    void logDerivativeIsLogOfClosedFormDerivativeInDouble() {
        double[] ys = concat(smoothGrid(), EXTREMES_DOUBLE);
        for (Case c : cases()) {
            double[] expected = map(ys, y -> Math.log(c.derivative().applyAsDouble(y)));
            INDArray ld = c.act().logDerivative(dvec(ys));
            assertEquals(DataType.DOUBLE, ld.dataType());
            assertClose(c + " logDerivative (double)", ys, expected, values(ld), 1e-13, false);
        }
    }

    @Test
    void logDerivativeIsLogOfClosedFormDerivativeInFloat() {
        double[] ys = values(fvec(concat(smoothGrid(), EXTREMES_FLOAT)));
        for (Case c : cases()) {
            double[] expected = map(ys, y -> Math.log(c.derivative().applyAsDouble(y)));
            INDArray ld = c.act().logDerivative(fvec(ys));
            assertEquals(DataType.FLOAT, ld.dataType());
            assertClose(c + " logDerivative (float)", ys, expected, values(ld), 1e-6, false);
        }
    }

    @Test
    void logDerivativeIsFiniteAndSaturatesAtExtremesInFloat() {
        double[] ys = EXTREMES_FLOAT;
        for (Case c : cases()) {
            double[] ld = values(c.act().logDerivative(fvec(ys)));
            double[] d = values(c.act().derivative(fvec(ys)));
            double[] g = values(c.act().logDerivativeGrad(fvec(ys)));
            double[] v = values(c.act().applyInPlace(fvec(ys)));
            for (int i = 0; i < ys.length; i++) {
                String at = c + " at y=" + ys[i] + ": ";
                assertTrue(Double.isFinite(ld[i]), at + "logDerivative not finite: " + ld[i]);
                assertTrue(Double.isFinite(d[i]) && d[i] > 0, at + "derivative not finite and positive: " + d[i]);
                assertTrue(Double.isFinite(g[i]), at + "logDerivativeGrad not finite: " + g[i]);
                assertTrue(Double.isFinite(v[i]), at + "value not finite: " + v[i]);
                if (ys[i] <= -30) {
                    assertEquals(Math.log(c.lowSlope()), ld[i], 1e-6, at + "logDerivative should be log(alpha)");
                    assertEquals(0.0, g[i], 1e-6, at + "logDerivativeGrad should vanish");
                }
                if (ys[i] >= 30) {
                    assertEquals(0.0, ld[i], 1e-6, at + "logDerivative should be 0");
                    assertEquals(0.0, g[i], 1e-6, at + "logDerivativeGrad should vanish");
                }
            }
        }
    }

    @Test
    void logDerivativeSaturatesAtExtremesInDouble() {
        double[] ys = {-1e6, -1e4, -800, -100, 100, 800, 1e4, 1e6};
        for (Case c : cases()) {
            double[] ld = values(c.act().logDerivative(dvec(ys)));
            for (int i = 0; i < ys.length; i++) {
                double expected = ys[i] < 0 ? Math.log(c.lowSlope()) : 0.0;
                assertEquals(expected, ld[i], 1e-12, c + " logDerivative at y=" + ys[i]);
            }
        }
    }

    @Test
    void logDerivativeGradMatchesFiniteDifferencesOfLogDerivative() {
        double[] ys = smoothGrid();
        double[] yp = new double[ys.length];
        double[] ym = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            double h = 1e-6 * Math.max(1.0, Math.abs(ys[i]));
            yp[i] = ys[i] + h;
            ym[i] = ys[i] - h;
        }
        for (Case c : cases()) {
            double[] fp = values(c.act().logDerivative(dvec(yp)));
            double[] fm = values(c.act().logDerivative(dvec(ym)));
            double[] fd = new double[ys.length];
            for (int i = 0; i < ys.length; i++) {
                fd[i] = (fp[i] - fm[i]) / (yp[i] - ym[i]);
            }
            INDArray g = c.act().logDerivativeGrad(dvec(ys));
            assertEquals(DataType.DOUBLE, g.dataType());
            assertClose(c + " logDerivativeGrad vs finite differences", ys, fd, values(g), 1e-7, false);
        }
    }

    @Test
    void deltaIsEpsilonTimesDerivativeMinusGradientOfLogDerivative() {
        double[] ys = concat(smoothGrid(), EXTREMES_DOUBLE);
        Random r = new Random(3);
        double[] eps = new double[ys.length];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = r.nextGaussian();
        }
        double h = 1e-6;
        for (Case c : cases()) {
            double[] expected = new double[ys.length];
            for (int i = 0; i < ys.length; i++) {
                double y = ys[i];
                // d/dy log σ'(y) by central differences of the test's own closed-form derivative
                double step = h * Math.max(1.0, Math.abs(y));
                double dlog = c.kinkAtZero() && Math.abs(y) < 2 * step ? 0.0
                        : (Math.log(c.derivative().applyAsDouble(y + step))
                        - Math.log(c.derivative().applyAsDouble(y - step))) / (2 * step);
                expected[i] = eps[i] * c.derivative().applyAsDouble(y) - dlog;
            }
            INDArray y = dvec(ys);
            INDArray e = dvec(eps);
            INDArray delta = c.act().delta(y, e);
            assertClose(c + " delta", ys, expected, values(delta), 1e-7, false);
            assertClose(c + " delta leaves y", ys, ys, values(y), 0.0, false);
            assertClose(c + " delta leaves epsilon", ys, eps, values(e), 0.0, false);
            INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, ys.length);
            assertClose(c + " apply(y, out)", ys, map(ys, c.value()), values(c.act().apply(y, out)), 1e-12, true);
            assertClose(c + " apply leaves y", ys, ys, values(y), 0.0, false);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // inverse

    @Test
    void inverseUndoesApplyInDouble() {
        double[] ys = concat(smoothGrid(), EXTREMES_DOUBLE);
        for (Case c : cases()) {
            INDArray z = c.act().applyInPlace(dvec(ys));
            INDArray x = c.act().inverse(z);
            assertEquals(DataType.DOUBLE, x.dataType());
            assertClose(c + " inverse(apply(y)) (double)", ys, ys, values(x), 1e-12, true);
        }
    }

    @Test
    void inverseUndoesApplyInFloat() {
        double[] ys = values(fvec(concat(smoothGrid(), EXTREMES_FLOAT)));
        for (Case c : cases()) {
            INDArray z = c.act().applyInPlace(fvec(ys));
            INDArray x = c.act().inverse(z);
            assertEquals(DataType.FLOAT, x.dataType());
            assertClose(c + " inverse(apply(y)) (float)", ys, ys, values(x), 1e-5, true);
        }
    }

    @Test
    void inverseOfClosedFormValueRecoversInput() {
        // independent of applyInPlace: z is computed by the test's own closed form
        double[] ys = concat(smoothGrid(), EXTREMES_DOUBLE);
        for (Case c : cases()) {
            double[] zs = map(ys, c.value());
            INDArray x = c.act().inverse(dvec(zs));
            assertClose(c + " inverse(closed-form value)", ys, ys, values(x), 1e-12, true);
            double[] back = map(values(x), c.value());
            assertClose(c + " closed-form value(inverse(z))", ys, zs, back, 1e-13, true);
        }
    }

    @Test
    void inverseHandlesNonContiguousViewsAndKeepsShape() {
        Random r = new Random(11);
        double[] v = new double[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = 5 * r.nextGaussian();
        }
        for (Case c : cases()) {
            INDArray base = Nd4j.create(v.clone(), new long[] {3, 4}, 'c');
            INDArray zView = base.transpose(); // [4, 3], 'f' strides, shares data
            INDArray x = c.act().inverse(zView);
            assertArrayEquals(new long[] {4, 3}, x.shape(), c + ": shape");
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    double z = v[j * 4 + i];
                    double xi = x.getDouble(i, j);
                    assertEquals(z, c.value().applyAsDouble(xi), 1e-12 * Math.max(1, Math.abs(z)),
                            c + ": value(inverse(view))[" + i + "," + j + "]");
                }
            }
            assertArrayEquals(v, values(base), 0.0, c + ": inverse modified its argument");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // purity

    @Test
    void methodsOtherThanApplyInPlaceLeaveTheirArgumentUntouched() {
        double[] ys = {-50, -2, -0.5, 0.5, 2, 50};
        for (Case c : cases()) {
            for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                INDArray y = t == DataType.DOUBLE ? dvec(ys) : fvec(ys);
                INDArray copy = y.dup();
                INDArray d = c.act().derivative(y);
                INDArray ld = c.act().logDerivative(y);
                INDArray g = c.act().logDerivativeGrad(y);
                INDArray x = c.act().inverse(y);
                assertEquals(copy, y, c + " (" + t + "): argument modified");
                for (INDArray out : new INDArray[] {d, ld, g, x}) {
                    assertEquals(t, out.dataType(), c + ": output data type");
                    assertArrayEquals(y.shape(), out.shape(), c + ": output shape");
                }
            }
        }
    }
}
