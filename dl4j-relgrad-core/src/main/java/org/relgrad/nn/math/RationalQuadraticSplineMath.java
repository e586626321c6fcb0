package org.relgrad.nn.math;

/**
 * The math of a layer of D monotone rational-quadratic splines, one per unit (Durkan, Bekasov, Murray and Papamakarios,
 * "Neural Spline Flows", NeurIPS 2019, with the identity tails of their Section 3.1).
 *
 * <p><b>Parametrisation</b> (unit d, K bins, tail bound B): unnormalised widths θʷ [K], heights θʰ [K] and interior
 * knot derivatives θᵟ [K−1]. Bin widths W_k = 2B·(m + (1 − K·m)·softmax(θʷ)_k) with a minimum share m, likewise
 * heights H_k from θʰ; the knots are x_0 = −B, x_{k+1} = x_k + W_k (x_K = B exactly), y_k from H the same way. Interior
 * derivatives δ_k = m' + (1 − m')·softplus(θᵟ_{k−1} + log(e − 1)), k = 1 … K−1, and δ_0 = δ_K = 1 to meet the
 * identity tails with a continuous derivative. All-zero parameters give W_k = H_k = 2B/K and δ_k = 1: the identity.
 *
 * <p><b>The map</b> on [−B, B], in bin k with ξ = (x − x_k)/W_k, s = H_k/W_k, t = ξ(1 − ξ):
 * <pre>
 *   y        = y_k + H_k (s ξ² + δ_k t) / Q,          Q = s + (δ_{k+1} + δ_k − 2s) t
 *   dy/dx    = s² R / Q²,                             R = δ_{k+1} ξ² + 2 s t + δ_k (1 − ξ)²
 * </pre>
 * and y = x (log-derivative 0) outside. It is strictly increasing, so invertible; the inverse solves a quadratic
 * a ξ² + b ξ + c = 0 in the bin of y (found among the y-knots), with η = y − y_k:
 * a = H_k (s − δ_k) + η (δ_{k+1} + δ_k − 2s), b = H_k δ_k − η (δ_{k+1} + δ_k − 2s), c = −s η, and takes the root in
 * the cancellation-free form ξ = 2c / (−b − √(b² − 4ac)).
 *
 * <p><b>Gradients.</b> For a batch with ε = ∂L/∂y from above, the layer's loss share per example is ε·y − Σ_d log dy/dx
 * (the second term is this layer's Jacobian term of the negative log-likelihood). {@link #backward} returns
 * ∂L/∂x = ε·y' − ∂ log y'/∂x and the gradients of the three parameter arrays, as sums over the batch (DL4J's
 * convention before the updater divides by the batch size). They are reached by the chain rule through (x_k, W_k,
 * y_k, H_k, δ_k, δ_{k+1}): x_k and y_k depend on every earlier bin (a suffix sum over bins per unit), the softmax
 * Jacobian p ⊙ (g − pᵀg) and the softplus derivative (a sigmoid).
 *
 * <p>All arithmetic is in double on plain Java arrays (c-order [batch, D] rows; parameters [D, K], [D, K], [D, K−1]),
 * independent of ND4J: the work is O(B·D·log K) for the map and its gradients plus O(D·K) for the knots.
 */
public final class RationalQuadraticSplineMath {

    /** Default minimum share m of 2B of every bin's width and height. */
    public static final double DEFAULT_MIN_BIN_SIZE = 1e-3;
    /** Default lower bound m' of every interior knot derivative. */
    public static final double DEFAULT_MIN_DERIVATIVE = 1e-3;
    /** softplus(log(e − 1)) = 1: the shift that makes a zero derivative parameter the identity's slope. */
    private static final double DERIVATIVE_SHIFT = Math.log(Math.E - 1);
    /** Derivatives multiplied together before one logarithm is taken, see {@link #forward}. */
    private static final int LOG_GROUP = 8;

    private RationalQuadraticSplineMath() {
    }

    /**
     * D splines at fixed parameters: knots, knot derivatives and what the gradients need. Immutable once built, so one
     * instance may serve many threads.
     */
    public static final class Splines {
        final int units;
        final int bins;
        final double bound;
        final double minBinSize;
        final double minDerivative;
        /** Knot positions x_0 … x_K per unit, [units·(K+1)]. */
        final double[] kx;
        /** Knot values y_0 … y_K per unit, [units·(K+1)]. */
        final double[] ky;
        /** Knot derivatives δ_0 … δ_K per unit (δ_0 = δ_K = 1), [units·(K+1)]. */
        final double[] kd;
        /** Per bin, at its left knot's index: 1/W_k, s_k = H_k/W_k and 1/s_k ([units·(K+1)], last slot unused). */
        final double[] invWidth;
        final double[] slope;
        final double[] invSlope;
        /** softmax(θʷ) and softmax(θʰ), [units·K]. */
        final double[] pw;
        final double[] ph;
        /** sigmoid(θᵟ + log(e − 1)), the softplus derivative, [units·(K−1)]. */
        final double[] sd;

        private Splines(int units, int bins, double bound, double minBinSize, double minDerivative) {
            this.units = units;
            this.bins = bins;
            this.bound = bound;
            this.minBinSize = minBinSize;
            this.minDerivative = minDerivative;
            kx = new double[units * (bins + 1)];
            ky = new double[units * (bins + 1)];
            kd = new double[units * (bins + 1)];
            invWidth = new double[units * (bins + 1)];
            slope = new double[units * (bins + 1)];
            invSlope = new double[units * (bins + 1)];
            pw = new double[units * bins];
            ph = new double[units * bins];
            sd = new double[units * (bins - 1)];
        }

        public int units() {
            return units;
        }

        public int bins() {
            return bins;
        }

        /** Knot positions of unit {@code d}, x_0 = −B … x_K = B (a copy). */
        public double[] knotsX(int d) {
            return java.util.Arrays.copyOfRange(kx, d * (bins + 1), (d + 1) * (bins + 1));
        }

        /** Knot values of unit {@code d}, y_0 = −B … y_K = B (a copy). */
        public double[] knotsY(int d) {
            return java.util.Arrays.copyOfRange(ky, d * (bins + 1), (d + 1) * (bins + 1));
        }

        /** Knot derivatives of unit {@code d}, δ_0 = 1 … δ_K = 1 (a copy). */
        public double[] knotDerivatives(int d) {
            return java.util.Arrays.copyOfRange(kd, d * (bins + 1), (d + 1) * (bins + 1));
        }
    }

    /**
     * The splines of unnormalised parameters, c-order: {@code widths} and {@code heights} [units·K], {@code
     * derivatives} [units·(K−1)]. Any finite parameters give valid splines (the softmax and softplus are evaluated
     * stably); non-finite ones give NaN knots, which callers check for with {@link #allFinite}.
     */
    public static Splines splines(double[] widths, double[] heights, double[] derivatives, int units, int bins,
            double bound, double minBinSize, double minDerivative) {
        if (bins < 2 || widths.length != units * bins || heights.length != units * bins
                || derivatives.length != units * (bins - 1)) {
            throw new IllegalArgumentException("Spline parameters of " + units + " units and " + bins + " bins need "
                    + "widths and heights of length " + units * bins + " and derivatives of length " + units * (bins - 1)
                    + ", got " + widths.length + ", " + heights.length + ", " + derivatives.length);
        }
        Splines s = new Splines(units, bins, bound, minBinSize, minDerivative);
        for (int d = 0; d < units; d++) {
            knots(widths, d * bins, bins, bound, minBinSize, s.pw, s.kx, d * (bins + 1));
            knots(heights, d * bins, bins, bound, minBinSize, s.ph, s.ky, d * (bins + 1));
            int kb = d * (bins + 1);
            s.kd[kb] = 1.0;
            s.kd[kb + bins] = 1.0;
            for (int k = 1; k < bins; k++) {
                double v = derivatives[d * (bins - 1) + k - 1] + DERIVATIVE_SHIFT;
                s.kd[kb + k] = minDerivative + (1 - minDerivative) * softplus(v);
                s.sd[d * (bins - 1) + k - 1] = sigmoid(v);
            }
            for (int k = kb; k < kb + bins; k++) {
                double w = s.kx[k + 1] - s.kx[k];
                double h = s.ky[k + 1] - s.ky[k];
                s.invWidth[k] = 1 / w;
                s.slope[k] = h / w;
                s.invSlope[k] = w / h;
            }
        }
        return s;
    }

    /** softmax of θ[from … from+K) into p, and the knots −B, … , B it gives into knots[at … at+K]. */
    private static void knots(double[] theta, int from, int bins, double bound, double minBinSize, double[] p,
            double[] knots, int at) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < bins; k++) {
            max = Math.max(max, theta[from + k]);
        }
        double sum = 0;
        for (int k = 0; k < bins; k++) {
            double e = Math.exp(theta[from + k] - max);
            p[from + k] = e;
            sum += e;
        }
        double scale = 1 - bins * minBinSize;
        double cum = 0;
        knots[at] = -bound;
        for (int k = 0; k < bins; k++) {
            p[from + k] /= sum;
            cum += minBinSize + scale * p[from + k];
            knots[at + k + 1] = -bound + 2 * bound * cum;
        }
        // the last knot is B by construction; rounding must not move the seam with the identity tail
        knots[at + bins] = bound;
    }

    static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    static double sigmoid(double v) {
        if (v >= 0) {
            return 1 / (1 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1 + e);
    }

    /** True if every knot and derivative is finite (false for non-finite parameters). */
    public static boolean allFinite(Splines s) {
        for (int i = 0; i < s.kx.length; i++) {
            if (!Double.isFinite(s.kx[i]) || !Double.isFinite(s.ky[i]) || !Double.isFinite(s.kd[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bin k ∈ [0, K−1] with knots[at+k] ≤ v (v inside [knots[at], knots[at+K]]): for up to 16 bins the count of
     * interior knots ≤ v, else a bisection whose steps do not depend on v. Both let the JIT use conditional moves,
     * where an ordinary bisection would mispredict a branch at every step on random inputs.
     */
    private static int bin(double[] knots, int at, int bins, double v) {
        if (bins <= 16) {
            int c = 0;
            for (int j = 1; j < bins; j++) {
                c += knots[at + j] <= v ? 1 : 0;
            }
            return c;
        }
        int base = at;
        int n = bins;
        while (n > 1) {
            int half = n >>> 1;
            base = knots[base + half] <= v ? base + half : base;
            n -= half;
        }
        return base - at;
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /**
     * y = f(x) for {@code rows} examples of the splines' width (x and y c-order [rows·D]; y may be x), and, unless
     * {@code logDetPerRow} is null, Σ_d log dy_d/dx_d of each row into it. Returns the sum of log dy/dx over all
     * elements, NaN if an input is not finite (it is copied to y unchanged).
     */
    public static double forward(Splines s, double[] x, int rows, double[] y, double[] logDetPerRow) {
        int units = s.units;
        int bins = s.bins;
        double bound = s.bound;
        double[] kx = s.kx;
        double[] ky = s.ky;
        double[] kd = s.kd;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double rowSum = 0;
            // log of a product of up to LOG_GROUP derivatives, each within 1e±30 so the product cannot leave the
            // double range: one logarithm per group instead of per element (the logarithm was half the time)
            double product = 1;
            int grouped = 0;
            int off = r * units;
            for (int d = 0; d < units; d++) {
                double v = x[off + d];
                if (!(v >= -bound && v <= bound)) {
                    if (v != v || v == Double.POSITIVE_INFINITY || v == Double.NEGATIVE_INFINITY) {
                        rowSum = Double.NaN;
                    }
                    y[off + d] = v;
                    continue;
                }
                int at = d * (bins + 1);
                int k = at + bin(kx, at, bins, v);
                double yk = ky[k];
                double h = ky[k + 1] - yk;
                double sl = s.slope[k];
                double dl = kd[k];
                double dr = kd[k + 1];
                double xi = clamp01((v - kx[k]) * s.invWidth[k]);
                double om = 1 - xi;
                double t = xi * om;
                double iq = 1 / (sl + (dr + dl - 2 * sl) * t);
                y[off + d] = yk + h * (sl * xi * xi + dl * t) * iq;
                double rr = dr * xi * xi + 2 * sl * t + dl * om * om;
                double slope = sl * sl * rr * iq * iq;
                if (slope > 1e-30 && slope < 1e30) {
                    product *= slope;
                    if (++grouped == LOG_GROUP) {
                        rowSum += Math.log(product);
                        product = 1;
                        grouped = 0;
                    }
                } else {
                    rowSum += Math.log(slope);
                }
            }
            rowSum += Math.log(product);
            if (logDetPerRow != null) {
                logDetPerRow[r] = rowSum;
            }
            total += rowSum;
        }
        return total;
    }

    /** x = f⁻¹(z) for {@code rows} examples (c-order [rows·D]; x may be z). */
    public static void inverse(Splines s, double[] z, int rows, double[] x) {
        int units = s.units;
        int bins = s.bins;
        double bound = s.bound;
        double[] kx = s.kx;
        double[] ky = s.ky;
        double[] kd = s.kd;
        for (int r = 0; r < rows; r++) {
            int off = r * units;
            for (int d = 0; d < units; d++) {
                double v = z[off + d];
                if (!(v >= -bound && v <= bound)) {
                    x[off + d] = v;
                    continue;
                }
                int at = d * (bins + 1);
                int k = at + bin(ky, at, bins, v);
                double xk = kx[k];
                double w = kx[k + 1] - xk;
                double yk = ky[k];
                double h = ky[k + 1] - yk;
                double sl = h / w;
                double dl = kd[k];
                double dr = kd[k + 1];
                double eta = v - yk;
                double c1 = dr + dl - 2 * sl;
                double a = h * (sl - dl) + eta * c1;
                double b = h * dl - eta * c1;
                double c = -sl * eta;
                double disc = Math.max(0, b * b - 4 * a * c);
                // −b − √disc < 0 whenever c < 0 (the root lies in (0, 1]); at c = 0 the root is 0
                double den = -b - Math.sqrt(disc);
                double xi = c == 0 ? 0 : clamp01(2 * c / den);
                x[off + d] = xk + xi * w;
            }
        }
    }

    /**
     * Backprop of L = Σ ε·y − Σ log dy/dx for {@code rows} examples: ∂L/∂x into {@code epsOut} (c-order [rows·D],
     * skipped if null) and ∂L/∂θʷ, ∂L/∂θʰ, ∂L/∂θᵟ, summed over the rows, into {@code gradWidths}, {@code gradHeights}
     * [D·K] and {@code gradDerivatives} [D·(K−1)] (overwritten).
     *
     * @param x   the layer's input (not modified)
     * @param eps ∂L/∂y from above (not modified)
     */
    public static void backward(Splines s, double[] x, double[] eps, int rows, double[] epsOut, double[] gradWidths,
            double[] gradHeights, double[] gradDerivatives) {
        int units = s.units;
        int bins = s.bins;
        int kn = bins + 1;
        double bound = s.bound;
        double[] kx = s.kx;
        double[] ky = s.ky;
        double[] kd = s.kd;
        // per unit and bin: ∂L/∂W_k and ∂L/∂x_k (likewise H_k, y_k), and ∂L/∂δ_k per knot
        double[] accW = new double[units * kn];
        double[] accXk = new double[units * kn];
        double[] accH = new double[units * kn];
        double[] accYk = new double[units * kn];
        double[] accD = new double[units * kn];
        for (int r = 0; r < rows; r++) {
            int off = r * units;
            for (int d = 0; d < units; d++) {
                double v = x[off + d];
                double g = eps[off + d];
                if (!(v >= -bound && v <= bound)) {
                    if (epsOut != null) {
                        epsOut[off + d] = g;
                    }
                    continue;
                }
                int at = d * kn;
                int k = at + bin(kx, at, bins, v);
                double iw = s.invWidth[k];
                double h = ky[k + 1] - ky[k];
                double sl = s.slope[k];
                double dl = kd[k];
                double dr = kd[k + 1];
                double xi = clamp01((v - kx[k]) * iw);
                double om = 1 - xi;
                double t = xi * om;
                double c1 = dr + dl - 2 * sl;
                double q = sl + c1 * t;
                double iq = 1 / q;
                double p = sl * xi * xi + dl * t;
                double rr = dr * xi * xi + 2 * sl * t + dl * om * om;
                double ir = 1 / rr;
                double slope = sl * sl * rr * iq * iq;
                // y as a function of (ξ, s, H, δ_k, δ_{k+1}): f = H·P/Q
                double hq2 = h * iq * iq;
                double fS = hq2 * (xi * xi * q - p * (1 - 2 * t));
                double fDl = hq2 * t * (q - p);
                double fDr = -hq2 * p * t;
                double dyDh = p * iq + fS * iw;
                double dyDw = -sl * iw * fS - xi * slope;
                // log y' = 2 log s + log R − 2 log Q
                double rXi = 2 * dr * xi + 2 * sl * (1 - 2 * xi) - 2 * dl * om;
                double qXi = c1 * (1 - 2 * xi);
                double lXi = rXi * ir - 2 * qXi * iq;
                double lS = 2 * s.invSlope[k] + 2 * t * ir - 2 * (1 - 2 * t) * iq;
                double lDl = om * om * ir - 2 * t * iq;
                double lDr = xi * xi * ir - 2 * t * iq;
                double lH = lS * iw;
                double lW = -sl * iw * lS - xi * iw * lXi;
                double gx = g * slope - lXi * iw;
                if (epsOut != null) {
                    epsOut[off + d] = gx;
                }
                accXk[k] -= gx;
                accW[k] += g * dyDw - lW;
                accYk[k] += g;
                accH[k] += g * dyDh - lH;
                accD[k] += g * fDl - lDl;
                accD[k + 1] += g * fDr - lDr;
            }
        }
        double[] gw = new double[bins];
        for (int d = 0; d < units; d++) {
            int at = d * kn;
            parameterGradient(accW, accXk, at, s.pw, d * bins, bins, s.bound, s.minBinSize, gw, gradWidths);
            parameterGradient(accH, accYk, at, s.ph, d * bins, bins, s.bound, s.minBinSize, gw, gradHeights);
            for (int k = 1; k < bins; k++) {
                int j = d * (bins - 1) + k - 1;
                gradDerivatives[j] = accD[at + k] * (1 - s.minDerivative) * s.sd[j];
            }
        }
    }

    /**
     * From ∂L/∂(bin size) and ∂L/∂(left knot) of one unit to ∂L/∂θ: the left knot of bin k is −B plus the sizes of
     * bins 0 … k−1 (a suffix sum), the sizes are 2B(m + (1 − Km)·softmax(θ)) (the softmax Jacobian).
     */
    private static void parameterGradient(double[] accSize, double[] accKnot, int at, double[] p, int from, int bins,
            double bound, double minBinSize, double[] scratch, double[] out) {
        double suffix = 0;
        for (int k = bins - 1; k >= 0; k--) {
            scratch[k] = accSize[at + k] + suffix;
            suffix += accKnot[at + k];
        }
        double scale = 2 * bound * (1 - bins * minBinSize);
        double mean = 0;
        for (int k = 0; k < bins; k++) {
            mean += p[from + k] * scratch[k];
        }
        for (int k = 0; k < bins; k++) {
            out[from + k] = scale * p[from + k] * (scratch[k] - mean);
        }
    }
}
