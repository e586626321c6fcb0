package org.relgrad.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What makes maximum likelihood meaningless on a table, found from a sample of its rows before training.
 *
 * <p>A density of data that lie on a lower-dimensional set is unbounded: a flow trained on them reports a
 * log-likelihood that climbs without limit. That happens when a column is constant, when a column is (nearly) a linear
 * combination of others (duplicated columns, a total next to its parts), and, more slowly, when columns take values on
 * a grid (integers, rounded values): the model can pile its mass onto the grid points. The first two are errors; the
 * grid gives the bound −Σ log Δⱼ on a meaningful mean log-likelihood when every column is on a grid of step Δⱼ
 * (data dequantised by uniform noise of width Δⱼ have a density at most 1/ΠΔⱼ, and no model can beat the true density
 * on held-out data in expectation).
 */
public final class DataDiagnostics {
    /** Rows examined at most; enough to see exact dependence, cheap for hundreds of columns. */
    static final int MAX_ROWS = 5000;
    /** Widest table whose columns are checked for linear dependence (O(D²) per sampled row). */
    static final int MAX_DEPENDENCE_DIMS = 512;
    /** A column whose residual variance, given the columns before it, is below this share of its own is dependent. */
    static final double DEPENDENCE_TOLERANCE = 1e-8;

    private final String problem;
    private final double[] gridSteps;
    private final ConstantColumns constants;

    private DataDiagnostics(String problem, double[] gridSteps, ConstantColumns constants) {
        this.problem = problem;
        this.gridSteps = gridSteps;
        this.constants = constants;
    }

    /** Examines up to {@value #MAX_ROWS} rows of {@code source} (in file order); {@code what} names it in messages. */
    public static DataDiagnostics examine(ExampleSource source, String what) {
        int d = source.dims();
        List<double[]> rows = new ArrayList<>();
        DataSetIterator it = source.iterator(1000, null);
        while (it.hasNext() && rows.size() < MAX_ROWS) {
            DataSet ds = it.next();
            INDArray f = ds.getFeatures();
            for (int i = 0; i < f.rows() && rows.size() < MAX_ROWS; i++) {
                rows.add(f.getRow(i).toDoubleVector());
            }
        }
        return of(rows.toArray(new double[0][]), d, what);
    }

    /** The diagnostics of the rows {@code x} (each of length {@code d}). */
    static DataDiagnostics of(double[][] x, int d, String what) {
        int n = x.length;
        if (n == 0) {
            return new DataDiagnostics("The training part of " + what + " has no rows", new double[d],
                    ConstantColumns.none(d));
        }
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                std[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j]);
        }
        double[] steps = new double[d];
        for (int j = 0; j < d; j++) {
            steps[j] = gridStep(x, j);
        }
        String problem = constantColumn(x, std, d, what);
        if (problem == null && n <= d) {
            problem = String.format(Locale.ROOT, "The training part of %s has %d rows for %d columns: a density in %d "
                    + "dimensions needs many more rows than columns (the likelihood of so few points is unbounded). "
                    + "Use more rows or fewer columns", what, n, d, d);
        }
        if (problem == null && d <= MAX_DEPENDENCE_DIMS) {
            problem = dependentColumn(x, mean, std, d, what);
        }
        return new DataDiagnostics(problem, steps, constants(x, d));
    }

    private static ConstantColumns constants(double[][] x, int d) {
        int[] cols = new int[d];
        double[] vals = new double[d];
        int c = 0;
        for (int j = 0; j < d; j++) {
            boolean constant = true;
            for (int i = 1; i < x.length && constant; i++) {
                constant = x[i][j] == x[0][j];
            }
            if (constant) {
                cols[c] = j;
                vals[c++] = x[0][j];
            }
        }
        return new ConstantColumns(d, Arrays.copyOf(cols, c), Arrays.copyOf(vals, c));
    }

    private static String constantColumn(double[][] x, double[] std, int d, String what) {
        for (int j = 0; j < d; j++) {
            boolean constant = true;
            for (int i = 1; i < x.length && constant; i++) {
                constant = x[i][j] == x[0][j];
            }
            // exact equality: a mean accumulated in floating point makes the spread of a constant column 1e-16, not 0
            if (constant || !(std[j] > 0)) {
                return String.format(Locale.ROOT, "Column %d of %s is constant (%s) in the first %,d training rows: a "
                        + "density of data that do not vary along one direction is unbounded, and training would "
                        + "report an ever-rising, meaningless log-likelihood. Drop that column, or keep it out of "
                        + "the density as a constant (ConstantColumns)", j + 1, what,
                        fmt(x[0][j]), x.length);
            }
        }
        return null;
    }

    /** Cholesky of the sample correlation matrix in column order: a vanishing pivot marks a dependent column. */
    private static String dependentColumn(double[][] x, double[] mean, double[] std, int d, String what) {
        int n = x.length;
        double[][] c = new double[d][d];
        double[] z = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                z[j] = (r[j] - mean[j]) / std[j];
            }
            for (int a = 0; a < d; a++) {
                double za = z[a];
                double[] ca = c[a];
                for (int b = 0; b <= a; b++) {
                    ca[b] += za * z[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                c[a][b] /= n;
            }
        }
        double[][] l = new double[d][d];
        for (int k = 0; k < d; k++) {
            double residual = c[k][k];
            for (int i = 0; i < k; i++) {
                residual -= l[k][i] * l[k][i];
            }
            if (residual < DEPENDENCE_TOLERANCE * c[k][k]) {
                for (int j = 0; j < k; j++) {
                    if (Math.abs(c[k][j]) > 1 - 1e-9) {
                        return String.format(Locale.ROOT, "Column %d of %s duplicates column %d (correlation %.6f "
                                + "in the first %,d training rows): the data lie on a lower-dimensional set, where a "
                                + "density is unbounded and training would report an ever-rising, meaningless "
                                + "log-likelihood. Drop one of the two columns", k + 1, what, j + 1, c[k][j], n);
                    }
                }
                return String.format(Locale.ROOT, "Column %d of %s is %s a linear combination of the columns before "
                        + "it (it keeps a share %.2g of its variance given them, in the first %,d training rows): the "
                        + "data lie on a lower-dimensional set, where a density is unbounded and training would report "
                        + "an ever-rising, meaningless log-likelihood. Drop that column", k + 1, what,
                        residual <= 0 ? "exactly" : "almost", Math.max(residual, 0) / c[k][k], n);
            }
            double pivot = Math.sqrt(residual);
            l[k][k] = pivot;
            for (int r = k + 1; r < d; r++) {
                double s = c[r][k];
                for (int i = 0; i < k; i++) {
                    s -= l[r][i] * l[k][i];
                }
                l[r][k] = s / pivot;
            }
        }
        return null;
    }

    /**
     * The step Δ of the grid column {@code j} lies on, or 0 if it looks continuous: at most half its sampled values
     * distinct, and every gap between sorted distinct values a whole multiple of the smallest.
     */
    private static double gridStep(double[][] x, int j) {
        double[] v = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = x[i][j];
        }
        Arrays.sort(v);
        int distinct = 0;
        double minGap = Double.POSITIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            if (i == 0 || v[i] != v[i - 1]) {
                if (i > 0) {
                    minGap = Math.min(minGap, v[i] - v[i - 1]);
                }
                v[distinct++] = v[i];
            }
        }
        if (distinct < 2 || distinct > x.length / 2) {
            return 0;
        }
        for (int i = 1; i < distinct; i++) {
            double multiple = (v[i] - v[i - 1]) / minGap;
            if (Math.abs(multiple - Math.rint(multiple)) > 1e-3) {
                return 0;
            }
        }
        return minGap;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** The columns constant in the sample, with their values (see {@link ConstantColumns}). */
    public ConstantColumns constantColumns() {
        return constants;
    }

    /** Null if the table can be modelled, else why not and what to do. */
    public String problem() {
        return problem;
    }

    /** Per column, the step of the grid its values lie on, or 0 for a column that looks continuous. */
    public double[] gridSteps() {
        return gridSteps.clone();
    }

    /** 1-based numbers of the columns on a grid, e.g. "2, 5". */
    public String gridColumns() {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < gridSteps.length; j++) {
            if (gridSteps[j] > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(j + 1);
            }
        }
        return b.toString();
    }

    /**
     * −Σ log Δⱼ, the largest mean log-likelihood (nats per row) that data on their grid can support, if every column
     * is on a grid; +∞ otherwise (no bound).
     */
    public double logLikelihoodBound() {
        double bound = 0;
        for (double s : gridSteps) {
            if (!(s > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            bound -= Math.log(s);
        }
        return bound;
    }
}
