package org.relgrad.nn.math;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.relgrad.nn.math.RationalQuadraticSplineMath.Splines;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The spline math against what defines it, never against its own output: the identity at zero parameters, knots that
 * are interpolated with the knot derivatives, a strictly increasing map with identity tails, the inverse undoing the
 * forward map, the log-derivative against finite differences of the map, and every gradient (input and the three
 * parameter arrays, Jacobian term included) against finite differences of the loss it differentiates.
 */
class RationalQuadraticSplineMathTest {
    private static final double MIN_BIN = RationalQuadraticSplineMath.DEFAULT_MIN_BIN_SIZE;
    private static final double MIN_DERIV = RationalQuadraticSplineMath.DEFAULT_MIN_DERIVATIVE;

    /** Parameters of {@code units} splines of {@code bins} bins, N(0, scale²); index 0 widths, 1 heights, 2 derivatives. */
    private static double[][] randomParams(int units, int bins, double scale, long seed) {
        Random r = new Random(seed);
        double[][] p = {new double[units * bins], new double[units * bins], new double[units * (bins - 1)]};
        for (double[] a : p) {
            for (int i = 0; i < a.length; i++) {
                a[i] = scale * r.nextGaussian();
            }
        }
        return p;
    }

    private static Splines splines(double[][] p, int units, int bins, double bound) {
        return RationalQuadraticSplineMath.splines(p[0], p[1], p[2], units, bins, bound, MIN_BIN, MIN_DERIV);
    }

    private static double[] forward(Splines s, double[] x, int rows, double[] logDetPerRow) {
        double[] y = new double[x.length];
        RationalQuadraticSplineMath.forward(s, x, rows, y, logDetPerRow);
        return y;
    }

    /** y of one unit's spline at one point, through the batch API (one row, the other units at 0). */
    private static double valueAt(Splines s, int unit, double v) {
        double[] x = new double[s.units()];
        x[unit] = v;
        return forward(s, x, 1, null)[unit];
    }

    private static double[] grid(double from, double to, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = from + (to - from) * i / (n - 1);
        }
        return g;
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void zeroParametersAreTheIdentity() {
        int units = 3;
        int bins = 8;
        Splines s = splines(new double[][] {new double[units * bins], new double[units * bins],
            new double[units * (bins - 1)]}, units, bins, 5.0);
        double[] pts = grid(-12, 12, 301);
        double[] x = new double[pts.length * units];
        for (int i = 0; i < pts.length; i++) {
            for (int d = 0; d < units; d++) {
                x[i * units + d] = pts[i] + 0.01 * d;
            }
        }
        double[] ld = new double[pts.length];
        double[] y = forward(s, x, pts.length, ld);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], y[i], 1e-13, "y at " + x[i]);
        }
        for (int i = 0; i < pts.length; i++) {
            assertEquals(0.0, ld[i], 1e-13, "log-det of row " + i);
        }
        double[] back = new double[x.length];
        RationalQuadraticSplineMath.inverse(s, x, pts.length, back);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], back[i], 1e-13, "inverse at " + x[i]);
        }
    }

    @Test
    void knotsAreSpreadOverTheBoundWithMinimumBinsAndUnitBoundaryDerivatives() {
        int bins = 6;
        double bound = 2.5;
        double[][] p = randomParams(2, bins, 4.0, 1); // large: some bins near the minimum size
        // one bin dominates completely: the others must keep the minimum width
        p[0][0] = 60;
        Splines s = splines(p, 2, bins, bound);
        for (int d = 0; d < 2; d++) {
            double[][] knots = {s.knotsX(d), s.knotsY(d)};
            for (double[] k : knots) {
                assertEquals(-bound, k[0], 0.0);
                assertEquals(bound, k[bins], 0.0);
                for (int j = 0; j < bins; j++) {
                    assertTrue(k[j + 1] - k[j] >= 2 * bound * MIN_BIN * (1 - 1e-9), "bin " + j + " of unit " + d
                            + " is narrower than the minimum: " + (k[j + 1] - k[j]));
                }
            }
            double[] deriv = s.knotDerivatives(d);
            assertEquals(1.0, deriv[0], 0.0);
            assertEquals(1.0, deriv[bins], 0.0);
            for (int j = 1; j < bins; j++) {
                assertTrue(deriv[j] >= MIN_DERIV, "derivative " + j + ": " + deriv[j]);
                // θ → softplus(θ + log(e−1)) scaled into (m', ∞): recompute it here from the parameter
                double v = p[2][d * (bins - 1) + j - 1] + Math.log(Math.E - 1);
                double softplus = Math.log1p(Math.exp(v));
                assertEquals(MIN_DERIV + (1 - MIN_DERIV) * softplus, deriv[j], 1e-12);
            }
        }
        double[] kx = s.knotsX(0);
        // a width share of ≈ 1 − (K−1)m for the dominant bin
        assertEquals(2 * bound * (1 - (bins - 1) * MIN_BIN), kx[1] - kx[0], 1e-9);
    }

    @Test
    void theSplineInterpolatesItsKnotsWithTheKnotDerivativesAndMeetsTheIdentityTails() {
        int units = 3;
        int bins = 5;
        double bound = 3.0;
        Splines s = splines(randomParams(units, bins, 1.5, 2), units, bins, bound);
        for (int d = 0; d < units; d++) {
            double[] kx = s.knotsX(d);
            double[] ky = s.knotsY(d);
            double[] kd = s.knotDerivatives(d);
            for (int j = 0; j <= bins; j++) {
                assertEquals(ky[j], valueAt(s, d, kx[j]), 1e-12, "unit " + d + " knot " + j);
                // second-order one-sided differences from inside each bin (the second derivative jumps at a knot)
                double h = 1e-5;
                if (j < bins) {
                    double right = (-3 * ky[j] + 4 * valueAt(s, d, kx[j] + h) - valueAt(s, d, kx[j] + 2 * h)) / (2 * h);
                    assertEquals(kd[j], right, 1e-6 * Math.max(1, kd[j]), "right derivative, unit " + d + " knot " + j);
                }
                if (j > 0) {
                    double left = (3 * ky[j] - 4 * valueAt(s, d, kx[j] - h) + valueAt(s, d, kx[j] - 2 * h)) / (2 * h);
                    assertEquals(kd[j], left, 1e-6 * Math.max(1, kd[j]), "left derivative, unit " + d + " knot " + j);
                }
            }
            // outside [−B, B] the identity, on both sides of the seam
            for (double v : new double[] {-1e6, -bound - 1e-9, -bound - 0.5, bound + 1e-9, bound + 2, 1e6}) {
                assertEquals(v, valueAt(s, d, v), 0.0, "tail at " + v);
            }
        }
    }

    @Test
    void theLogDerivativeMatchesFiniteDifferencesOfTheMap() {
        int units = 4;
        int bins = 8;
        double bound = 4.0;
        Splines s = splines(randomParams(units, bins, 1.0, 3), units, bins, bound);
        Random r = new Random(4);
        int rows = 400;
        double[] x = new double[rows * units];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * bound * (r.nextDouble() - 0.5) * 1.2; // some in the tails
        }
        double[] ld = new double[rows];
        forward(s, x, rows, ld);
        double h = 1e-6;
        for (int row = 0; row < rows; row++) {
            double expected = 0;
            for (int d = 0; d < units; d++) {
                double[] xp = new double[units];
                double[] xm = new double[units];
                xp[d] = x[row * units + d] + h;
                xm[d] = x[row * units + d] - h;
                double fd = (forward(s, xp, 1, null)[d] - forward(s, xm, 1, null)[d]) / (2 * h);
                expected += Math.log(fd);
            }
            // the second derivative jumps at knots, so central differences there are good to O(h), not O(h²)
            assertEquals(expected, ld[row], 1e-5, "row " + row);
        }
    }

    @Test
    void inverseUndoesForwardAndForwardUndoesInverse() {
        int units = 5;
        int bins = 10;
        double bound = 3.0;
        Splines s = splines(randomParams(units, bins, 2.0, 5), units, bins, bound);
        Random r = new Random(6);
        int rows = 2000;
        double[] x = new double[rows * units];
        for (int i = 0; i < x.length; i++) {
            x[i] = 4 * bound * (r.nextDouble() - 0.5);
        }
        // exact knots and the bound itself, where a bin search is most fragile
        for (int d = 0; d < units; d++) {
            double[] kx = s.knotsX(d);
            for (int j = 0; j <= bins; j++) {
                x[j * units + d] = kx[j];
            }
        }
        double[] y = forward(s, x, rows, null);
        double[] back = new double[x.length];
        RationalQuadraticSplineMath.inverse(s, y, rows, back);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], back[i], 1e-10 * Math.max(1, Math.abs(x[i])), "x = " + x[i]);
        }
        double[] again = forward(s, back, rows, null);
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], again[i], 1e-10 * Math.max(1, Math.abs(y[i])), "y = " + y[i]);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // gradients

    /** L = Σ ε·y − Σ log y' of a batch, the loss whose gradients backward returns. */
    private static double loss(double[][] p, int units, int bins, double bound, double[] x, double[] eps, int rows) {
        Splines s = splines(p, units, bins, bound);
        double[] ld = new double[rows];
        double[] y = forward(s, x, rows, ld);
        double l = 0;
        for (int i = 0; i < y.length; i++) {
            l += eps[i] * y[i];
        }
        for (double v : ld) {
            l -= v;
        }
        return l;
    }

    @Test
    void inputAndParameterGradientsMatchFiniteDifferencesOfTheLoss() {
        int units = 3;
        int bins = 6;
        double bound = 2.0;
        int rows = 25;
        double[][] p = randomParams(units, bins, 0.8, 7);
        Random r = new Random(8);
        double[] x = new double[rows * units];
        double[] eps = new double[rows * units];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2.6 * bound * (r.nextDouble() - 0.5); // ~25% in the tails
            eps[i] = r.nextGaussian();
        }
        Splines s = splines(p, units, bins, bound);
        double[] gx = new double[x.length];
        double[][] g = {new double[p[0].length], new double[p[1].length], new double[p[2].length]};
        RationalQuadraticSplineMath.backward(s, x, eps, rows, gx, g[0], g[1], g[2]);

        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (loss(p, units, bins, bound, xp, eps, rows) - loss(p, units, bins, bound, xm, eps, rows))
                    / (2 * h);
            assertEquals(fd, gx[i], 1e-6 * Math.max(1, Math.abs(fd)), "dL/dx[" + i + "] at x=" + x[i]);
        }
        String[] names = {"widths", "heights", "derivatives"};
        double largest = 0;
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < p[a].length; i++) {
                double[][] pp = {p[0].clone(), p[1].clone(), p[2].clone()};
                double[][] pm = {p[0].clone(), p[1].clone(), p[2].clone()};
                pp[a][i] += h;
                pm[a][i] -= h;
                double fd = (loss(pp, units, bins, bound, x, eps, rows) - loss(pm, units, bins, bound, x, eps, rows))
                        / (2 * h);
                assertEquals(fd, g[a][i], 1e-6 * Math.max(1, Math.abs(fd)), "dL/d" + names[a] + "[" + i + "]");
                largest = Math.max(largest, Math.abs(fd));
            }
        }
        // the comparison means something only if the gradients are not all ~0
        assertTrue(largest > 0.1, "largest parameter gradient " + largest);
    }

    @Test
    void aNullInputGradientSkipsItWithoutChangingTheParameterGradients() {
        int units = 2;
        int bins = 4;
        double[][] p = randomParams(units, bins, 1.0, 9);
        Splines s = splines(p, units, bins, 1.0);
        double[] x = {-0.3, 0.7, 0.2, -2.0, 0.99, 0.0};
        double[] eps = {1.0, -0.5, 0.25, 2.0, -1.0, 0.3};
        double[][] g1 = {new double[8], new double[8], new double[6]};
        double[][] g2 = {new double[8], new double[8], new double[6]};
        RationalQuadraticSplineMath.backward(s, x, eps, 3, new double[6], g1[0], g1[1], g1[2]);
        RationalQuadraticSplineMath.backward(s, x, eps, 3, null, g2[0], g2[1], g2[2]);
        for (int a = 0; a < 3; a++) {
            assertEquals(java.util.Arrays.toString(g1[a]), java.util.Arrays.toString(g2[a]));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // properties over random splines

    // a fixed seed keeps the build deterministic; 200 tries cover K from 2 to 24 and parameters up to ±20
    @Property(tries = 200, seed = "20240611")
    void everySplineIsStrictlyIncreasingAndInvertible(
            @ForAll @IntRange(min = 2, max = 24) int bins,
            @ForAll @DoubleRange(min = 0.1, max = 20) double bound,
            @ForAll @DoubleRange(min = 0, max = 6) double scale,
            @ForAll long seed) {
        Splines s = splines(randomParams(1, bins, scale, seed), 1, bins, bound);
        int n = 801;
        double[] x = grid(-1.25 * bound, 1.25 * bound, n);
        double[] ld = new double[n];
        double[] y = forward(s, x, n, ld);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y[i]) || !Double.isFinite(ld[i])) {
                fail("not finite at x=" + x[i] + ": y=" + y[i] + ", log y'=" + ld[i]);
            }
            if (i > 0 && !(y[i] > y[i - 1])) {
                fail("not strictly increasing between x=" + x[i - 1] + " and " + x[i] + ": " + y[i - 1] + ", " + y[i]);
            }
        }
        double[] back = new double[n];
        RationalQuadraticSplineMath.inverse(s, y, n, back);
        double[] again = forward(s, back, n, null);
        for (int i = 0; i < n; i++) {
            // the inverse is backward stable: it reproduces y to rounding (times the slope); in x it is as accurate
            // as the spline's conditioning allows (large parameters make slopes of 1e-7, where rounding in y moves x
            // by 1e-10)
            assertEquals(y[i], again[i], 1e-12 * bound * Math.max(1, Math.exp(ld[i])),
                    "forward of the inverse at x=" + x[i]);
            assertEquals(x[i], back[i], 1e-10 * bound + 1e-15 * bound / Math.exp(ld[i]), "inverse at x=" + x[i]);
        }
    }

    @Test
    void nonFiniteInputsAreReportedAndNonFiniteParametersDetected() {
        Splines s = splines(randomParams(2, 3, 1.0, 10), 2, 3, 1.0);
        assertTrue(RationalQuadraticSplineMath.allFinite(s));
        double sum = RationalQuadraticSplineMath.forward(s, new double[] {0.1, Double.NaN}, 1, new double[2], null);
        assertTrue(Double.isNaN(sum));
        sum = RationalQuadraticSplineMath.forward(s, new double[] {Double.POSITIVE_INFINITY, 0}, 1, new double[2],
                null);
        assertTrue(Double.isNaN(sum));
        double[][] bad = randomParams(2, 3, 1.0, 11);
        bad[2][1] = Double.NaN;
        assertTrue(!RationalQuadraticSplineMath.allFinite(splines(bad, 2, 3, 1.0)));
    }
}
