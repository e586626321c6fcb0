package org.relgrad.density;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Each conditional family on its own, against closed forms written here: log p(z | u) per example, its gradients
 * with respect to z and to the per-segment tables by finite differences of log p, and per-segment sample moments.
 */
class ConditionalDensitiesTest {
    private static final int S = 3;
    private static final int D = 2;

    /** Family, standard shape log p₀(r), and the variance of p₀. */
    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of(new ConditionalGaussian(), (DoubleUnaryOperator) r -> -0.5 * r * r
                        - 0.5 * Math.log(2 * Math.PI), 1.0),
                Arguments.of(new ConditionalLaplace(), (DoubleUnaryOperator) r -> -Math.abs(r) - Math.log(2), 2.0),
                Arguments.of(new ConditionalLogistic(), (DoubleUnaryOperator) r -> -Math.abs(r)
                        - 2 * Math.log1p(Math.exp(-Math.abs(r))), Math.PI * Math.PI / 3));
    }

    private static final double[][] MU = {{0.5, -1.0}, {2.0, 0.0}, {-3.0, 1.5}};
    private static final double[][] LOG_SCALE = {{0.0, 0.3}, {-0.5, 0.2}, {0.7, -0.4}};

    private static Map<String, INDArray> params(double[][] mu, double[][] logScale) {
        Map<String, INDArray> p = new LinkedHashMap<>();
        p.put("mu", Nd4j.createFromArray(mu));
        p.put("logScale", Nd4j.createFromArray(logScale));
        return p;
    }

    private static INDArray oneHot(int[] seg) {
        INDArray u = Nd4j.zeros(DataType.DOUBLE, seg.length, S);
        for (int i = 0; i < seg.length; i++) {
            u.putScalar(i, seg[i], 1.0);
        }
        return u;
    }

    private static final int[] SEG = {0, 2, 1, 1, 0, 2};
    private static final double[][] Z = {{0.9, -0.2}, {-2.1, 2.3}, {1.1, 0.6}, {3.4, -0.7}, {-0.8, -1.9}, {-3.6, 0.4}};

    private static double expected(DoubleUnaryOperator logPdf, double[][] mu, double[][] ls, int n) {
        double s = 0;
        for (int i = 0; i < D; i++) {
            int g = SEG[n];
            s += logPdf.applyAsDouble((Z[n][i] - mu[g][i]) / Math.exp(ls[g][i])) - ls[g][i];
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("families")
    void logProbIsTheClosedFormOfTheSegmentsLocationAndScale(ConditionalDensity family, DoubleUnaryOperator logPdf,
            double var) {
        assertEquals(List.of("mu", "logScale"), family.parameterNames());
        INDArray lp = family.logProb(Nd4j.createFromArray(Z), oneHot(SEG), params(MU, LOG_SCALE));
        assertArrayEquals(new long[] {Z.length}, lp.shape());
        for (int n = 0; n < Z.length; n++) {
            assertEquals(expected(logPdf, MU, LOG_SCALE, n), lp.getDouble(n), 1e-12, "example " + n);
        }
    }

    @ParameterizedTest
    @MethodSource("families")
    void gradientsAreFiniteDifferencesOfTheNegativeLogLikelihood(ConditionalDensity family,
            DoubleUnaryOperator logPdf, double var) {
        INDArray gradZ = Nd4j.zeros(DataType.DOUBLE, Z.length, D);
        Map<String, INDArray> grads = params(new double[S][D], new double[S][D]);
        family.gradients(Nd4j.createFromArray(Z), oneHot(SEG), params(MU, LOG_SCALE), gradZ, grads);
        double h = 1e-6;
        for (int n = 0; n < Z.length; n++) {
            for (int i = 0; i < D; i++) {
                // ∂(−log p(z_n))/∂z_ni, only example n depends on z_n
                double keep = Z[n][i];
                Z[n][i] = keep + h;
                double plus = expected(logPdf, MU, LOG_SCALE, n);
                Z[n][i] = keep - h;
                double minus = expected(logPdf, MU, LOG_SCALE, n);
                Z[n][i] = keep;
                assertEquals(-(plus - minus) / (2 * h), gradZ.getDouble(n, i), 1e-6, "dz " + n + "," + i);
            }
        }
        for (String name : List.of("mu", "logScale")) {
            for (int g = 0; g < S; g++) {
                for (int i = 0; i < D; i++) {
                    double[][] mu = copy(MU);
                    double[][] ls = copy(LOG_SCALE);
                    double[][] t = name.equals("mu") ? mu : ls;
                    double keep = t[g][i];
                    t[g][i] = keep + h;
                    double plus = totalNll(logPdf, mu, ls);
                    t[g][i] = keep - h;
                    double minus = totalNll(logPdf, mu, ls);
                    assertEquals((plus - minus) / (2 * h), grads.get(name).getDouble(g, i), 1e-6,
                            name + "[" + g + "," + i + "]");
                }
            }
        }
    }

    private static double totalNll(DoubleUnaryOperator logPdf, double[][] mu, double[][] ls) {
        double s = 0;
        for (int n = 0; n < Z.length; n++) {
            s -= expected(logPdf, mu, ls, n);
        }
        return s;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @ParameterizedTest
    @MethodSource("families")
    void samplesOfEachSegmentHaveItsLocationAndScale(ConditionalDensity family, DoubleUnaryOperator logPdf,
            double var) {
        int perSegment = 40_000;
        int[] seg = new int[S * perSegment];
        for (int k = 0; k < seg.length; k++) {
            seg[k] = k % S;
        }
        INDArray z = family.sample(oneHot(seg), params(MU, LOG_SCALE), new Random(17));
        assertArrayEquals(new long[] {seg.length, D}, z.shape());
        assertEquals(DataType.DOUBLE, z.dataType());
        double[] flat = z.dup('c').data().asDouble();
        for (int g = 0; g < S; g++) {
            for (int i = 0; i < D; i++) {
                double sum = 0;
                double sq = 0;
                for (int k = g; k < seg.length; k += S) {
                    double v = flat[k * D + i];
                    sum += v;
                    sq += v * v;
                }
                double mean = sum / perSegment;
                double variance = sq / perSegment - mean * mean;
                double expectedVar = var * Math.exp(2 * LOG_SCALE[g][i]);
                assertEquals(MU[g][i], mean, 5 * Math.sqrt(expectedVar / perSegment), "mean " + g + "," + i);
                // the sample variance's standard error is below 2.5·σ²/√n for all three shapes (kurtosis ≤ 6)
                assertEquals(expectedVar, variance, 5 * 2.5 * expectedVar / Math.sqrt(perSegment),
                        "variance " + g + "," + i);
            }
        }
        INDArray again = family.sample(oneHot(seg), params(MU, LOG_SCALE), new Random(17));
        assertArrayEquals(flat, again.dup('c').data().asDouble(), 0.0, "same seed, same samples");
        assertFalse(java.util.Arrays.equals(flat, family.sample(oneHot(seg), params(MU, LOG_SCALE), new Random(18))
                .dup('c').data().asDouble()));
    }
}
